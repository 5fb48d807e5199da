#!/usr/bin/env bash
# The one-hour SMTP outage (bench/leads_outage.py), refused and stalled, on SQLite
# and PostgreSQL, for this checkout ("after") and for an earlier commit
# ("before", default: the commit before the mail server's circuit breaker) in a
# scratch worktree, in one run, with this script and this virtualenv for both.
# The four "before" runs go on in the background (their recovery is paced by
# retry timers of up to 600 s, so they mostly wait) while the four "after" runs
# go one at a time. Fresh databases: build/bench-ab/*.sqlite3 and PostgreSQL
# bench_ab_* on 127.0.0.1 (dropped and created again). Output: build/bench-ab/*.out.
# Usage: bash bench/outage_ab.sh [BEFORE_COMMIT]   (about 15 minutes; a short
# trial: BENCH_OUTAGE_ARGS="--leads 30 --minutes 5" bash bench/outage_ab.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
before=${1:-ab54d2f}
work=$here/build/bench-ab
PY=$here/.venv/bin/python
git worktree remove --force "$work/before" 2>/dev/null || true
mkdir -p "$work/keep"
mv "$work"/*.out "$work/keep/" 2>/dev/null || true  # the last run's figures
find "$work" -mindepth 1 -maxdepth 1 ! -name keep -exec rm -rf {} +
mkdir -p "$work"
git worktree add --detach "$work/before" "$before" >/dev/null

export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export ALLOWED_HOSTS=truhealing.localhost,tal.localhost ALLOW_SQLITE=true
export SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING LEADS_RATE_LIMIT=0
export EMAIL_HOST=127.0.0.1 EMAIL_ALLOW_UNENCRYPTED=true
export DEFAULT_FROM_EMAIL=bench@clinic.example
export WAGTAILADMIN_BASE_URL=https://admin.clinic.example

run() {  # code name, database (sqlite|postgres), variant (refused|stalled)
    local code=$1 name=$2 db=$3 variant=$4 id="$2-$3-$4" flag=""
    [[ $variant == stalled ]] && flag=--stalled
    local url="sqlite:///$work/$id.sqlite3"
    [[ $db == postgres ]] && url="postgres://postgres@127.0.0.1:5432/bench_ab_${id//-/_}"
    mkdir -p "$work/$id"
    (
        cd "$code"
        export DATABASE_URL=$url BENCH_CODE=$code BENCH_LOG_DIR=$work/$id
        export MEDIA_ROOT=$work/$id/media
        $PY "$here/bench/leads_setup.py"
        echo "== $id: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) CPUs, $(git -C "$code" rev-parse --short HEAD)"
        # shellcheck disable=SC2086 (options are words)
        $PY "$here/bench/leads_outage.py" $flag ${BENCH_OUTAGE_ARGS:-}
    ) >"$work/$id.out" 2>&1
}

for code in "$work/before" "$here"; do
    (cd "$code" && $PY manage.py collectstatic --noinput -v0)
done
sides=${BENCH_AB_SIDES:-before after}  # one side alone: BENCH_AB_SIDES=before
databases=${BENCH_AB_DATABASES:-sqlite postgres}
pids=()
for db in $databases; do
    for variant in refused stalled; do
        [[ $sides == *before* ]] || continue
        { run "$work/before" before $db $variant || echo "before-$db-$variant failed"; } &
        pids+=($!)
    done
done
for db in $databases; do
    for variant in refused stalled; do
        [[ $sides == *after* ]] || continue
        run "$here" after $db $variant || echo "after-$db-$variant failed"
    done
done
[[ ${#pids[@]} -eq 0 ]] || wait "${pids[@]}"
git worktree remove --force "$work/before"
grep -h "^==\|^simulated\|^measured\|^mail" "$work"/*.out
