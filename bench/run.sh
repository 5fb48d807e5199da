#!/usr/bin/env bash
# Post rendering benchmark: in-process render time, then requests per second from
# wrk against gunicorn (production settings, 2 workers) on loopback.
# Usage: bash bench/run.sh        (needs `make install`; installs wrk if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DATABASE_URL="sqlite:///$PWD/build/bench/bench.sqlite3"
export MEDIA_ROOT="$PWD/build/bench/media"
export DJANGO_SETTINGS_MODULE=cms.settings.dev
mkdir -p build/bench

$PY bench/setup_db.py
typical=$($PY manage.py shell -c "
from blog.models import BlogPostPage
p = BlogPostPage.objects.live().filter(url_path__startswith='/truhealing-cincinnati/').exclude(slug='large-post').order_by('-date_published').first()
print(p.url_path.replace('/truhealing-cincinnati', '', 1))" 2>/dev/null | tail -1)
echo "== render time (in-process, DEBUG off)"
BENCH_TYPICAL="$typical" $PY bench/render_time.py

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=truhealing.localhost ALLOW_SQLITE=true SECURE_SSL_REDIRECT=false
export EMAIL_HOST=127.0.0.1 EMAIL_USE_TLS=true DEFAULT_FROM_EMAIL=bench@clinic.example
export WAGTAILADMIN_BASE_URL=https://admin.clinic.example
$PY manage.py collectstatic --noinput -v0
.venv/bin/gunicorn cms.wsgi -w 2 -b 127.0.0.1:8099 --log-level warning &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null -H "Host: truhealing.localhost" http://127.0.0.1:8099/ && break; sleep 0.2; done
for path in "$typical" /blog/large-post/; do
    curl -sf -o /dev/null -H "Host: truhealing.localhost" "http://127.0.0.1:8099$path"
    echo "== wrk, 20 s, 2 threads, 16 connections: $path"
    wrk -t2 -c16 -d20s -H "Host: truhealing.localhost" "http://127.0.0.1:8099$path" | grep -E "Requests/sec|Latency|Non-2xx|requests in"
done
