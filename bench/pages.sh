#!/usr/bin/env bash
# Full-page cache throughput (issue 14), side by side in one run: wrk against
#   1. ours, page cache on (Redis db 12): the typical demo post (with the
#      return-request form) and the large post;
#   2. ours, PAGE_CACHE=false (same Redis for the content caches): same posts;
#      and ours with nothing kept at all (PAGE_CACHE=false, and
#      CONTENT_CACHE_TIMEOUT=0 on a Redis database of its own, so that it reads
#      nothing the other servers keep: every view is a first view after a
#      change);
#   3. a static copy of the typical post's HTML, served by whitenoise from the
#      cached server (written into STATIC_ROOT before that server starts);
#   4. the stock Wagtail 8 blog's typical and large posts (/post/, /post-big/;
#      /work/shared/anchors/stock-wagtail, built into build/stock-venv and
#      build/stock if missing).
# Each server: gunicorn, 2 sync workers, on its own free port of 127.0.0.1; ours
# with production settings and SQLite (the database of bench/setup_db.py, made by
# bench/pages_setup.py in build/bench-pages). wrk -t2 -c4 -d10s --latency, 3
# interleaved rounds (the order rotates each round); medians in
# bench/pages_report.py, which fails the script on any non-2xx/3xx answer or
# socket error.
# Usage: bash bench/pages.sh   (needs `make install` and redis-server on 6379;
# installs wrk if missing; about 5 minutes, plus the first build of the stock blog)
# Options: BENCH_REDIS_URL (redis://127.0.0.1:6379/12, FLUSHED),
# BENCH_COLD_REDIS_URL (redis://127.0.0.1:6379/11, FLUSHED), BENCH_ROUNDS (3),
# BENCH_SECONDS (10), BENCH_STOCK_SRC.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=$ROOT/.venv/bin/python
OUT=$ROOT/build/bench-pages
ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
REDIS=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/12}
COLD_REDIS=${BENCH_COLD_REDIS_URL:-redis://127.0.0.1:6379/11}
STOCK_SRC=${BENCH_STOCK_SRC:-$ROOT/../shared/anchors/stock-wagtail}
HOST=truhealing.localhost
STATIC_NAME=bench-pages/typical.html
mkdir -p "$OUT"
rm -f "$OUT"/round*.txt "$OUT"/*.log

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
command -v redis-cli >/dev/null || { echo "redis-cli not found" >&2; exit 1; }

echo "== machine"
echo "nproc: $(nproc); CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1);" \
    "RAM: $(free -h | awk '/^Mem:/ {print $2}'); Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "command: bash bench/pages.sh (rounds $ROUNDS, wrk -t2 -c4 -d${SECONDS_PER_RUN}s --latency -s bench/percentiles.lua)"
echo "versions: $($PY --version), $(.venv/bin/gunicorn --version), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)," \
    "$(redis-server --version 2>/dev/null | cut -d' ' -f1-3)"

# The stock Wagtail blog, as its README builds it (once; kept in build/).
if [[ ! -x build/stock-venv/bin/gunicorn ]]; then
    echo "== building build/stock-venv"
    python3 -m venv build/stock-venv
    build/stock-venv/bin/pip install -q -r "$STOCK_SRC/requirements.txt"
fi
if [[ ! -f build/stock/.bench-ready ]]; then
    echo "== building build/stock (migrate, mkcontent)"
    rm -rf build/stock
    cp -r "$STOCK_SRC" build/stock
    (
        cd build/stock
        export DJANGO_SETTINGS_MODULE=demo.settings.bench
        ../stock-venv/bin/python manage.py migrate -v0
        ../stock-venv/bin/python manage.py mkcontent
        ../stock-venv/bin/python manage.py mkcontent --slug post-big --faq 40 \
            --testimonials 10 --images 15
    )
    touch build/stock/.bench-ready
fi

# Our database: the demo clinics and the large post (as bench/setup_db.py).
export DATABASE_URL="sqlite:///$OUT/bench.sqlite3"
export MEDIA_ROOT="$OUT/media"
export CLINIC_CONTACTS_FILE="$OUT/clinic-contacts.json"
typical=$(DJANGO_SETTINGS_MODULE=cms.settings.dev $PY bench/pages_setup.py | tail -1)
echo "$typical" > "$OUT/typical-path"
large=/blog/large-post/
echo "typical post: $typical; large post: $large"

# Production settings, as bench/run.sh.
export DJANGO_SETTINGS_MODULE=cms.settings.production
SECRET_KEY="bench-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')"
export SECRET_KEY
export ALLOWED_HOSTS=$HOST ALLOW_SQLITE=true SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING
export EMAIL_HOST=127.0.0.1 EMAIL_USE_TLS=true DEFAULT_FROM_EMAIL=bench@clinic.example
export WAGTAILADMIN_BASE_URL=https://admin.clinic.example
export REDIS_URL=$REDIS
$PY manage.py collectstatic --noinput -v0
static_root=$($PY -c "import django; django.setup(); from django.conf import settings; print(settings.STATIC_ROOT)")
redis-cli -u "$REDIS" flushdb >/dev/null
redis-cli -u "$COLD_REDIS" flushdb >/dev/null

# A free port below the ephemeral range (so that no client socket takes it).
free_port() {
    $PY - "$@" <<'EOF'
import random, socket, sys
taken = {int(p) for p in sys.argv[1:]}
for port in random.sample(range(20000, 30000), 200):
    if port in taken:
        continue
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    print(port)
    break
EOF
}

pids=()
stop_servers() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -f "$static_root/$STATIC_NAME"
    rmdir "$(dirname "$static_root/$STATIC_NAME")" 2>/dev/null || true
}
trap stop_servers EXIT

# start NAME PORT HOST PATH COMMAND...: starts a server, waits until PATH answers.
start() {
    local name=$1 port=$2 host=$3 path=$4
    shift 4
    "$@" -w 2 -b "127.0.0.1:$port" --log-level warning >"$OUT/$name.log" 2>&1 &
    local pid=$!
    pids+=("$pid")
    for _ in $(seq 150); do
        if curl -sf -o /dev/null -H "Host: $host" "http://127.0.0.1:$port$path"; then
            echo "$name: gunicorn pid $pid on 127.0.0.1:$port"
            return
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "$name did not start on port $port:" >&2
    cat "$OUT/$name.log" >&2
    exit 1
}

fail() {
    echo "CHECK FAILED: $*" >&2
    exit 1
}

# fetch URL HOST FILE: GET, body to FILE; prints "status x-page-cache content-type".
fetch() {
    curl -s -o "$3" -D "$3.headers" -H "Host: $2" "$1"
    local status cache type
    status=$(head -1 "$3.headers" | cut -d' ' -f2)
    cache=$(grep -i '^x-page-cache:' "$3.headers" | cut -d' ' -f2 | tr -d '\r' || true)
    type=$(grep -i '^content-type:' "$3.headers" | cut -d' ' -f2 | tr -d '\r;' || true)
    echo "$status ${cache:--} ${type:--}"
}

port_uncached=$(free_port)
port_stock=$(free_port "$port_uncached")
port_cached=$(free_port "$port_uncached" "$port_stock")
port_cold=$(free_port "$port_uncached" "$port_stock" "$port_cached")

echo "== servers"
start uncached "$port_uncached" "$HOST" "$typical" \
    env PAGE_CACHE=false .venv/bin/gunicorn cms.wsgi
start cold "$port_cold" "$HOST" "$typical" \
    env PAGE_CACHE=false CONTENT_CACHE_TIMEOUT=0 REDIS_URL="$COLD_REDIS" .venv/bin/gunicorn cms.wsgi
start stock "$port_stock" localhost /post/ \
    env -u DATABASE_URL -u MEDIA_ROOT -u REDIS_URL DJANGO_SETTINGS_MODULE=demo.settings.bench \
    build/stock-venv/bin/gunicorn demo.wsgi --chdir "$ROOT/build/stock"

# The static copy: our typical post's HTML, in STATIC_ROOT before the cached
# server starts (whitenoise indexes the files it finds at startup).
read -r status cache _ < <(fetch "http://127.0.0.1:$port_uncached$typical" "$HOST" "$OUT/uncached.html")
[[ $status == 200 && $cache == - ]] || fail "uncached typical post: $status, X-Page-Cache $cache"
mkdir -p "$(dirname "$static_root/$STATIC_NAME")"
cp "$OUT/uncached.html" "$static_root/$STATIC_NAME"

start cached "$port_cached" "$HOST" /static/$STATIC_NAME \
    env PAGE_CACHE=true .venv/bin/gunicorn cms.wsgi

echo "== checks"
cached_url=http://127.0.0.1:$port_cached
read -r status cache _ < <(fetch "$cached_url$typical" "$HOST" "$OUT/cached-1.html")
[[ $status == 200 && $cache == miss ]] || fail "first cached request: $status, X-Page-Cache $cache (want 200, miss)"
read -r status cache _ < <(fetch "$cached_url$typical" "$HOST" "$OUT/cached-2.html")
[[ $status == 200 && $cache == hit ]] || fail "second cached request: $status, X-Page-Cache $cache (want 200, hit)"
grep -q 'data-lead-form' "$OUT/cached-2.html" || fail "the cached typical post has no return-request form"
echo "cached typical post: miss then hit, $(wc -c <"$OUT/cached-2.html") bytes, return-request form present"
for path in "$large"; do
    fetch "$cached_url$path" "$HOST" "$OUT/large-1.html" >/dev/null
    read -r status cache _ < <(fetch "$cached_url$path" "$HOST" "$OUT/large-2.html")
    [[ $status == 200 && $cache == hit ]] || fail "cached large post: $status, X-Page-Cache $cache"
    echo "cached large post: hit, $(wc -c <"$OUT/large-2.html") bytes"
done
read -r status cache _ < <(fetch "http://127.0.0.1:$port_uncached$large" "$HOST" "$OUT/uncached-large.html")
[[ $status == 200 && $cache == - ]] || fail "uncached large post: $status, X-Page-Cache $cache"
read -r status cache type < <(fetch "$cached_url/static/$STATIC_NAME" "$HOST" "$OUT/static.html")
[[ $status == 200 && $cache == - && $type == text/html ]] || fail "static copy: $status, X-Page-Cache $cache, $type"
cmp -s "$OUT/static.html" "$OUT/cached-2.html" \
    && echo "static copy: same bytes as the cached page, served by whitenoise" \
    || echo "static copy: $(wc -c <"$OUT/static.html") bytes (differs from the cached page)"
read -r status _ < <(fetch "http://127.0.0.1:$port_stock/post/" localhost "$OUT/stock.html")
[[ $status == 200 ]] || fail "stock /post/: $status"
echo "stock typical post: $(wc -c <"$OUT/stock.html") bytes"
read -r status _ < <(fetch "http://127.0.0.1:$port_stock/post-big/" localhost "$OUT/stock-large.html")
[[ $status == 200 ]] || fail "stock /post-big/: $status"
echo "stock large post: $(wc -c <"$OUT/stock-large.html") bytes"

names=(cached-typical cached-large uncached-typical uncached-large cold-typical cold-large
    static-typical stock-typical stock-large)
declare -A urls hosts
urls=(
    [cached-typical]=$cached_url$typical
    [cached-large]=$cached_url$large
    [uncached-typical]=http://127.0.0.1:$port_uncached$typical
    [uncached-large]=http://127.0.0.1:$port_uncached$large
    [cold-typical]=http://127.0.0.1:$port_cold$typical
    [cold-large]=http://127.0.0.1:$port_cold$large
    [static-typical]=$cached_url/static/$STATIC_NAME
    [stock-typical]=http://127.0.0.1:$port_stock/post/
    [stock-large]=http://127.0.0.1:$port_stock/post-big/
)
for name in "${names[@]}"; do hosts[$name]=$HOST; done
hosts[stock-typical]=localhost
hosts[stock-large]=localhost

echo "== warm-up (2 s each, not counted)"
for name in "${names[@]}"; do
    wrk -t2 -c4 -d2s -H "Host: ${hosts[$name]}" "${urls[$name]}" >"$OUT/warmup-$name.txt"
done

count=${#names[@]}
server_pids=$(IFS=,; echo "${pids[*]}")
for round in $(seq "$ROUNDS"); do
    echo "== round $round, $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    for i in $(seq 0 $((count - 1))); do
        name=${names[$(((i + round - 1) % count))]}
        $PY bench/pages_wrk.py "$OUT/round$round-$name.txt" "$server_pids" \
            -t2 -c4 -d"${SECONDS_PER_RUN}s" --latency -s bench/percentiles.lua \
            -H "Host: ${hosts[$name]}" "${urls[$name]}"
        printf '%-17s %9s requests/s  %s\n' "$name" \
            "$(sed -n 's/^Requests\/sec: *//p' "$OUT/round$round-$name.txt")" \
            "$(grep '^# cpu' "$OUT/round$round-$name.txt")"
    done
done
echo "== done $(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== results (medians of $ROUNDS rounds; raw wrk output in build/bench-pages)"
$PY bench/pages_report.py "$OUT" "${names[@]}"
