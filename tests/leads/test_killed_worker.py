"""A real worker process stopped in the middle of sending a lead's mail, killed
or interrupted: the lead is not lost, the watchdog (`manage.py reclaim_lead_jobs`)
re-queues it, and the next worker delivers it; a mail the server had already
taken arrives again with the same Message-ID (at least once, and recognisably so).

The worker is `manage.py db_worker`, as `make run` starts it, in a process of its
own on this test's database, stopped while the SMTP server holds its connection
open. Only the watchdog's wait for a killed worker is shortened: the dead job's
start time is moved back by the time after which it counts as stale.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from leads.delivery import create_lead, deliver_lead, stale_after
from leads.models import Lead
from tests.leads.conftest import run_worker
from tests.outage import database_url

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BASE_DIR = Path(__file__).resolve().parents[2]


def start_worker(smtp_port):
    """`db_worker` for the leads queue, as `make run` starts it (development
    settings: the database task backend and SMTP from the environment)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DATABASE_URL": database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "120",  # the server holds it: it must not give up first
        "DEFAULT_FROM_EMAIL": "no-reply@clinic.example",
    }
    env.pop("REDIS_URL", None)
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--queue-name",
            "leads",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(event, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while not event.wait(0.1):
        if worker.poll() is not None:
            pytest.fail(f"the worker exited: {worker.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("the worker never reached the SMTP server")


def lead_jobs():
    return DBTaskResult.objects.filter(task_path=deliver_lead.module_path)


def new_lead(clinic):
    return create_lead(
        site=clinic.site,
        page=clinic.home,
        name="Robin Example",
        email="robin@example.net",
        contact_method=Lead.ContactMethod.EMAIL,
        consent_given=True,
        consent_version="2026-11",
        consent_at=timezone.now(),
    )


def stop(worker, how, server):
    """SIGKILL: no cleanup at all. "interrupt": SIGTERM twice, like Ctrl+C
    pressed twice; the worker abandons the task it is in, says QUIT to the server (which
    is let go, so that it answers) and records the task as failed."""
    if how == "kill":
        worker.kill()
    else:
        worker.terminate()  # "shutting down gracefully": it waits for the task
        time.sleep(1)
        worker.terminate()  # "terminating current task"
        time.sleep(0.5)
        server.released.set()
    worker.wait(timeout=30)
    worker.stderr.close()


@pytest.mark.parametrize(
    ("holding_smtp", "how", "copies"),
    [("rcpt", "kill", 1), ("data", "kill", 2), ("rcpt", "interrupt", 1)],
    ids=[
        "killed-before-the-server-had-the-mail",
        "killed-before-the-server-said-ok",
        "interrupted-mid-send",
    ],
    indirect=["holding_smtp"],
)
def test_a_worker_stopped_mid_send_loses_no_lead(
    database_tasks, mail_over_smtp, holding_smtp, clinics, how, copies
):
    _, tal = clinics
    lead = new_lead(tal)

    worker = start_worker(holding_smtp.port)
    try:
        wait_for(holding_smtp.holding, worker)
    finally:
        stop(worker, how, holding_smtp)

    job = lead_jobs().get()
    lead.refresh_from_db()
    assert (lead.delivery, lead.delivery_attempts) == (Lead.Delivery.PENDING, 1)
    if how == "kill":
        assert job.status == TaskResultStatus.RUNNING  # left so by the dead worker
        # Too recent: the worker might still be alive and sending.
        call_command("reclaim_lead_jobs")
        assert lead_jobs().filter(status=TaskResultStatus.READY).count() == 0
        # Once it has run longer than a live worker could:
        lead_jobs().update(started_at=F("started_at") - stale_after())
    else:
        assert job.status == TaskResultStatus.FAILED  # the worker recorded that
    call_command("reclaim_lead_jobs")
    assert lead_jobs().filter(status=TaskResultStatus.READY).count() == 1

    holding_smtp.released.set()
    mail_over_smtp(holding_smtp.port)
    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert lead.delivery_attempts == 2
    received = [recipients for recipients, _ in holding_smtp.messages]
    assert sorted(received) == sorted(
        [["intake@tal.example"]] * copies + [["director@tal.example"]]
    )
    for _, message in holding_smtp.messages:
        assert message["Message-ID"] == lead.message_id
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED
    if how == "kill":
        assert job.exception_class_path == "leads.delivery.WorkerLost"
    assert lead_jobs().filter(status=TaskResultStatus.READY).count() == 0
