"""The circuit breaker's rules (leads.breaker, leads.delivery), each with the real
worker (`db_worker --batch`) and a real SMTP server where mail is involved: what
counts as the server being down, what a parked lead does when its budget runs
out, and that waking the parked never gives a lead a second job that could send
alongside one under way."""

import datetime
import smtplib

from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from leads import breaker
from leads.delivery import (
    NoInbox,
    close_breaker,
    park_waiting,
    probe_mail_server,
    reclaim_stale_jobs,
    stale_after,
)
from leads.factories import MailServerFactory
from leads.models import Lead, MailServer
from tests.leads.conftest import run_worker
from tests.leads.test_delivery import lead_jobs
from tests.leads.test_killed_worker import new_lead

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def due_jobs():
    """Lead jobs a worker would take now."""
    return lead_jobs().ready()


@pytest.mark.parametrize(
    ("error", "down"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (smtplib.SMTPConnectError(421, b"busy"), True),
        (smtplib.SMTPRecipientsRefused({"a@clinic.example": (550, b"no")}), False),
        (smtplib.SMTPSenderRefused(553, b"no", "from@clinic.example"), False),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (NoInbox(), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else "",
)
def test_only_a_server_out_of_reach_counts_against_the_breaker(error, down):
    assert breaker.is_transport_failure(error) is down


def test_a_refused_recipient_is_not_held_back_by_the_breaker(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(smtp_server.port)
    smtp_server.refused.add("admissions@truhealing.example")
    leads = [new_lead(truhealing) for _ in range(4)]

    run_worker()

    assert not MailServer.objects.filter(down_since__isnull=False).exists()
    for lead in leads:
        lead.refresh_from_db()
        assert (lead.parked_at, lead.delivery_attempts) == (None, 1)
        assert lead.last_error.startswith("SMTPRecipientsRefused")
    assert due_jobs().count() == 0  # each waits on a retry timer of its own
    assert lead_jobs().filter(status=TaskResultStatus.READY).count() == 4


def test_a_parked_lead_fails_when_its_budget_runs_out(database_tasks, clinics):
    truhealing, _ = clinics
    MailServerFactory(key=breaker.transport_key(), last_error="SMTPConnectError")
    lead = new_lead(truhealing)

    run_worker()  # the breaker is open: the lead waits without trying

    lead.refresh_from_db()
    assert lead.parked_at is not None
    assert lead.delivery_attempts == 0
    waiting = due_jobs().count(), lead_jobs().get(status=TaskResultStatus.READY)
    assert waiting[0] == 0
    budget_end = lead.created_at + datetime.timedelta(hours=24)
    assert waiting[1].run_after == budget_end

    # A day later, the server still down:
    Lead.objects.filter(pk=lead.pk).update(
        created_at=lead.created_at - datetime.timedelta(hours=24)
    )
    lead_jobs().filter(status=TaskResultStatus.READY).update(run_after=timezone.now())
    run_worker()

    lead.refresh_from_db()
    assert (lead.delivery, lead.last_error, lead.parked_at) == (
        Lead.Delivery.FAILED,
        "SMTPConnectError",
        None,
    )
    assert lead.delivery_attempts == 0


def test_waking_leaves_a_lead_whose_attempt_is_under_way_alone(database_tasks, clinics):
    truhealing, tal = clinics
    parked_lead = new_lead(truhealing)
    MailServerFactory(key=breaker.transport_key())
    run_worker()  # parks it
    busy_lead = new_lead(tal)
    busy_job = lead_jobs().get(args_kwargs__args=[busy_lead.pk, 1])
    busy_job.claim("another-worker")  # its attempt is under way elsewhere
    park_waiting()

    close_breaker()

    parked_lead.refresh_from_db()
    busy_lead.refresh_from_db()
    assert (parked_lead.parked_at, busy_lead.parked_at) == (None, None)
    assert [job.args_kwargs["args"] for job in due_jobs()] == [
        [parked_lead.pk, parked_lead.delivery_generation]
    ]
    assert due_jobs().get().run_after == parked_lead.created_at
    busy_job.refresh_from_db()
    assert busy_job.status == TaskResultStatus.RUNNING
    assert lead_jobs().filter(args_kwargs__args__0=busy_lead.pk).count() == 1


def test_the_watchdog_queues_a_probe_lost_with_its_worker(database_tasks, clinics):
    truhealing, _ = clinics
    server = MailServerFactory(key=breaker.transport_key(), probe_generation=4)
    probes = DBTaskResult.objects.filter(task_path=probe_mail_server.module_path)
    probe_mail_server.enqueue(4)
    probes.update(status=TaskResultStatus.RUNNING, started_at=timezone.now())

    reclaim_stale_jobs()  # a probe under way: nothing to do
    assert probes.count() == 1

    probes.update(started_at=timezone.now() - stale_after())  # its worker died
    reclaim_stale_jobs()

    server.refresh_from_db()
    assert server.probe_generation == 5
    assert [job.args_kwargs["args"] for job in probes.filter(status="READY")] == [[5]]
    assert probes.get(args_kwargs__args=[4]).status == TaskResultStatus.FAILED

    reclaim_stale_jobs()  # the new probe waits: nothing more
    assert probes.count() == 2
