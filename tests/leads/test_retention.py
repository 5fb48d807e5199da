"""`manage.py purge_leads`: each clinic's retention period, a dry run unless
--yes, and nothing left behind that points at a deleted request."""

import datetime
import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.search.models import IndexEntry

import pytest
from django_tasks_db.models import DBTaskResult

from leads.delivery import deliver_lead
from leads.factories import LeadFactory, RateCounterFactory
from leads.models import Lead, RateCounter

pytestmark = pytest.mark.django_db


def aged(lead, days):
    Lead.objects.filter(pk=lead.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return lead


@pytest.fixture
def history(truhealing, tal, database_tasks):
    tal.settings.lead_retention_days = 30
    tal.settings.save()
    leads = {
        "tal_old": aged(LeadFactory(site=tal.site, name="Old Tal Person"), 45),
        "tal_young": aged(LeadFactory(site=tal.site), 10),
        "truhealing_45": aged(LeadFactory(site=truhealing.site), 45),
        "truhealing_old": aged(LeadFactory(site=truhealing.site), 400),
    }
    for lead in leads.values():
        deliver_lead.enqueue(lead.pk)
        log(lead, "wagtail.edit")
        IndexEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Lead),
            object_id=str(lead.pk),
            title=str(lead),
            title_norm=1.0,
        )
    return leads


def purge(*args):
    out = io.StringIO()
    call_command("purge_leads", *args, stdout=out)
    return out.getvalue()


def traces(lead):
    key = str(lead.pk)
    lead_type = ContentType.objects.get_for_model(Lead)
    return {
        "jobs": DBTaskResult.objects.filter(
            task_path=deliver_lead.module_path, args_kwargs__args__0=lead.pk
        ).count(),
        "log": ModelLogEntry.objects.filter(
            content_type=lead_type, object_id=key
        ).count(),
        "index": IndexEntry.objects.filter(
            content_type=lead_type, object_id=key
        ).count(),
    }


def test_dry_run_reports_per_clinic_and_deletes_nothing(history):
    output = purge()

    assert "Tal Behavioral Health Cleveland: Would delete 1 return requests" in output
    assert "TruHealing Cincinnati: Would delete 1 return requests" in output
    assert "Run with --yes" in output
    assert Lead.objects.count() == 4
    assert "Old Tal Person" not in output


def test_yes_deletes_expired_requests_and_their_traces_only(history):
    output = purge("--yes")

    assert "Deleted 2 return requests." in output
    remaining = set(Lead.objects.values_list("pk", flat=True))
    assert remaining == {history["tal_young"].pk, history["truhealing_45"].pk}
    for name in ("tal_old", "truhealing_old"):
        assert traces(history[name]) == {"jobs": 0, "log": 0, "index": 0}
    for name in ("tal_young", "truhealing_45"):
        assert traces(history[name]) == {"jobs": 1, "log": 1, "index": 1}


def test_old_rate_counters_go_too(history):
    RateCounterFactory(window_start=timezone.now() - datetime.timedelta(days=3))
    current = RateCounterFactory()

    purge("--yes")

    assert list(RateCounter.objects.all()) == [current]
