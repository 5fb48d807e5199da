"""Delivery of return-request notifications: at least once, to the lead's own
clinic, retried with backoff for a day.

The lead and its first delivery job are written in one transaction (see
:func:`create_lead`), so a lead never exists without a job. A job that fails
re-enqueues itself with ``run_after``; a job left RUNNING by a killed worker is
re-enqueued by :func:`reclaim_stale_jobs`.
"""

import datetime
import random
import smtplib
import socket

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from home.models import ClinicSettings
from leads.models import Lead

QUEUE = "leads"
RETRY_BUDGET = datetime.timedelta(hours=24)
FIRST_RETRY_SECONDS = 15
MAX_RETRY_SECONDS = 600
# Errors of the mail transport; anything else is a bug and should be seen.
TRANSPORT_ERRORS = (smtplib.SMTPException, OSError, socket.timeout)


class NoInbox(Exception):
    """The clinic's settings name no inbox for return requests."""


def create_lead(**fields):
    """Save a lead and queue its notification in the same transaction.

    A lead in quarantine gets no job until staff release it (:func:`release`).
    """
    with transaction.atomic():
        lead = Lead.objects.create(**fields)
        if not lead.quarantined:
            deliver_lead.enqueue(lead.pk)
    return lead


def release(lead_ids):
    """Take leads out of quarantine and queue their notifications. Returns the
    ids released (leads already out of quarantine are left alone)."""
    with transaction.atomic():
        ids = list(
            Lead.objects.select_for_update()
            .filter(pk__in=lead_ids, quarantined=True)
            .values_list("pk", flat=True)
        )
        Lead.objects.filter(pk__in=ids).update(
            quarantined=False, delivery=Lead.Delivery.PENDING
        )
        for lead_id in ids:
            deliver_lead.enqueue(lead_id)
    return ids


def resend(lead_ids):
    """Queue the notification again for leads whose delivery failed (the retry
    budget ran out). Returns the ids queued. The retry budget restarts from now."""
    with transaction.atomic():
        ids = list(
            Lead.objects.select_for_update()
            .filter(pk__in=lead_ids, delivery=Lead.Delivery.FAILED, quarantined=False)
            .values_list("pk", flat=True)
        )
        Lead.objects.filter(pk__in=ids).update(
            delivery=Lead.Delivery.PENDING, retry_from=timezone.now()
        )
        for lead_id in ids:
            deliver_lead.enqueue(lead_id)
    return ids


def retry_delay(attempt):
    """Seconds before retry number ``attempt`` (1, 2, ...): exponential, capped at
    ten minutes, with jitter so a backlog does not retry in lockstep."""
    ceiling = min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 (not cryptographic)


@task(queue_name=QUEUE)
def deliver_lead(lead_id):
    """Send one lead's notification. Takes the id only: task rows keep their
    arguments and results, and must never hold what the visitor wrote."""
    lead = start_attempt(lead_id)
    if lead is None:
        return "skipped"
    try:
        notification(lead).send()
    except (NoInbox, *TRANSPORT_ERRORS) as error:
        return record_failure(lead, error)
    Lead.objects.filter(pk=lead.pk).update(
        delivery=Lead.Delivery.SENT, delivered_at=timezone.now(), last_error=""
    )
    return "sent"


def start_attempt(lead_id):
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update()
            .select_related("site")
            .filter(pk=lead_id, delivery=Lead.Delivery.PENDING, quarantined=False)
            .first()
        )
        if lead is None:
            return None
        lead.delivery_attempts += 1
        lead.last_attempt_at = timezone.now()
        lead.save(update_fields=["delivery_attempts", "last_attempt_at"])
    return lead


def record_failure(lead, error):
    # The class name only: SMTP errors and BadHeaderError can quote content.
    lead.last_error = type(error).__name__
    if timezone.now() - (lead.retry_from or lead.created_at) >= RETRY_BUDGET:
        lead.delivery = Lead.Delivery.FAILED
        lead.save(update_fields=["last_error", "delivery"])
        return "failed"
    lead.save(update_fields=["last_error"])
    delay = datetime.timedelta(seconds=retry_delay(lead.delivery_attempts))
    deliver_lead.using(run_after=timezone.now() + delay).enqueue(lead.pk)
    return "retrying"


def notification(lead):
    """The email to the clinic: no health details and nothing the visitor typed
    in any header; the body has the first name and the preferred contact method,
    and a link to the lead in the admin."""
    clinic = ClinicSettings.objects.filter(site_id=lead.site_id).first()
    inboxes = clinic.lead_inbox_list if clinic else []
    if not inboxes:
        raise NoInbox
    with override(settings.LANGUAGE_CODE):
        subject = _("New return request for %(clinic)s") % {
            "clinic": clinic.display_name
        }
        body = "\n".join(
            [
                _("Someone asked %(clinic)s to contact them about coming back.")
                % {"clinic": clinic.display_name},
                "",
                _("First name: %(name)s") % {"name": lead.first_name},
                _("Preferred contact: %(method)s")
                % {"method": lead.get_contact_method_display()},
                _("Received: %(time)s")
                % {
                    "time": timezone.localtime(lead.created_at).strftime(
                        "%Y-%m-%d %H:%M %Z"
                    )
                },
                *(full_details(lead) if clinic.lead_email_full_details else []),
                "",
                _("Open the request to see how to reach them:"),
                admin_url(lead),
            ]
        )
    return EmailMessage(
        subject=" ".join(subject.split()),  # no CR/LF from a clinic name either
        body=body,
        from_email=clinic.from_email or settings.DEFAULT_FROM_EMAIL,
        to=inboxes,
        headers={"Message-ID": lead.message_id},
    )


def full_details(lead):
    """What the visitor wrote, for clinics that chose to receive it by email.
    Plain text only: the message is never interpreted as HTML."""
    lines = [
        _("Name: %(name)s") % {"name": lead.name},
        _("Phone: %(phone)s")
        % {"phone": lead.phone.as_national if lead.phone else "-"},
        _("Email: %(email)s") % {"email": lead.email or "-"},
        _("Best time: %(time)s") % {"time": lead.get_contact_time_display()},
    ]
    if lead.returning_client:
        lines.append(
            _("Returning client: %(answer)s")
            % {"answer": lead.get_returning_client_display()}
        )
    if lead.message:
        lines += ["", _("Message:"), lead.message]
    return lines


def admin_url(lead):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "leads:edit", args=[lead.pk]
    )


def stale_after():
    """A delivery job running this long is taken as dead (its worker killed):
    several times the SMTP timeout."""
    return datetime.timedelta(seconds=max(60, 6 * (settings.EMAIL_TIMEOUT or 10)))


def reclaim_stale_jobs():
    """Re-enqueue deliveries whose job was left RUNNING by a dead worker.

    Safe to run often and from several machines; returns the lead ids re-queued.
    """
    cutoff = timezone.now() - stale_after()
    reclaimed = []
    with transaction.atomic():
        stale = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            task_path=deliver_lead.module_path,
            status=TaskResultStatus.RUNNING,
            started_at__lt=cutoff,
        )
        for job in stale:
            job.status = TaskResultStatus.FAILED
            job.finished_at = timezone.now()
            job.exception_class_path = "leads.delivery.WorkerLost"
            job.traceback = ""
            job.save(
                update_fields=[
                    "status",
                    "finished_at",
                    "exception_class_path",
                    "traceback",
                ]
            )
            lead_id = job.args_kwargs["args"][0]
            if Lead.objects.filter(pk=lead_id, delivery=Lead.Delivery.PENDING).exists():
                deliver_lead.enqueue(lead_id)
                reclaimed.append(lead_id)
    return reclaimed
