#!/usr/bin/env bash
# Where an uncached page's time goes: cProfile of the typical post, the large
# post and the blog index (bench/profile_pages.py), then the return-request
# form's widgets under Django's two form renderers (bench/form_widgets.py).
# Production settings, the page cache off, on the database bench/pages.sh
# builds (run that first), with its Redis (BENCH_REDIS_URL, db 12).
# Usage: bash bench/profile_pages.sh [N]   (N requests per page, 200)
#        PAGES="/blog/ /contact/" bash bench/profile_pages.sh   (other pages)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$PWD/build/bench-pages
[[ -f $OUT/bench.sqlite3 ]] || { echo "run bash bench/pages.sh first" >&2; exit 1; }
export DATABASE_URL="sqlite:///$OUT/bench.sqlite3" MEDIA_ROOT="$OUT/media"
export CLINIC_CONTACTS_FILE="$OUT/clinic-contacts.json"
export DJANGO_SETTINGS_MODULE=cms.settings.production PAGE_CACHE=false
SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export SECRET_KEY ALLOWED_HOSTS=truhealing.localhost ALLOW_SQLITE=true
export SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING EMAIL_HOST=127.0.0.1
export EMAIL_USE_TLS=true DEFAULT_FROM_EMAIL=bench@clinic.example
export WAGTAILADMIN_BASE_URL=https://admin.clinic.example
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/12}
typical=$(cat "$OUT/typical-path")
for page in ${PAGES:-"$typical" /blog/large-post/ /blog/}; do
    .venv/bin/python bench/profile_pages.py "$page" "${1:-200}"
done
.venv/bin/python bench/form_widgets.py
