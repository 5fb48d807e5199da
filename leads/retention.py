"""Deleting return requests once each clinic's retention period is over, with
everything that still points at them: their delivery task rows (which keep
arguments), their audit-log entries and any search-index rows."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site
from wagtail.search.models import IndexEntry

from django_tasks_db.models import DBTaskResult

from home.models import ClinicSettings
from leads.delivery import deliver_lead
from leads.models import Lead, RateCounter

BATCH = 500
DEFAULT_RETENTION_DAYS = ClinicSettings._meta.get_field("lead_retention_days").default


def expired_leads(now=None):
    """{site: queryset of its leads past that clinic's retention period}."""
    now = now or timezone.now()
    days = dict(ClinicSettings.objects.values_list("site_id", "lead_retention_days"))
    return {
        site: Lead.objects.filter(
            site=site,
            created_at__lt=now
            - datetime.timedelta(days=days.get(site.pk, DEFAULT_RETENTION_DAYS)),
        )
        for site in Site.objects.order_by("site_name", "hostname")
    }


def delete_leads(lead_ids):
    """Delete leads and their traces, in one transaction per batch: a crash never
    leaves a lead without its traces or traces without their lead."""
    lead_type = ContentType.objects.get_for_model(Lead)
    deleted = 0
    for start in range(0, len(lead_ids), BATCH):
        batch = lead_ids[start : start + BATCH]
        keys = [str(pk) for pk in batch]
        with transaction.atomic():
            # A delivery job's only argument is the lead id.
            DBTaskResult.objects.filter(
                task_path=deliver_lead.module_path, args_kwargs__args__0__in=batch
            ).delete()
            ModelLogEntry.objects.filter(
                content_type=lead_type, object_id__in=keys
            ).delete()
            IndexEntry.objects.filter(
                content_type=lead_type, object_id__in=keys
            ).delete()
            deleted += Lead.objects.filter(pk__in=batch).delete()[0]
    return deleted


def forget_rate_counters(older_than=datetime.timedelta(days=1)):
    return RateCounter.objects.filter(
        window_start__lt=timezone.now() - older_than
    ).delete()[0]
