"""Return-request mail: delivered at least once to the lead's own clinic, through
SMTP outages and dead workers, with nothing the visitor wrote in task rows or
mail headers. Real SMTP server, real database task backend, real worker."""

import datetime
import json
import time

from django.db import OperationalError, connection
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from leads.delivery import (
    MAX_RETRY_SECONDS,
    create_lead,
    deliver_lead,
    notification,
    reclaim_stale_jobs,
    record_failure,
    release,
    resend,
    retry_delay,
)
from leads.models import Lead
from tests.leads.conftest import free_port, run_worker

# The worker commits and closes connections as in production.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def new_lead(clinic, **fields):
    defaults = {
        "site": clinic.site,
        "page": clinic.home,
        "name": "Jordan Example-Private",
        "phone": "+15135550123",
        "email": "jordan.private@example.net",
        "contact_method": Lead.ContactMethod.PHONE,
        "message": "I relapsed after week three",
        "consent_given": True,
        "consent_version": "2026-11",
        "consent_at": timezone.now(),
    }
    return create_lead(**{**defaults, **fields})


def lead_jobs():
    return DBTaskResult.objects.filter(task_path=deliver_lead.module_path)


def due_jobs():
    return lead_jobs().filter(status=TaskResultStatus.READY)


def make_retries_due():
    due_jobs().update(run_after=timezone.now())


def assert_sent_once(lead, smtp_server):
    """The lead is marked sent, and the SMTP server got its mail once."""
    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert [m["Message-ID"] for _, m in smtp_server.messages] == [lead.message_id]


def test_each_lead_reaches_its_own_clinics_inbox_only(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, tal = clinics
    mail_over_smtp(smtp_server.port)
    tal_lead = new_lead(tal)
    truhealing_lead = new_lead(truhealing, name="Sam")

    run_worker()

    # One message per inbox, each with the lead's own Message-ID.
    by_recipients = {tuple(rcpt): message for rcpt, message in smtp_server.messages}
    assert sorted(by_recipients) == [
        ("admissions@truhealing.example",),
        ("director@tal.example",),
        ("intake@tal.example",),
    ]
    tal_mail = by_recipients[("intake@tal.example",)]
    truhealing_mail = by_recipients[("admissions@truhealing.example",)]
    tal_message_id = Lead.objects.get(pk=tal_lead.pk).message_id
    assert tal_mail["Message-ID"] == tal_message_id
    assert by_recipients[("director@tal.example",)]["Message-ID"] == tal_message_id
    assert (
        tal_mail["Subject"] == "New return request for Tal Behavioral Health Cleveland"
    )
    assert truhealing_mail["Message-ID"] == (
        Lead.objects.get(pk=truhealing_lead.pk).message_id
    )
    body = tal_mail.get_content()
    assert "First name: Jordan" in body
    assert "Preferred contact: Phone call" in body
    for private in ("Example-Private", "5550123", "jordan.private", "relapsed"):
        assert private not in body
        assert private not in str(tal_mail["Subject"])
    assert set(Lead.objects.values_list("delivery", flat=True)) == {"sent"}


def test_smtp_refusing_keeps_the_lead_and_retries_until_it_is_back(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(free_port())  # nothing listens there
    lead = new_lead(truhealing)

    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.PENDING
    assert lead.delivery_attempts == 1
    assert lead.last_error == "ConnectionRefusedError"
    retry = due_jobs().get()
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert 5 < wait <= 15

    mail_over_smtp(smtp_server.port)
    make_retries_due()
    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert lead.delivery_attempts == 2
    assert [message["Message-ID"] for _, message in smtp_server.messages] == [
        lead.message_id
    ]


def test_stalled_smtp_times_out_instead_of_hanging(
    database_tasks, mail_over_smtp, stalled_smtp_port, smtp_server, settings, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(stalled_smtp_port)
    settings.EMAIL_TIMEOUT = 1
    lead = new_lead(truhealing)

    started = time.monotonic()
    run_worker()

    assert time.monotonic() - started < 10
    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.PENDING
    assert lead.last_error in {"TimeoutError", "SMTPServerDisconnected"}
    assert due_jobs().count() == 1

    mail_over_smtp(smtp_server.port)
    make_retries_due()
    run_worker()
    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert len(smtp_server.messages) == 1


def test_after_the_retry_budget_the_lead_is_marked_failed(
    database_tasks, mail_over_smtp, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(free_port())
    lead = new_lead(truhealing)
    Lead.objects.filter(pk=lead.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=24, minutes=1)
    )

    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.FAILED
    assert lead.last_error == "ConnectionRefusedError"
    assert due_jobs().count() == 0
    assert Lead.objects.filter(pk=lead.pk).exists()


@pytest.mark.parametrize("gap", ["empty inboxes", "no settings at all"])
def test_clinic_without_an_inbox_is_retried_not_dropped(
    database_tasks, mail_over_smtp, smtp_server, clinics, gap
):
    truhealing, _ = clinics
    mail_over_smtp(smtp_server.port)
    if gap == "empty inboxes":
        truhealing.routing.lead_inboxes = ""
        truhealing.routing.save()
    else:
        truhealing.routing.delete()
    lead = new_lead(truhealing)

    run_worker()

    lead.refresh_from_db()
    assert (lead.delivery, lead.last_error) == ("pending", "NoInbox")
    assert due_jobs().count() == 1


def test_job_of_a_killed_worker_is_reclaimed_and_delivered_once(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(smtp_server.port)
    lead = new_lead(truhealing)
    # What a worker killed mid-job leaves behind: its row RUNNING for good.
    job = lead_jobs().get()
    job.status = TaskResultStatus.RUNNING
    job.started_at = timezone.now() - datetime.timedelta(minutes=10)
    job.worker_ids = ["killed-worker"]
    job.save()

    run_worker()
    assert smtp_server.messages == []

    assert reclaim_stale_jobs() == [lead.pk]
    assert reclaim_stale_jobs() == []
    run_worker()

    assert_sent_once(lead, smtp_server)
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED


def test_a_recent_running_job_is_left_alone(database_tasks, clinics):
    truhealing, _ = clinics
    new_lead(truhealing)
    lead_jobs().update(status=TaskResultStatus.RUNNING, started_at=timezone.now())

    assert reclaim_stale_jobs() == []


def test_a_repeated_notification_has_the_same_message_id(database_tasks, clinics):
    truhealing, _ = clinics
    lead = new_lead(truhealing)

    inbox = truhealing.routing.lead_inbox_list[0]
    first = notification(lead, truhealing.routing, inbox)
    second = notification(lead, truhealing.routing, inbox)

    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert first.extra_headers["Message-ID"].startswith("<lead-")


def test_task_rows_hold_ids_only(database_tasks, mail_over_smtp, clinics):
    truhealing, _ = clinics
    mail_over_smtp(free_port())
    lead = new_lead(truhealing, name="Casey Privateperson")

    run_worker()

    rows = list(
        lead_jobs()
        .order_by("enqueued_at")
        .values("args_kwargs", "return_value", "traceback")
    )
    # The lead's id and its delivery generation (the job's number), nothing else.
    assert [row["args_kwargs"] for row in rows] == [
        {"args": [lead.pk, 1], "kwargs": {}},
        {"args": [lead.pk, 2], "kwargs": {}},
    ]
    for row in rows:
        assert "Privateperson" not in json.dumps(row)
    assert str(lead) == f"Lead #{lead.pk}, TruHealing Cincinnati"


def test_line_breaks_in_a_name_cannot_reach_a_header(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(smtp_server.port)
    new_lead(truhealing, name="Ann\r\nBcc: attacker@evil.example")

    run_worker()

    [(recipients, message)] = smtp_server.messages
    assert recipients == ["admissions@truhealing.example"]
    assert "evil" not in str(message["Bcc"] or "") + str(message["To"])


def test_lead_is_never_saved_without_its_job(database_tasks, clinics):
    truhealing, _ = clinics
    jobs_table = DBTaskResult._meta.db_table

    def refuse_jobs(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and jobs_table in sql:
            raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_jobs), pytest.raises(OperationalError):
        new_lead(truhealing)

    assert Lead.objects.count() == 0
    assert lead_jobs().count() == 0


def test_an_unforeseen_error_is_retried_and_leaves_no_traceback(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(smtp_server.port)
    # A row damaged behind the admin's back: Django refuses the header
    # (ValueError), which no mail transport raises.
    type(truhealing.routing).objects.filter(pk=truhealing.routing.pk).update(
        from_email="intake@truhealing.example\nBcc: x@evil.example"
    )
    lead = new_lead(truhealing)

    run_worker()

    lead.refresh_from_db()
    assert (lead.delivery, lead.last_error) == ("pending", "ValueError")
    assert smtp_server.messages == []
    first = lead_jobs().get(status=TaskResultStatus.SUCCESSFUL)
    assert (first.return_value, first.traceback) == ("retrying", "")
    assert due_jobs().count() == 1

    type(truhealing.routing).objects.filter(pk=truhealing.routing.pk).update(
        from_email=""
    )
    make_retries_due()
    run_worker()

    assert_sent_once(lead, smtp_server)


def test_a_job_taken_for_dead_cannot_start_a_second_retry_chain(
    database_tasks, mail_over_smtp, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(free_port())
    lead = new_lead(truhealing)
    # Its worker is slow, not dead, but has run past stale_after(): the watchdog
    # queues the lead's next job.
    lead_jobs().update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(minutes=10),
    )
    assert reclaim_stale_jobs() == [lead.pk]
    lead.refresh_from_db()
    assert lead.delivery_generation == 2

    # The slow job fails at last: it is no longer the lead's newest, so it
    # queues nothing, and a late start of it would do nothing either.
    assert record_failure(lead, 1, ConnectionRefusedError()) == "superseded"
    assert deliver_lead.call(lead.pk, 1) == "skipped"
    assert due_jobs().count() == 1

    run_worker()  # the newest job: refused, retried once

    assert due_jobs().count() == 1
    assert reclaim_stale_jobs() == []
    lead.refresh_from_db()
    assert (lead.delivery_attempts, lead.delivery_generation) == (1, 3)


def test_one_inbox_refusing_neither_stops_nor_repeats_the_other(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    _, tal = clinics
    mail_over_smtp(smtp_server.port)
    smtp_server.refused = {"director@tal.example"}
    lead = new_lead(tal)

    run_worker()

    lead.refresh_from_db()
    assert [rcpt for rcpt, _ in smtp_server.messages] == [["intake@tal.example"]]
    assert lead.delivery == Lead.Delivery.PENDING
    assert lead.last_error == "SMTPRecipientsRefused: director@tal.example"
    assert lead.delivered_inboxes == ["intake@tal.example"]
    assert due_jobs().count() == 1

    smtp_server.refused = set()
    make_retries_due()
    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert [rcpt for rcpt, _ in smtp_server.messages] == [
        ["intake@tal.example"],
        ["director@tal.example"],
    ]


def test_a_lead_released_after_days_in_quarantine_gets_a_full_retry_budget(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(free_port())
    lead = new_lead(truhealing, quarantined=True)
    Lead.objects.filter(pk=lead.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert lead_jobs().count() == 0  # held: nothing queued

    assert release([lead.pk]) == [lead.pk]
    run_worker()

    lead.refresh_from_db()
    assert (lead.delivery, lead.quarantined) == (Lead.Delivery.PENDING, False)
    assert lead.last_error == "ConnectionRefusedError"
    assert due_jobs().count() == 1

    mail_over_smtp(smtp_server.port)
    make_retries_due()
    run_worker()

    assert_sent_once(lead, smtp_server)


def test_a_failed_lead_resent_from_the_admin_is_delivered(
    database_tasks, mail_over_smtp, smtp_server, clinics
):
    truhealing, _ = clinics
    mail_over_smtp(free_port())
    lead = new_lead(truhealing)
    Lead.objects.filter(pk=lead.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    run_worker()
    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.FAILED

    mail_over_smtp(smtp_server.port)
    assert resend([lead.pk]) == [lead.pk]
    assert resend([lead.pk]) == []  # already queued again: no second job
    run_worker()

    lead.refresh_from_db()
    assert lead.delivery == Lead.Delivery.SENT
    assert lead.delivery_attempts == 2
    assert [m["Message-ID"] for _, m in smtp_server.messages] == [lead.message_id]


def test_retry_delay_grows_with_jitter_and_stays_under_ten_minutes():
    for attempt in range(1, 30):
        delay = retry_delay(attempt)
        ceiling = min(MAX_RETRY_SECONDS, 15 * 2 ** (attempt - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert retry_delay(12) >= 300
    assert deliver_lead.queue_name == "leads"
