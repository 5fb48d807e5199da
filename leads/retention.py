"""Deleting return requests once their clinic's retention period is over, with
everything that still points at them: their delivery task rows (which keep
arguments and tracebacks), their audit-log entries and any search-index rows.

Retention is a promise to the people who wrote to a clinic, so requests go by age
alone: also those never delivered and those still in quarantine. How many of those
there were is reported, so that a clinic whose inbox never worked gets noticed.
One exception: a request whose notification is being sent at this moment is left
for the next run, since deleting a task row under a running worker crashes it.
"""

import dataclasses
import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site
from wagtail.search.models import IndexEntry

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from leads.delivery import deliver_lead, stale_after
from leads.models import Lead, LeadSettings, RateCounter

BATCH_SIZE = 500
# How long after its window ends a rate-limit counter is kept.
RATE_COUNTER_GRACE = datetime.timedelta(days=1)


@dataclasses.dataclass
class SitePurge:
    """Counts for one site; no request is ever named."""

    site: Site
    retention_days: int
    expired: int = 0
    undelivered: int = 0  # pending or failed, not in quarantine
    quarantined: int = 0
    deleted: int = 0
    in_delivery: int = 0  # expired, but left for the next run


@dataclasses.dataclass
class PurgeReport:
    sites: list
    rate_counters: int = 0

    @property
    def expired(self):
        return sum(site.expired for site in self.sites)

    @property
    def deleted(self):
        return sum(site.deleted for site in self.sites)


def purge_expired(*, delete=False, now=None):
    """Count the return requests past each site's retention period and the
    rate-limit counters whose window ended over a day ago; with ``delete``, delete
    them. Returns a :class:`PurgeReport` (counts only)."""
    now = now or timezone.now()
    report = PurgeReport(sites=[])
    for site, days in retention_periods():
        leads = Lead.objects.filter(
            site=site, created_at__lt=now - datetime.timedelta(days=days)
        )
        purge = SitePurge(site, days, **count_expired(leads))
        if delete and purge.expired:
            purge.deleted, purge.in_delivery = delete_leads(leads)
        report.sites.append(purge)
    counters = expired_rate_counters(now)
    report.rate_counters = counters.delete()[0] if delete else counters.count()
    return report


def retention_periods():
    """(site, days) for every site; a site without LeadSettings gets the
    model's default."""
    days = dict(LeadSettings.objects.values_list("site_id", "lead_retention_days"))
    default = LeadSettings._meta.get_field("lead_retention_days").get_default()
    for site in Site.objects.order_by("hostname", "port"):
        yield site, days.get(site.pk, default)


def count_expired(leads):
    return leads.aggregate(
        expired=Count("pk"),
        undelivered=Count(
            "pk", filter=Q(quarantined=False) & ~Q(delivery=Lead.Delivery.SENT)
        ),
        quarantined=Count("pk", filter=Q(quarantined=True)),
    )


def delete_leads(leads):
    """Delete the leads of queryset ``leads`` with their traces, BATCH_SIZE per
    transaction. Returns (deleted, left in delivery)."""
    ids = list(leads.order_by("pk").values_list("pk", flat=True))
    deleted = in_delivery = 0
    for start in range(0, len(ids), BATCH_SIZE):
        done, busy = delete_batch(leads.filter(pk__in=ids[start : start + BATCH_SIZE]))
        deleted += done
        in_delivery += busy
    return deleted, in_delivery


def delete_batch(leads):
    """One transaction: a crash leaves each lead either whole, or gone with every
    trace. Leads are locked first, so a release or resend cannot queue a new job
    for them meanwhile. Returns (deleted, left in delivery)."""
    lead_type = ContentType.objects.get_for_model(Lead)
    with transaction.atomic():
        ids = set(leads.select_for_update().values_list("pk", flat=True))
        jobs = list(
            DBTaskResult.objects.select_for_update()
            .filter(
                task_path=deliver_lead.module_path,
                args_kwargs__args__0__in=sorted(ids),
            )
            .values_list("pk", "args_kwargs", "status", "started_at")
        )
        busy = {
            args_kwargs["args"][0]
            for _pk, args_kwargs, status, started_at in jobs
            if running(status, started_at)
        }
        ids -= busy
        keys = [str(pk) for pk in ids]
        DBTaskResult.objects.filter(
            pk__in=[pk for pk, args_kwargs, *_ in jobs if args_kwargs["args"][0] in ids]
        ).delete()
        ModelLogEntry.objects.filter(
            content_type=lead_type, object_id__in=keys
        ).delete()
        IndexEntry.objects.filter(content_type=lead_type, object_id__in=keys).delete()
        deleted = Lead.objects.filter(pk__in=ids).delete()[1].get(Lead._meta.label, 0)
    return deleted, len(busy)


def running(status, started_at):
    """A job a live worker is running; one running past :func:`stale_after` lost
    its worker (see :func:`leads.delivery.reclaim_stale_jobs`)."""
    if status != TaskResultStatus.RUNNING or started_at is None:
        return False
    return started_at >= timezone.now() - stale_after()


def expired_rate_counters(now):
    window = datetime.timedelta(seconds=settings.LEADS_RATE_WINDOW)
    return RateCounter.objects.filter(
        window_start__lt=now - window - RATE_COUNTER_GRACE
    )
