"""Shared parts of the return-request benchmarks: SMTP servers on loopback, the
server processes, and a browser-like POST of a lead.

Run through bench/leads.sh, which sets the production environment.
"""

import email
import http.client
import logging
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from email import policy
from pathlib import Path

# The code under test: this checkout, or BENCH_CODE (another checkout of the
# project, for an A/B with this very script and this virtualenv).
ROOT = Path(os.environ.get("BENCH_CODE") or Path(__file__).resolve().parent.parent)
BIN = Path(sys.executable).parent
LOG_DIR = Path(
    os.environ.get("BENCH_LOG_DIR") or Path(__file__).parent.parent / "build" / "bench"
)
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"Nothing answers on port {port}.")


class Inbox:
    """What the SMTP server accepted: (Message-ID, recipients) per mail."""

    def __init__(self):
        self.mails = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.mails.append((message["Message-ID"], tuple(envelope.rcpt_tos)))
        return "250 OK"


class SMTPServer:
    """aiosmtpd on a fixed loopback port: SMTP up while started, refused
    connections (SMTP down) while stopped."""

    def __init__(self, port):
        self.port = port
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


class StalledSMTP:
    """Accepts connections on the port and never says a word."""

    def __init__(self, port):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(64)
        self.listener.settimeout(0.2)
        self.held = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        while not self.done.is_set():
            try:
                self.held.append(self.listener.accept()[0])
            except TimeoutError:
                continue
            self.accepted()

    def accepted(self):
        """Called after each connection it takes (a hook for subclasses)."""

    def stop(self):
        self.done.set()
        self.thread.join()
        for connection in self.held:
            connection.close()
        self.listener.close()


def start_process(name, command, env):
    """Start a server process in its own process group, logging to build/bench."""
    log = open(LOG_DIR / f"leads-{name}.log", "ab")  # noqa: SIM115 (closed by the child)
    return subprocess.Popen(  # noqa: S603 (our own commands)
        command,
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_process(process):
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def gunicorn(port, env):
    command = [str(BIN / "gunicorn"), "cms.wsgi", "-w", "2"]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    return start_process("gunicorn", command, env)


def task_worker(env):
    """The lead worker, as production runs it (one process, its own queue)."""
    command = [str(BIN / "python"), "manage.py", "db_worker"]
    command += ["--queue-name", "leads", "--no-reload"]
    return start_process("worker", command, env)


def form_targets():
    """(host, page id, form id) of a live post with a return-request form, one per
    clinic site, in hostname order."""
    from wagtail.models import Site

    from blog.models import BlogPostPage
    from leads.models import LeadSettings

    targets = []
    for site in Site.objects.order_by("hostname"):
        if not LeadSettings.for_site_id(site.pk).lead_inbox_list:
            raise SystemExit(f"{site.hostname}: LeadSettings.lead_inboxes is empty.")
        posts = BlogPostPage.objects.live().public().descendant_of(site.root_page)
        form = next(
            (
                (post.pk, block.id)
                for post in posts.order_by("pk")
                for block in post.body
                if block.block_type == "lead_form"
            ),
            None,
        )
        if form is None:
            raise SystemExit(f"{site.hostname}: no live post with a lead_form block.")
        if site.port not in (80, 443):
            raise SystemExit(f"{site.hostname}: run load_demo with --port 80.")
        targets.append((site.hostname, *form))
    return targets


def lead_body(page_id, form_id, marker):
    """What a browser with JavaScript sends (tests/leads/conftest.py
    FormPage.data), made unique per request so that no two are duplicates."""
    tag = uuid.uuid4().hex[:12]
    submission_id = str(uuid.uuid4())
    fields = {
        "page": str(page_id),
        "form": form_id,
        "submission_id": submission_id,
        "fill_ms": "9000",
        "name": f"Bench {marker} {tag}",
        "phone": "(513) 555-0123",
        "email": f"bench-{tag}@example.net",
        "contact_method": "phone",
        "contact_time": "evening",
        "returning_client": "yes",
        "message": "I left after week three.",
        "consent": "on",
        "website": "",
    }
    return urllib.parse.urlencode(fields), submission_id


def post_lead(port, target, marker, timeout=60):
    """POST one lead over a new connection. Returns (status, seconds,
    submission id); status is the exception's name when the request failed."""
    host, page_id, form_id = target
    body, submission_id = lead_body(page_id, form_id, marker)
    headers = {
        "Host": host,
        "Origin": f"http://{host}",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("POST", "/return-request/", body, headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status = type(error).__name__
    finally:
        connection.close()
    return status, time.perf_counter() - started, submission_id


def _process_times():
    """{(pid, start time): (parent pid, CPU seconds, title)} of every process."""
    tick = os.sysconf("SC_CLK_TCK")
    processes = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                values = stat.read().rpartition(")")[2].split()
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                title = cmdline.read().decode(errors="replace")
        except OSError:
            continue
        cpu = (int(values[11]) + int(values[12])) / tick
        processes[(int(pid), values[19])] = (int(values[1]), cpu, title)
    return processes


def _ours(processes):
    """This process and its descendants (the servers it started), and
    PostgreSQL's backends for the benchmark database (their title names it)."""
    name = os.environ.get("DATABASE_URL", "").rpartition("/")[2].partition("?")[0]
    ours = {key for key, (_, _, title) in processes.items() if key[0] == os.getpid()}
    ours |= {
        key
        for key, (_, _, title) in processes.items()
        if title.startswith("postgres: ") and f" {name} " in title
    }
    pids, changed = {key[0] for key in ours}, True
    while changed:
        changed = False
        for key, (parent, _, _) in processes.items():
            if parent in pids and key not in ours:
                ours.add(key)
                pids.add(key[0])
                changed = True
    return ours


class CpuMeter:
    """How busy the machine was with other work (other people's tests...) while
    a benchmark phase ran: CPUs used on average by our processes and by the
    others. Processes that ended during the phase are not counted (short-lived
    PostgreSQL backends, with DATABASE_CONN_MAX_AGE=0, among them)."""

    def __enter__(self):
        self.started = time.monotonic()
        self.before = _process_times()
        return self

    def __exit__(self, *exc):
        after = _process_times()
        wall = time.monotonic() - self.started
        ours = _ours(after)
        used = {
            key: cpu - self.before.get(key, (0, 0.0, ""))[1]
            for key, (_, cpu, _) in after.items()
        }
        self.ours = sum(cpu for key, cpu in used.items() if key in ours) / wall
        self.others = sum(cpu for key, cpu in used.items() if key not in ours) / wall

    def __str__(self):
        return (
            f"[CPUs busy: ours {self.ours:.2f}, other processes {self.others:.2f} "
            f"of {os.cpu_count()}]"
        )


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def summary(values, unit="ms", digits=1):
    """'median x, p95 y, max z' of a list of numbers."""
    if not values:
        return "none"
    unit = f" {unit}" if unit else ""
    return (
        f"median {statistics.median(values):.{digits}f}{unit}, "
        f"p95 {percentile(values, 0.95):.{digits}f}{unit}, "
        f"max {max(values):.{digits}f}{unit}"
    )
