"""`make run` keeps its processes running: a leads worker killed with SIGKILL is
started again, with a line in the console, while the web server goes on answering,
and Ctrl+C stops every process it started.

This runs the real supervisord with the very file `make run` gives it
(dev-processes.conf), on this test's database and a free port, with the
development settings. Only the pid file goes elsewhere (a checkout's `make run`
may be using the one in build/).
"""

import datetime
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.utils import timezone

from wagtail.models import Page

import pytest

from home.factories import StandardPageFactory
from tests.leads.conftest import free_port
from tests.outage import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(__file__).resolve().parents[2]
CONFIG = BASE_DIR / "dev-processes.conf"
BIN = Path(sys.executable).parent  # the virtualenv's, as the Makefile's PATH has
PS = shutil.which("ps") or "/bin/ps"
WAIT = 60  # seconds, for anything to happen


def processes():
    """Every process on the machine: {pid: (parent pid, state, command line)}."""
    listing = subprocess.run(
        [PS, "-A", "-ww", "-o", "pid=", "-o", "ppid=", "-o", "stat=", "-o", "args="],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    table = {}
    for line in listing.splitlines():
        pid, ppid, state, args = line.split(None, 3)
        table[int(pid)] = (int(ppid), state, args)
    return table


def descendants(pid):
    """{pid: command line} of the children of ``pid``, theirs, and so on."""
    table = processes()
    found, parents = {}, [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, _, args) in table.items():
            if ppid == parent:
                found[child] = args
                parents.append(child)
    return found


def command_line(pid):
    return processes().get(pid, (None, "", ""))[2]


def alive(pid, args):
    """Whether ``pid`` is still the process that ran ``args`` (not a zombie)."""
    entry = processes().get(pid)
    return entry is not None and entry[2] == args and not entry[1].startswith("Z")


def web_answers(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/robots.txt")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


class Supervisor:
    """supervisord running dev-processes.conf, with its console output kept."""

    def __init__(self, pidfile):
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": database_url(),
            "PORT": str(self.port),
            "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        }
        for name in ("REDIS_URL", "ALLOWED_HOSTS", "EMAIL_HOST"):
            env.pop(name, None)
        self.lines = []
        self.process = subprocess.Popen(
            [BIN / "supervisord", "--configuration", CONFIG, "--pidfile", pidfile],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def output(self, since=0):
        return list(self.lines)[since:]

    def tail(self):
        return "\n".join(self.output()[-80:])

    def wait_for(self, condition, what, seconds=WAIT):
        """Wait until ``condition()`` gives something true, and return it."""
        deadline = time.monotonic() + seconds
        while not (result := condition()):
            if self.process.poll() is not None:
                pytest.fail(f"supervisord exited waiting for {what}:\n{self.tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} after {seconds} s; supervisord:\n{self.tail()}")
            time.sleep(0.1)
        return result

    def running(self, program, since=0):
        """The pid of ``program`` once supervisord counts it as started (up for
        startsecs), if that happened after line ``since`` of the output."""
        pid = None
        for line in self.output(since):
            if started := re.search(rf"spawned: '{program}' with pid (\d+)", line):
                pid = int(started[1])
            elif f"success: {program} entered RUNNING state" in line and pid:
                return pid
        return None

    def stop(self):
        """SIGINT, as Ctrl+C; returns supervisord's exit status."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=WAIT + 30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"supervisord did not stop:\n{self.tail()}")


@pytest.fixture
def supervisor(tmp_path):
    supervisor = Supervisor(tmp_path / "supervisord.pid")
    yield supervisor
    if supervisor.process.poll() is None:  # the test failed before stopping it
        leftovers = descendants(supervisor.process.pid)
        supervisor.process.send_signal(signal.SIGINT)
        try:
            supervisor.process.wait(timeout=WAIT + 30)
        except subprocess.TimeoutExpired:
            supervisor.process.kill()
            supervisor.process.wait()
        for pid, args in leftovers.items():
            if alive(pid, args):
                os.kill(pid, signal.SIGKILL)


def poll_web_until(supervisor, condition, what):
    """Ask the web server for a page five times a second until ``condition()``
    gives something true; return that and the requests that got no answer."""
    deadline = time.monotonic() + WAIT
    failures, requests = [], 0
    while not (result := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {WAIT} s; supervisord:\n{supervisor.tail()}")
        requests += 1
        if not web_answers(supervisor.port):
            failures.append(time.strftime("%H:%M:%S"))
        time.sleep(0.2)
    return result, failures, requests


def test_a_killed_worker_is_restarted_and_ctrl_c_stops_everything(supervisor):
    supervisor.wait_for(lambda: web_answers(supervisor.port), "answer from the web")
    old = supervisor.wait_for(lambda: supervisor.running("leads"), "leads worker")
    old_args = command_line(old)
    assert "manage.py db_worker --queue-name leads " in old_args

    mark = len(supervisor.output())
    os.kill(old, signal.SIGKILL)
    new, failures, requests = poll_web_until(
        supervisor, lambda: supervisor.running("leads", since=mark), "new leads worker"
    )

    assert supervisor.process.poll() is None
    after_kill = supervisor.output(since=mark)
    exited = [line for line in after_kill if "exited: leads " in line]
    assert exited, supervisor.tail()
    assert exited[0].endswith("exited: leads (terminated by SIGKILL; not expected)")
    assert any(f"spawned: 'leads' with pid {new}" in line for line in after_kill)
    assert new != old
    new_args = command_line(new)
    assert "manage.py db_worker --queue-name leads " in new_args
    assert alive(new, new_args)
    assert not alive(old, old_args)
    assert requests >= 10  # the new worker counts as started after 10 s
    assert failures == [], supervisor.tail()

    children = descendants(supervisor.process.pid)
    assert sum("runserver" in args for args in children.values()) == 2, children
    assert len(children) == 6, children  # runserver and its reloader, 4 more
    assert supervisor.stop() == 0
    assert [pid for pid, args in children.items() if alive(pid, args)] == []


def test_the_scheduler_publishes_a_scheduled_page(truhealing, tmp_path):
    """A page approved to go live a moment from now is live once `make run`'s
    scheduler has had its turn, with nobody running a command."""
    page = StandardPageFactory(parent=truhealing.home, title="Monday post", live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=2)
    page.save_revision().publish()  # a go-live time to come: scheduled
    page.refresh_from_db()
    assert page.live is False
    assert page.scheduled_revision is not None

    supervisor = Supervisor(tmp_path / "supervisord.pid")
    try:
        supervisor.wait_for(
            lambda: supervisor.running("scheduler"), "scheduler", seconds=WAIT
        )
        supervisor.wait_for(
            lambda: Page.objects.filter(pk=page.pk, live=True).exists(),
            "published page",
        )
    finally:
        assert supervisor.stop() == 0

    page = Page.objects.get(pk=page.pk).specific
    assert page.live is True
    assert page.scheduled_revision is None  # published, no longer waiting
    assert page.first_published_at >= page.go_live_at
