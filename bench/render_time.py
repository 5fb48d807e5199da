"""Server render time of a typical and a large post, in-process (no network).

Prints median and p95 over N requests after a warm-up, and the SQL queries of
one request. Run through bench/run.sh.
"""

import os
import statistics
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

N = int(os.environ.get("BENCH_REQUESTS", 300))
HOST = "truhealing.localhost"
PAGES = {
    "typical post": os.environ.get("BENCH_TYPICAL", "/blog/"),
    "large post": "/blog/large-post/",
}


def measure(client, path):
    for _ in range(20):
        assert client.get(path, HTTP_HOST=HOST).status_code == 200
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        client.get(path, HTTP_HOST=HOST)
    timings = []
    for _ in range(N):
        start = time.perf_counter()
        response = client.get(path, HTTP_HOST=HOST)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "queries": len(queries),
        "bytes": len(response.content),
    }


def main():
    settings.DEBUG = False
    client = Client()
    for name, path in PAGES.items():
        result = measure(client, path)
        print(
            f"{name:13} {path:45} median {result['median_ms']:6.1f} ms  "
            f"p95 {result['p95_ms']:6.1f} ms  {result['queries']:2d} queries  "
            f"{result['bytes']} bytes"
        )


main()
