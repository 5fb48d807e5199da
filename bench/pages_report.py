"""Summary of the page benchmark (bench/pages.sh): medians over the rounds of
wrk's requests/s, p50, p95 (bench/percentiles.lua) and p99, the errors of every
run, and the ratios.

Usage: pages_report.py DIR NAME...   (DIR holds round<N>-<NAME>.txt, wrk --latency
output). Exits 1 if any run had a non-2xx/3xx answer or a socket error, or if a
run's output cannot be read.
"""

import re
import statistics
import sys
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
LABELS = {
    "cached-typical": "Ours, page cache on (Redis): typical post",
    "cached-large": "Ours, page cache on (Redis): large post",
    "uncached-typical": "Ours, PAGE_CACHE=false: typical post",
    "uncached-large": "Ours, PAGE_CACHE=false: large post",
    "cold-typical": "Ours, nothing kept (first view after a change): typical post",
    "cold-large": "Ours, nothing kept (first view after a change): large post",
    "static-typical": "Static copy of our typical post (whitenoise)",
    "stock-typical": "Stock Wagtail 8: typical post (/post/)",
    "stock-large": "Stock Wagtail 8: large post (/post-big/)",
}
RATIOS = [
    ("cached / static (typical; target >= 0.5)", "cached-typical", "static-typical"),
    ("cached / uncached (typical)", "cached-typical", "uncached-typical"),
    ("cached / uncached (large)", "cached-large", "uncached-large"),
    ("uncached / stock (typical)", "uncached-typical", "stock-typical"),
    ("uncached / stock (large)", "uncached-large", "stock-large"),
    ("nothing kept / stock (typical)", "cold-typical", "stock-typical"),
    ("nothing kept / stock (large)", "cold-large", "stock-large"),
]


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse(path):
    text = path.read_text()
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),
        "p95": milliseconds(re.search(r"^Latency p95: (\S+)", text, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),
        "non2xx": 0,
        "socket": 0,
        "others": None,
        "cpu_ms": None,
    }
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text):
        result["non2xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    ):
        result["socket"] = sum(int(n) for n in match.groups())
    cpu = (
        r"^# cpu \(cores\): others ([\d.]+), servers ([\d.]+), "
        r"wrk [\d.]+, redis ([\d.]+)"
    )
    if match := re.search(cpu, text, re.M):
        others, servers, redis = (float(n) for n in match.groups())
        result["others"] = others
        # Server-side CPU per request (gunicorn workers and Redis), in ms: what
        # a request costs, whatever share of the CPUs the servers got.
        result["cpu_ms"] = (servers + redis) * 1000 / result["rps"]
    return result


def main(directory, names):
    directory = Path(directory)
    runs = {}
    failed = False
    for name in names:
        files = sorted(directory.glob(f"round*-{name}.txt"))
        if not files:
            print(f"no wrk output for {name}")
            failed = True
            continue
        try:
            runs[name] = [parse(path) for path in files]
        except (AttributeError, ValueError) as error:
            print(f"cannot read wrk output for {name}: {error}")
            failed = True
    print(
        "| Page | Requests/s (median) | per round | p50 | p95 | p99 "
        "| Server CPU per request | Requests | Non-2xx / socket errors "
        "| Other processes' CPU |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    medians = {}
    for name, results in runs.items():
        rps = statistics.median(r["rps"] for r in results)
        medians[name] = rps
        errors = sum(r["non2xx"] for r in results), sum(r["socket"] for r in results)
        failed = failed or any(errors)
        rounds = " / ".join(f"{r['rps']:,.0f}" for r in results)
        others = [r["others"] for r in results if r["others"] is not None]
        cpu = f"{max(others):.2f} cores (max)" if others else "?"
        costs = [r["cpu_ms"] for r in results if r["cpu_ms"] is not None]
        cost = f"{statistics.median(costs):.2f} ms" if costs else "?"
        print(
            f"| {LABELS.get(name, name)} | {rps:,.1f} "
            f"| {rounds} "
            f"| {statistics.median(r['p50'] for r in results):.2f} ms "
            f"| {statistics.median(r['p95'] for r in results):.2f} ms "
            f"| {statistics.median(r['p99'] for r in results):.2f} ms "
            f"| {cost} "
            f"| {sum(r['requests'] for r in results):,} "
            f"| {errors[0]} / {errors[1]} | {cpu} |"
        )
    print()
    for label, top, bottom in RATIOS:
        if top in medians and bottom in medians:
            rounds = " / ".join(
                f"{a['rps'] / b['rps']:.2f}"
                for a, b in zip(runs[top], runs[bottom], strict=True)
            )
            print(
                f"- {label}: {medians[top] / medians[bottom]:.2f} (per round: {rounds})"
            )
    if failed:
        print("\nFAILED: errors in the runs above (non-2xx/3xx or socket errors)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
