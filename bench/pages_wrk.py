"""Runs wrk and says how much CPU the machine's other processes took meanwhile.

Usage: pages_wrk.py OUTPUT SERVER_PID[,SERVER_PID...] WRK_ARGUMENT...
Writes wrk's output to OUTPUT, then a line
    # cpu (cores): others 0.12, servers 1.40, wrk 0.35, redis 0.05, steal 0.00
where "servers" are the given gunicorn masters and all their descendants, "wrk"
the client, "redis" every redis-server process (shared with whatever else uses
it), and "others" the rest of the machine's busy time (/proc/stat): test suites
or builds of other sessions on this shared machine. Exits with wrk's status.
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")


def busy_ticks():
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return user + nice + system + irq + softirq, steal


def processes():
    """pid -> (ppid, comm, utime + stime ticks) of every process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        rest = text[text.rindex(")") + 2 :].split()
        table[int(entry.name)] = (int(rest[1]), comm, int(rest[11]) + int(rest[12]))
    return table


def ours(table, roots):
    """CPU ticks of the servers' process trees, and of redis-server."""
    servers, redis = 0, 0
    for pid, (_ppid, comm, ticks) in table.items():
        if comm == "redis-server":
            redis += ticks
            continue
        ancestor = pid
        while ancestor > 1:
            if ancestor in roots:
                servers += ticks
                break
            ancestor = table.get(ancestor, (0,))[0]
    return servers, redis


def main(output, roots, arguments):
    roots = {int(pid) for pid in roots.split(",")}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    start_servers, start_redis = ours(processes(), roots)
    start_busy, start_steal = busy_ticks()
    start = time.monotonic()
    with open(output, "w") as out:
        # S603/S607: our own command; wrk is found on PATH as in bench/run.sh.
        wrk = subprocess.run(["wrk", *arguments], stdout=out)  # noqa: S603, S607
    status = wrk.returncode
    elapsed = time.monotonic() - start
    end_busy, end_steal = busy_ticks()
    end_servers, end_redis = ours(processes(), roots)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    servers = (end_servers - start_servers) / HZ
    redis = (end_redis - start_redis) / HZ
    busy = (end_busy - start_busy) / HZ
    others = max(busy - servers - redis - client, 0.0)
    steal = (end_steal - start_steal) / HZ
    with open(output, "a") as out:
        out.write(
            f"# cpu (cores): others {others / elapsed:.2f}, servers "
            f"{servers / elapsed:.2f}, wrk {client / elapsed:.2f}, redis "
            f"{redis / elapsed:.2f}, steal {steal / elapsed:.2f}\n"
        )
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
