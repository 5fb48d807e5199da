"""Delivery of return-request notifications: at least once, to the lead's own
clinic, retried with backoff for a day.

The lead and its first delivery job are written in one transaction (see
:func:`create_lead`), so a lead never exists without a job. A job that fails
queues the next one with ``run_after``. Each job carries the lead's *delivery
generation*, bumped whenever a job is queued: only the newest job of a lead acts,
so two jobs of one lead can never both go on retrying. The watchdog
(:func:`reclaim_stale_jobs`) queues a new job for every pending lead whose newest
job is no longer waiting or running: its worker was killed, or it failed in a way
the task could not record.

While the mail server is down (its circuit breaker open, leads.breaker) no lead
tries to send: each waits, parked, and one probe (:func:`probe_mail_server`)
checks the server on its own schedule. When the server is back every parked lead
is queued at once, due in order of arrival (:func:`wake_parked`). First attempts
run at a higher priority than retries, so a new lead never waits behind a
backlog.
"""

import datetime
import logging
import random
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info, override
from django.utils.translation import gettext as _

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from home.models import ClinicSettings
from leads import breaker
from leads.models import Lead, LeadSettings

logger = logging.getLogger(__name__)

QUEUE = "leads"
RETRY_BUDGET = datetime.timedelta(hours=24)
FIRST_RETRY_SECONDS = 15
MAX_RETRY_SECONDS = 600
WORKER_LOST = "leads.delivery.WorkerLost"
# Errors of the mail transport, expected during an outage; anything else is
# retried just the same, but logged as an error, since it is a bug.
TRANSPORT_ERRORS = (smtplib.SMTPException, OSError)
# A worker takes due jobs by priority first: a probe, then first attempts (a new
# lead, a release, a resend), then retries and leads woken after an outage.
PROBE_PRIORITY = 20
FIRST_ATTEMPT_PRIORITY = 10


class NoInbox(Exception):
    """The clinic's settings name no inbox for return requests."""


def create_lead(**fields):
    """Save a lead and queue its notification in the same transaction.

    A lead in quarantine gets no job until staff release it (:func:`release`).
    """
    with transaction.atomic():
        lead = Lead.objects.create(**fields)
        if not lead.quarantined:
            queue_delivery(lead.pk, 1, priority=FIRST_ATTEMPT_PRIORITY)
    return lead


def queue_delivery(lead_id, generation, *, run_after=None, priority=0):
    """Queue the lead's delivery job number ``generation`` (one more than the
    last); any earlier job of the lead stands down. Call it inside the
    transaction that decided to, with the lead's row locked."""
    Lead.objects.filter(pk=lead_id).update(delivery_generation=generation)
    deliver_lead.using(run_after=run_after, priority=priority).enqueue(
        lead_id, generation
    )


def release(lead_ids):
    """Take leads out of quarantine and queue their notifications. Returns the
    ids released (leads already out of quarantine are left alone). The retry
    budget counts from now: a lead may have waited in quarantine for days."""
    return requeue(
        Lead.objects.filter(pk__in=lead_ids, quarantined=True),
        quarantined=False,
        delivery=Lead.Delivery.PENDING,
    )


def resend(lead_ids):
    """Queue the notification again for leads whose delivery failed (the retry
    budget ran out). Returns the ids queued. The retry budget restarts from now."""
    return requeue(
        Lead.objects.filter(
            pk__in=lead_ids, delivery=Lead.Delivery.FAILED, quarantined=False
        ),
        delivery=Lead.Delivery.PENDING,
    )


def requeue(leads, **changes):
    with transaction.atomic():
        rows = list(leads.select_for_update().values_list("pk", "delivery_generation"))
        ids = [lead_id for lead_id, _generation in rows]
        Lead.objects.filter(pk__in=ids).update(retry_from=timezone.now(), **changes)
        for lead_id, generation in rows:
            queue_delivery(lead_id, generation + 1, priority=FIRST_ATTEMPT_PRIORITY)
    return ids


def retry_delay(attempt):
    """Seconds before retry number ``attempt`` (1, 2, ...): exponential, capped at
    ten minutes, with jitter so a backlog does not retry in lockstep."""
    ceiling = min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** (attempt - 1))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 (not cryptographic)


@task(queue_name=QUEUE)
def deliver_lead(lead_id, generation=0):
    """Send one lead's notification. Takes ids only: task rows keep their
    arguments and results, and must never hold what the visitor wrote."""
    lead, outcome = start_attempt(lead_id, generation)
    if lead is None:
        return outcome
    try:
        send_notification(lead)
    except Exception as error:  # noqa: BLE001 (whatever it was, retry the lead)
        log_failure(lead, error)
        return record_failure(lead, generation, error)
    Lead.objects.filter(pk=lead.pk).update(
        delivery=Lead.Delivery.SENT,
        delivered_at=timezone.now(),
        last_error="",
        parked_at=None,
    )
    if breaker.needs_closing():
        close_breaker()
    return "sent"


def start_attempt(lead_id, generation):
    """(the lead, None) if this job is its newest, the lead still waits for
    delivery and the mail server is not known to be down; else (None, what
    happened instead)."""
    with transaction.atomic():
        # The breaker's row before the lead's, as close_breaker locks them.
        server = breaker.open_server(lock=True)
        lead = (
            Lead.objects.select_for_update()
            .select_related("site")
            .filter(
                pk=lead_id,
                delivery=Lead.Delivery.PENDING,
                quarantined=False,
                delivery_generation=generation,
            )
            .first()
        )
        if lead is None:
            return None, "skipped"
        if server is not None:
            return None, park(lead, generation, server.last_error)
        lead.delivery_attempts += 1
        lead.last_attempt_at = timezone.now()
        lead.parked_at = None
        lead.save(update_fields=["delivery_attempts", "last_attempt_at", "parked_at"])
    return lead, None


def park(lead, generation, last_error):
    """Hold the lead while the mail server is down: its next job waits until its
    retry budget runs out (then it is marked failed), unless the server comes
    back first and wakes it. Inside the transaction that locked the lead."""
    budget_end = (lead.retry_from or lead.created_at) + RETRY_BUDGET
    leads = Lead.objects.filter(pk=lead.pk)
    if timezone.now() >= budget_end:
        leads.update(
            delivery=Lead.Delivery.FAILED, last_error=last_error, parked_at=None
        )
        return "failed"
    leads.update(last_error=last_error, parked_at=lead.parked_at or timezone.now())
    queue_delivery(lead.pk, generation + 1, run_after=budget_end)
    return "parked"


def send_notification(lead):
    """Mail each of the clinic's inboxes that has not taken it yet, one message
    each, so that one inbox refusing neither stops the others nor makes them
    receive it again on the retry. Raises the first error once all were tried."""
    routing = LeadSettings.for_site_id(lead.site_id)
    inboxes = routing.lead_inbox_list
    if not inboxes:
        raise NoInbox
    delivered = lead.delivered_inboxes
    first_error = None
    with get_connection() as connection:
        for inbox in inboxes:
            if inbox in delivered:
                continue
            try:
                notification(lead, routing, inbox, connection=connection).send()
            except smtplib.SMTPRecipientsRefused as error:
                first_error = first_error or error
                continue  # the server said no to this inbox only
            delivered.append(inbox)
            Lead.objects.filter(pk=lead.pk).update(delivered_to=",".join(delivered))
    if first_error is not None:
        raise first_error


def log_failure(lead, error):
    # The class name only: SMTP errors and BadHeaderError can quote content.
    if isinstance(error, (NoInbox, *TRANSPORT_ERRORS)):
        # Expected in an outage, and retried: the dashboard shows what fails.
        logger.info("%s: delivery failed (%s)", lead, type(error).__name__)
    else:
        logger.error(
            "%s: delivery failed unexpectedly (%s)", lead, type(error).__name__
        )


def describe(error):
    """What staff see of a failure: its kind, and for a refused inbox which one
    (a clinic address, never the visitor's)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return f"{type(error).__name__}: {', '.join(error.recipients)}"[:200]
    return type(error).__name__


def record_failure(lead, generation, error):
    """Count a transport failure against the mail server's breaker; then park
    the lead if the breaker is open, or schedule its next try, or mark it failed
    once its retry budget is spent. A job that is no longer the lead's newest
    does nothing to the lead."""
    with transaction.atomic():
        server = None
        if breaker.is_transport_failure(error):
            server, opened = breaker.note_failure(describe(error))
            if opened:
                logger.warning(
                    "The mail server %s is unreachable (%s): no request tries to "
                    "send until a probe finds it back.",
                    server.key,
                    server.last_error,
                )
                schedule_probe(server)
                park_waiting()
        current = Lead.objects.select_for_update().filter(
            pk=lead.pk, delivery=Lead.Delivery.PENDING, delivery_generation=generation
        )
        if not current.exists():
            return "superseded"
        if server is not None and server.is_open:
            return park(lead, generation, describe(error))
        if timezone.now() - (lead.retry_from or lead.created_at) >= RETRY_BUDGET:
            current.update(last_error=describe(error), delivery=Lead.Delivery.FAILED)
            return "failed"
        current.update(last_error=describe(error))
        delay = datetime.timedelta(seconds=retry_delay(lead.delivery_attempts))
        queue_delivery(lead.pk, generation + 1, run_after=timezone.now() + delay)
    return "retrying"


@task(queue_name=QUEUE, priority=PROBE_PRIORITY)
def probe_mail_server(generation):
    """Check whether the mail server is back: a real connection, EHLO (and TLS
    and login, as configured) and NOOP, within EMAIL_TIMEOUT. Back: the breaker
    closes and every parked lead is queued. Still down: the next probe waits
    twice as long, up to LEADS_PROBE_MAX_SECONDS. Only the newest probe acts."""
    if not breaker.probe_is_current(generation):
        return "superseded"
    try:
        with get_connection() as connection:
            smtp = getattr(connection, "connection", None)  # None: not SMTP
            if smtp is not None:
                code, message = smtp.noop()
                if code != 250:
                    raise smtplib.SMTPResponseException(code, message)
    except Exception as error:  # noqa: BLE001 (any failure: still down)
        with transaction.atomic():
            server = breaker.probe_failed(generation, describe(error))
            if server is not None:
                schedule_probe(server)
        return "down"
    close_breaker()
    return "up"


def schedule_probe(server):
    """Queue the breaker's next probe, inside the transaction that changed it."""
    probe_mail_server.using(run_after=breaker.next_probe_at(server)).enqueue(
        server.probe_generation
    )


def close_breaker():
    """After a success: close the breaker and queue every parked lead."""
    with transaction.atomic():
        down_since = breaker.close()
        woken = wake_parked()
    if down_since is not None:
        logger.warning(
            "The mail server is back after %d s; %d waiting requests queued.",
            (timezone.now() - down_since).total_seconds(),
            len(woken),
        )


def park_waiting():
    """When the breaker opens: every lead still waiting for its mail now waits
    for the server, not for a retry timer of its own (its next job, due or not,
    parks it), and is woken with the others when the server is back."""
    Lead.objects.filter(
        delivery=Lead.Delivery.PENDING, quarantined=False, parked_at__isnull=True
    ).update(parked_at=timezone.now())


def wake_parked():
    """Make the waiting job of every lead parked during an outage due now, in
    order of arrival (each job's due time becomes its lead's arrival time).
    Returns their ids. A lead whose attempt is under way has no waiting job and
    is left to it: no lead gets a second job that could send alongside."""
    rows = list(
        Lead.objects.select_for_update()
        .filter(
            parked_at__isnull=False, delivery=Lead.Delivery.PENDING, quarantined=False
        )
        .values_list("pk", "delivery_generation", "created_at")
    )
    arrived = {(lead_id, generation): created for lead_id, generation, created in rows}
    Lead.objects.filter(pk__in=[lead_id for lead_id, _, _ in rows]).update(
        parked_at=None
    )
    waiting = DBTaskResult.objects.filter(
        task_path=deliver_lead.module_path, status=TaskResultStatus.READY
    )
    for job_id, args_kwargs in waiting.values_list("pk", "args_kwargs"):
        key = job_key(args_kwargs)
        if key in arrived:
            waiting.filter(pk=job_id).update(run_after=arrived[key])
    return [lead_id for lead_id, _generation in arrived]


def notification(lead, routing, inbox, connection=None):
    """The email to one of the clinic's inboxes (``routing``: its LeadSettings):
    no health details and nothing the visitor typed in any header; the body has
    the first name and the preferred contact method, and a link to the lead in
    the admin."""
    clinic = ClinicSettings.objects.filter(site_id=lead.site_id).first()
    clinic_name = clinic.display_name if clinic else lead.site.site_name
    with override(settings.LANGUAGE_CODE):
        subject = _("New return request for %(clinic)s") % {"clinic": clinic_name}
        body = "\n".join(
            [
                _("Someone asked %(clinic)s to contact them about coming back.")
                % {"clinic": clinic_name},
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
                _("Language: %(language)s") % {"language": language_of(lead)},
                *(full_details(lead) if routing.lead_email_full_details else []),
                "",
                _("Open the request to see how to reach them:"),
                admin_url(lead),
            ]
        )
    return EmailMessage(
        subject=" ".join(subject.split()),  # no CR/LF from a clinic name either
        body=body,
        from_email=routing.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[inbox],
        headers={"Message-ID": lead.message_id},
        connection=connection,
    )


def language_of(lead):
    """The language the visitor wrote in, named in the staff's language, and
    said plainly when it is not the site's default: staff should answer in it."""
    try:
        name = get_language_info(lead.language_code)["name_translated"]
    except KeyError:
        name = lead.language_code
    if lead.language_code == settings.LANGUAGE_CODE:
        return name
    return _(
        "%(language)s (the visitor wrote in %(language)s; reply in %(language)s "
        "if you can)"
    ) % {"language": name}


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
    """Queue a new job for every pending lead whose newest job is neither
    waiting nor running: its worker was killed (a job RUNNING for longer than
    :func:`stale_after` is marked failed first), or it ended in a way the task
    could not record. Also queues a probe when the breaker is open and its probe
    was lost the same way (:func:`reclaim_lost_probe`). Safe to run often and
    from several machines; returns the lead ids re-queued."""
    now = timezone.now()
    jobs = DBTaskResult.objects.filter(task_path=deliver_lead.module_path)
    DBTaskResult.objects.filter(
        task_path__in=[deliver_lead.module_path, probe_mail_server.module_path],
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - stale_after(),
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback="",
    )
    # Leads first, then jobs: a lead that moves on in between has a newer
    # generation by then, which requeue_orphan sees.
    pending = list(
        Lead.objects.filter(
            delivery=Lead.Delivery.PENDING, quarantined=False
        ).values_list("pk", "delivery_generation")
    )
    live = {
        job_key(args_kwargs)
        for args_kwargs in jobs.filter(
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
        ).values_list("args_kwargs", flat=True)
    }
    reclaim_lost_probe()
    return [
        lead_id
        for lead_id, generation in pending
        if (lead_id, generation) not in live and requeue_orphan(lead_id, generation)
    ]


def reclaim_lost_probe():
    """While the breaker is open, its newest probe must be waiting or running:
    one lost with its worker would leave every lead parked until its budget ran
    out. Queues a new probe, due now, if not; returns whether it did."""
    with transaction.atomic():
        server = breaker.open_server(lock=True)
        if server is None:
            return False
        probes = DBTaskResult.objects.filter(
            task_path=probe_mail_server.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
        if any(
            args_kwargs["args"] == [server.probe_generation]
            for args_kwargs in probes.values_list("args_kwargs", flat=True)
        ):
            return False
        server.probe_generation += 1
        server.save(update_fields=["probe_generation"])
        probe_mail_server.enqueue(server.probe_generation)
    return True


def job_key(args_kwargs):
    """(lead id, generation) of a job; jobs queued before generations existed
    count as generation 0."""
    args, kwargs = args_kwargs["args"], args_kwargs["kwargs"]
    return args[0], args[1] if len(args) > 1 else kwargs.get("generation", 0)


def requeue_orphan(lead_id, generation):
    with transaction.atomic():
        still = Lead.objects.select_for_update().filter(
            pk=lead_id,
            delivery=Lead.Delivery.PENDING,
            quarantined=False,
            delivery_generation=generation,
        )
        if not still.exists():
            return False  # it moved on since it was read
        queue_delivery(lead_id, generation + 1)
    return True
