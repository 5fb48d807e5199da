#!/usr/bin/env bash
# Return-request benchmarks (issue 4), against gunicorn (production settings, 2 sync
# workers) and one lead worker (`db_worker --queue-name leads`) on loopback:
#   1. POST latency with SMTP up, down (connection refused) and stalled;
#   2. sustained submissions for 60 s (every 303 exactly one lead), then SMTP returns
#      and every lead is mailed once (matched by Message-ID);
#   3. a simulated one-hour SMTP outage, then the recovery in real time (up to
#      ten minutes of waiting).
# Fresh SQLite database (WAL) in build/bench, or PostgreSQL (a scratch database,
# dropped and created again):
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_leads bash bench/leads.sh
# The per-IP rate limit is off (LEADS_RATE_LIMIT=0): every request comes from
# 127.0.0.1. Options: BENCH_LEADS_HTTP="--requests 300 --seconds 60 --clients 4",
# BENCH_LEADS_OUTAGE="--leads 360 --minutes 60 --wait-limit 660" (or "skip").
# Usage: bash bench/leads.sh   (needs `make install`; about 15 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
mkdir -p build/bench
rm -f build/bench/leads-*.log
if [[ -n "${BENCH_DATABASE_URL:-}" ]]; then
    export DATABASE_URL="$BENCH_DATABASE_URL"
else
    rm -f build/bench/leads.sqlite3*
    export DATABASE_URL="sqlite:///$PWD/build/bench/leads.sqlite3"
fi
export MEDIA_ROOT="$PWD/build/bench/media"
export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=truhealing.localhost,tal.localhost ALLOW_SQLITE=true
export SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING LEADS_RATE_LIMIT=0
export EMAIL_HOST=127.0.0.1 EMAIL_ALLOW_UNENCRYPTED=true
export DEFAULT_FROM_EMAIL=bench@clinic.example
export WAGTAILADMIN_BASE_URL=https://admin.clinic.example

$PY manage.py collectstatic --noinput -v0
$PY bench/leads_setup.py
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, DATABASE_URL=${DATABASE_URL%%\?*}"
# shellcheck disable=SC2086 (options are words)
$PY bench/leads_http.py ${BENCH_LEADS_HTTP:-}
if [[ "${BENCH_LEADS_OUTAGE:-}" != skip ]]; then
    # shellcheck disable=SC2086
    $PY bench/leads_outage.py ${BENCH_LEADS_OUTAGE:-}
fi
