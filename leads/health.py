"""How lead delivery is doing: the figures staff see on the dashboard and the
leads listing, and the watchdog logs.

The age of the oldest lead still waiting for its mail is a monitoring figure, for
alerts: a lead is flagged once it has waited ``FLAG_AFTER``. It is not a readiness
signal; the site takes requests whatever it says.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from django_tasks_db.models import DBTaskResult, get_date_max

from home.models import WorkerHeartbeat
from leads import breaker
from leads.delivery import QUEUE, deliver_lead, stale_after
from leads.models import Lead

logger = logging.getLogger(__name__)

FLAG_AFTER = datetime.timedelta(minutes=15)
# A due job not taken for this long means no worker is taking jobs.
OVERDUE_AFTER = datetime.timedelta(minutes=1)


def lead_worker_seen():
    """Whether a worker for the leads queue wrote a heartbeat lately. A worker
    busy with one send may be quiet for up to ``stale_after()``."""
    return (
        WorkerHeartbeat.serving(QUEUE)
        .filter(seen_at__gte=timezone.now() - stale_after())
        .exists()
    )


def overdue_jobs():
    """Lead delivery jobs that have been due for a while and are still waiting
    for a worker (a job queued without ``run_after`` is due when queued)."""
    before = timezone.now() - OVERDUE_AFTER
    return DBTaskResult.objects.ready().filter(
        Q(run_after=get_date_max(), enqueued_at__lt=before) | Q(run_after__lt=before),
        task_path=deliver_lead.module_path,
    )


@dataclass(frozen=True)
class DeliveryHealth:
    oldest_pending_at: datetime.datetime | None
    worker_seen: bool
    last_error: str
    # Set while the mail server's circuit breaker is open (leads.breaker).
    mail_server_down_since: datetime.datetime | None = None

    @property
    def waiting(self):
        """How long the oldest lead has waited for its mail (None: none waits)."""
        if self.oldest_pending_at is None:
            return None
        return timezone.now() - self.oldest_pending_at

    @property
    def flagged(self):
        return self.waiting is not None and self.waiting >= FLAG_AFTER

    @property
    def reason(self):
        """Why leads wait, or would wait, when it is known."""
        if not self.worker_seen:
            return _("No lead worker is running: requests wait until one starts.")
        if self.mail_server_down_since is not None:
            return _(
                "The mail server has been unreachable since %(time)s (%(error)s): "
                "requests wait and go out as soon as it is back."
            ) % {
                "time": formats.time_format(
                    timezone.localtime(self.mail_server_down_since), "H:i"
                ),
                "error": self.last_error,
            }
        if self.waiting is not None and self.last_error:
            return _("Sending fails: %(error)s.") % {"error": self.last_error}
        return ""

    @property
    def status(self):
        """The admin's help-block status, or "" when there is nothing to say."""
        if self.flagged:
            return "critical"
        if not self.worker_seen or self.mail_server_down_since is not None:
            return "warning"
        return "info" if self.waiting is not None else ""


def delivery_health(site_ids):
    """The delivery health of the leads of ``site_ids`` (the clinics a user may
    see): the lead worker is shared by every clinic, the leads are not."""
    pending = Lead.objects.filter(
        site_id__in=site_ids, delivery=Lead.Delivery.PENDING, quarantined=False
    )
    # A released or resent lead waits from then, not from when it came in.
    oldest = (
        pending.annotate(waiting_since=Coalesce("retry_from", "created_at"))
        .order_by("waiting_since")
        .values_list("waiting_since", flat=True)
    )
    last_error = (
        pending.exclude(last_error="")
        .order_by("-last_attempt_at")
        .values_list("last_error", flat=True)
    )
    server = breaker.longest_open()
    return DeliveryHealth(
        oldest_pending_at=oldest.first(),
        worker_seen=lead_worker_seen(),
        last_error=(server.last_error if server else last_error.first()) or "",
        mail_server_down_since=server.down_since if server else None,
    )


class WorkerAlarm:
    """The watchdog's check for a missing lead worker: logs an error once when
    lead jobs are overdue and no lead worker has been seen, and once more when
    one is back. Staff see the same on the dashboard (``DeliveryHealth``)."""

    def __init__(self):
        self.raised = False

    def check(self):
        """Whether lead jobs wait for a worker that is not there."""
        overdue = overdue_jobs().count()
        missing = overdue > 0 and not lead_worker_seen()
        if missing and not self.raised:
            logger.error(
                "No lead worker: %d lead deliveries are overdue and no worker for "
                "the %r queue has been seen. Start `manage.py db_worker "
                "--queue-name %s`.",
                overdue,
                QUEUE,
                QUEUE,
            )
        elif self.raised and not missing:
            logger.warning("A lead worker is taking jobs again.")
        self.raised = missing
        return missing
