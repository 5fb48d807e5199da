"""Lead delivery never silently stops: the real lead worker (`manage.py
db_worker`) and the real watchdog (`manage.py reclaim_lead_jobs --every 1`), each
in a process of its own on this test's database, live through a real database
outage (tests/outage.py) and a killed worker, and every lead reaches the clinic's
inbox on a real SMTP server with nobody restarting anything.

Only waits that would take minutes are shortened, by moving a time stamp back:
the age of a heartbeat and of a job.
"""

import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus

from home.models import WorkerHeartbeat
from leads.models import Lead
from tests.leads.test_killed_worker import lead_jobs, new_lead
from tests.outage import Processes, database_down, output, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORKER = ["db_worker", "--queue-name", "leads", "--interval", "0.2"]
WORKER += ["--no-startup-delay", "--no-reload"]
WATCHDOG = ["reclaim_lead_jobs", "--every", "1"]
OUTAGE_SECONDS = 8


@pytest.fixture
def processes(tmp_path, holding_smtp):
    started = Processes(tmp_path, holding_smtp.port)
    yield started
    started.stop_all()


def all_sent(*leads):
    ids = [lead.pk for lead in leads]
    return lambda: (
        Lead.objects.filter(pk__in=ids, delivery=Lead.Delivery.SENT).count() == len(ids)
    )


def message_ids(inbox):
    return sorted(message["Message-ID"] for _, message in inbox.messages)


def test_a_database_outage_stops_nothing(
    database_tasks, clinics, holding_smtp, processes
):
    truhealing, _ = clinics
    worker = processes.start("worker", WORKER)
    watchdog = processes.start("watchdog", WATCHDOG)
    before = new_lead(truhealing)
    wait_until(all_sent(before), "the lead sent before the outage", worker, watchdog)

    with database_down():
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, output(worker)
        assert watchdog.poll() is None, output(watchdog)

    after = [new_lead(truhealing) for _ in range(3)]
    wait_until(all_sent(*after), "the leads sent after it", worker, watchdog)

    assert message_ids(holding_smtp) == sorted(
        lead.message_id for lead in [before, *after]
    )
    for process in (worker, watchdog):
        log = output(process)
        assert log.count("the database is unavailable (OperationalError)") == 1, log
        assert log.count("working again after") == 1, log
    assert "Traceback" not in output(worker) + output(watchdog)


@pytest.mark.parametrize("holding_smtp", ["data"], indirect=True)
def test_a_database_outage_in_the_middle_of_a_send(
    database_tasks, clinics, holding_smtp, processes
):
    """The worker sends while the database goes away: the mail leaves, but its
    outcome cannot be recorded. PostgreSQL ends the worker's connection, so the
    job counts as lost once the database is back, the watchdog queues the lead
    again, and the clinic gets the mail twice with one Message-ID (at least once,
    and recognisably so). SQLite has no connection to end: the worker's open
    file still works, and the send is recorded once."""
    truhealing, _ = clinics
    worker = processes.start("worker", WORKER)
    watchdog = processes.start("watchdog", WATCHDOG)
    lead = new_lead(truhealing)
    wait_until(holding_smtp.holding.is_set, "the send to start", worker)

    with database_down():
        holding_smtp.released.set()  # the server says OK; the worker cannot record it
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, output(worker)

    wait_until(all_sent(lead), "the lead to be marked sent", worker, watchdog)
    lead.refresh_from_db()
    jobs = list(lead_jobs().order_by("enqueued_at"))
    if connection.vendor == "postgresql":
        assert message_ids(holding_smtp) == [lead.message_id] * 2
        assert [job.status for job in jobs] == [
            TaskResultStatus.FAILED,
            TaskResultStatus.SUCCESSFUL,
        ]
        assert jobs[0].exception_class_path == "home.workers.ResultLost"
        assert lead.delivery_attempts == 2
    else:
        assert message_ids(holding_smtp) == [lead.message_id]
        assert [job.status for job in jobs] == [TaskResultStatus.SUCCESSFUL]
        assert lead.delivery_attempts == 1


def test_a_killed_worker_is_reported_and_its_lead_delivered_by_the_next(
    database_tasks, clinics, holding_smtp, processes, client
):
    truhealing, _ = clinics
    worker = processes.start("worker", WORKER)
    watchdog = processes.start("watchdog", WATCHDOG)
    wait_until(
        WorkerHeartbeat.serving("leads").exists, "the first heartbeat", worker, watchdog
    )
    worker.kill()
    worker.wait(timeout=30)

    lead = new_lead(truhealing)
    # As if a minute (the job) and more than a send's time (the heartbeat)
    # had passed; and the lead waited 20 minutes.
    WorkerHeartbeat.objects.update(seen_at=F("seen_at") - timezone.timedelta(hours=1))
    lead_jobs().update(enqueued_at=F("enqueued_at") - timezone.timedelta(minutes=2))
    Lead.objects.filter(pk=lead.pk).update(
        created_at=F("created_at") - timezone.timedelta(minutes=20)
    )
    wait_until(lambda: "No lead worker" in output(watchdog), "the report", watchdog)
    assert lead_jobs().get().status == TaskResultStatus.READY

    admin = get_user_model().objects.create_superuser("root", "r@clinic.example", "pw")
    client.force_login(admin)
    for url in ("/admin/", "/admin/leads/"):
        page = client.get(url).content.decode()
        assert 'data-delivery-health="critical"' in page
        assert "No lead worker is running" in page
        assert "has waited 20\xa0minutes for its email" in page

    replacement = processes.start("worker", WORKER)
    wait_until(all_sent(lead), "the lead", replacement, watchdog)
    wait_until(
        lambda: "A lead worker is taking jobs again." in output(watchdog),
        "the all-clear",
        watchdog,
    )
    assert message_ids(holding_smtp) == [lead.message_id]
    assert output(watchdog).count("No lead worker") == 1
    page = client.get("/admin/leads/").content.decode()
    assert "data-delivery-health" not in page
