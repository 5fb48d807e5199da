"""Where an uncached page's time goes: cProfile over N requests of one page,
in-process (Django's test client, no network), with the settings of the
environment (bench/profile_pages.sh sets production settings, the page cache
off, and the database of bench/pages.sh).

Prints the mean time per request with and without the profiler, the SQL
queries of one warm request, the share of the time spent in template
rendering and in SQL, and the functions that cost the most.

Usage: python bench/profile_pages.py PATH [N]   (HOST: truhealing.localhost)
"""

import cProfile
import io
import os
import pstats
import sys
import time

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

HOST = os.environ.get("HOST", "truhealing.localhost")


def get(client, path):
    response = client.get(path, HTTP_HOST=HOST, secure=True)
    assert response.status_code == 200, (path, response.status_code)
    return response


def cumulative(stats, predicate):
    """Cumulative time of the functions matching ``predicate`` (file, line,
    name); for functions that do not call one another."""
    return sum(stats.stats[func][3] for func in stats.stats if predicate(func))


def main():
    path = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    client = Client()
    for _ in range(20):
        get(client, path)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        size = len(get(client, path).content)
    start = time.perf_counter()
    for _ in range(n):
        get(client, path)
    plain = (time.perf_counter() - start) / n

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        get(client, path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    # The response's whole template (TemplateResponse.rendered_content), and SQL.
    template = cumulative(
        stats, lambda f: f[2] == "rendered_content" and "template/response" in f[0]
    )
    sql = cumulative(stats, lambda f: f[2] == "execute_sql")
    print(f"page: {path} ({size} bytes), {n} requests")
    print(
        f"time per request: {plain * 1000:.1f} ms (profiled {total / n * 1000:.1f} ms)"
    )
    print(f"queries per request: {len(queries)}")
    for sql_text in queries:
        print(f"  {sql_text[:150]}")
    print(f"template rendering: {template / total:.0%} of the profiled time")
    print(f"SQL (execute_sql, also inside the templates): {sql / total:.0%}")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
    print(out.getvalue())
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    main()
