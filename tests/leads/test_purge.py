"""`manage.py purge_leads`: each site's retention period, a dry run unless --yes,
nothing left behind that points at a deleted request, nothing else touched, and
no personal data in what it prints."""

import datetime
import io

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models.query import QuerySet
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site
from wagtail.search import models as search_models
from wagtail.search.models import IndexEntry

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from leads import retention
from leads.delivery import deliver_lead
from leads.factories import LeadFactory, RateCounterFactory
from leads.models import Lead, RateCounter

pytestmark = pytest.mark.django_db

NOW = timezone.now()
PERSONAL = {
    "name": "Morgan Quill",
    "email": "morgan.quill@example.net",
    "phone": "+15135550199",
    "message": "Relapsed in March, please call",
    "ip_hmac": "f" * 64,
}


def aged(days, **fields):
    lead = LeadFactory(**PERSONAL, **fields)
    Lead.objects.filter(pk=lead.pk).update(
        created_at=NOW - datetime.timedelta(days=days)
    )
    return lead


def leave_traces(lead):
    """What a lead leaves elsewhere: a delivery job, audit-log entries, and (were
    it ever indexed) search-index rows, which on SQLite carry the text too."""
    deliver_lead.enqueue(lead.pk)
    log(lead, "wagtail.edit")
    log(lead, "leads.view")
    # On SQLite a trigger copies the text into the full-text table.
    IndexEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Lead),
        object_id=str(lead.pk),
        title=PERSONAL["name"],
        title_norm=1.0,
        body=PERSONAL["message"],
    )


def traces(lead):
    key = str(lead.pk)
    lead_type = ContentType.objects.get_for_model(Lead)
    counts = {
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
    if getattr(search_models, "SQLiteFTSIndexEntry", None):
        counts["fts"] = search_models.SQLiteFTSIndexEntry.objects.filter(
            index_entry__object_id=key, index_entry__content_type=lead_type
        ).count()
    return counts


def all_traces(count):
    with_fts = getattr(search_models, "SQLiteFTSIndexEntry", None) is not None
    return {"jobs": count, "log": 2 * count, "index": count} | (
        {"fts": count} if with_fts else {}
    )


@pytest.fixture
def other_site(truhealing):
    """A site with no ClinicSettings: the model's default retention (365 days)."""
    return Site.objects.create(
        hostname="other.localhost", port=80, site_name="", root_page=truhealing.home
    )


@pytest.fixture
def leads(truhealing, tal, other_site, database_tasks):
    tal.routing.lead_retention_days = 30
    tal.routing.save()
    truhealing.routing.lead_retention_days = 365
    truhealing.routing.save()
    made = {
        "tal_old_sent": aged(31, site=tal.site, delivery=Lead.Delivery.SENT),
        "tal_old_pending": aged(45, site=tal.site),
        "tal_old_quarantined": aged(60, site=tal.site, quarantined=True),
        "tal_young": aged(29, site=tal.site),
        "truhealing_old_failed": aged(
            366, site=truhealing.site, delivery=Lead.Delivery.FAILED
        ),
        "truhealing_young": aged(45, site=truhealing.site),
        "other_old": aged(400, site=other_site, delivery=Lead.Delivery.SENT),
        "other_young": aged(300, site=other_site),
    }
    for lead in made.values():
        leave_traces(lead)
    return made


EXPIRED = ["tal_old_sent", "tal_old_pending", "tal_old_quarantined"] + [
    "truhealing_old_failed",
    "other_old",
]
KEPT = ["tal_young", "truhealing_young", "other_young"]


def purge(*args):
    out = io.StringIO()
    call_command("purge_leads", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Lead, DBTaskResult, ModelLogEntry, IndexEntry, RateCounter)
    }


def test_dry_run_counts_per_site_and_deletes_nothing(leads):
    before = row_counts()

    output = purge()

    assert output.splitlines() == [
        "other.localhost, kept 365 days: 1 return request past "
        "it would be deleted (0 never delivered, 0 in quarantine).",
        "Tal Behavioral Health Cleveland (tal.localhost), kept 30 days: 3 return "
        "requests past it would be deleted (1 never delivered, 1 in quarantine).",
        "TruHealing Cincinnati (truhealing.localhost), kept 365 days: 1 return "
        "request past it would be deleted (1 never delivered, 0 in quarantine).",
        "0 expired rate-limit counters would be deleted.",
        "Dry run: nothing deleted. Run with --yes to delete.",
    ]
    assert row_counts() == before


def test_yes_deletes_expired_leads_and_their_traces_only(leads):
    output = purge("--yes")

    assert set(Lead.objects.values_list("pk", flat=True)) == {
        leads[name].pk for name in KEPT
    }
    for name in EXPIRED:
        assert traces(leads[name]) == all_traces(0), name
    for name in KEPT:
        assert traces(leads[name]) == all_traces(1), name
    assert output.splitlines()[1] == (
        "Tal Behavioral Health Cleveland (tal.localhost), kept 30 days: 3 return "
        "requests past it, 3 deleted (1 never delivered, 1 in quarantine)."
    )
    assert output.splitlines()[-1] == "5 return requests deleted in all."


def test_yes_leaves_rows_of_other_tasks_and_models_alone(leads, tal):
    old = leads["tal_old_sent"]
    site_type = ContentType.objects.get_for_model(Site)
    # Rows that merely share the old lead's id.
    other_job = DBTaskResult.objects.create(
        task_path="wagtail.tasks.update_reference_index_task",
        args_kwargs={"args": [old.pk], "kwargs": {}},
        backend_name="default",
        run_after=NOW,
    )
    site_log = ModelLogEntry.objects.create(
        content_type=site_type,
        object_id=str(old.pk),
        label="A site",
        action="wagtail.edit",
        timestamp=NOW,
    )
    site_entry = IndexEntry.objects.create(
        content_type=site_type, object_id=str(old.pk), title="A site", title_norm=1.0
    )

    purge("--yes")

    assert DBTaskResult.objects.filter(pk=other_job.pk).exists()
    assert ModelLogEntry.objects.filter(pk=site_log.pk).exists()
    assert IndexEntry.objects.filter(pk=site_entry.pk).exists()


def test_output_has_no_personal_data(leads):
    output = purge() + purge("--yes")

    for value in PERSONAL.values():
        assert value not in output
    assert "555-0199" not in output
    assert "morgan" not in output.lower()


def test_a_lead_being_delivered_right_now_waits_for_the_next_run(tal, leads):
    busy = leads["tal_old_pending"]
    DBTaskResult.objects.filter(args_kwargs__args__0=busy.pk).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    # A job whose worker died long ago does not hold its lead back.
    dead = leads["tal_old_quarantined"]
    DBTaskResult.objects.filter(args_kwargs__args__0=dead.pk).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - datetime.timedelta(hours=1),
    )

    output = purge("--yes")

    assert Lead.objects.filter(pk=busy.pk).exists()
    assert traces(busy) == all_traces(1)
    assert not Lead.objects.filter(pk=dead.pk).exists()
    assert traces(dead) == all_traces(0)
    assert output.splitlines()[1] == (
        "Tal Behavioral Health Cleveland (tal.localhost), kept 30 days: 3 return "
        "requests past it, 2 deleted (1 never delivered, 1 in quarantine). "
        "1 is being delivered right now: left for the next run."
    )


def test_a_crash_mid_purge_leaves_no_half_deleted_lead(leads, monkeypatch):
    monkeypatch.setattr(retention, "BATCH_SIZE", 1)
    delete = QuerySet.delete
    lead_deletes = []

    def crash_on_second_lead(queryset):
        if queryset.model is Lead:
            lead_deletes.append(1)
            if len(lead_deletes) == 2:
                raise RuntimeError("power cut")
        return delete(queryset)

    monkeypatch.setattr(QuerySet, "delete", crash_on_second_lead)

    with pytest.raises(RuntimeError, match="power cut"):
        purge("--yes")

    # other.localhost comes first: its one expired lead went, with its traces.
    # Tal's first batch was rolled back whole, traces included.
    assert not Lead.objects.filter(pk=leads["other_old"].pk).exists()
    assert traces(leads["other_old"]) == all_traces(0)
    for name in ["tal_old_sent", "tal_old_pending", "tal_old_quarantined"]:
        assert Lead.objects.filter(pk=leads[name].pk).exists()
        assert traces(leads[name]) == all_traces(1), name


def test_many_leads_go_in_batches(tal, database_tasks, monkeypatch):
    monkeypatch.setattr(retention, "BATCH_SIZE", 2)
    old = [aged(40, site=tal.site) for _ in range(5)]
    for lead in old:
        leave_traces(lead)
    tal.routing.lead_retention_days = 30
    tal.routing.save()

    purge("--yes")

    assert Lead.objects.count() == 0
    for lead in old:
        assert traces(lead) == all_traces(0)


def test_rate_counters_whose_window_ended_over_a_day_ago_go(truhealing, settings):
    settings.LEADS_RATE_WINDOW = 600
    window = datetime.timedelta(seconds=600)
    day = datetime.timedelta(days=1)
    stale = RateCounterFactory(window_start=timezone.now() - window - day * 2)
    recent = RateCounterFactory(
        window_start=timezone.now() - window - day + datetime.timedelta(minutes=5)
    )
    current = RateCounterFactory()

    assert "1 expired rate-limit counter would be deleted." in purge()
    assert RateCounter.objects.count() == 3

    assert "1 expired rate-limit counter deleted." in purge("--yes")
    assert set(RateCounter.objects.all()) == {recent, current}
    assert stale.pk not in RateCounter.objects.values_list("pk", flat=True)


def test_counts_are_returned(leads):
    report = retention.purge_expired(delete=False)

    tal = next(p for p in report.sites if p.site.hostname == "tal.localhost")
    assert (tal.expired, tal.undelivered, tal.quarantined, tal.deleted) == (3, 1, 1, 0)
    assert (report.expired, report.deleted) == (5, 0)

    report = retention.purge_expired(delete=True)

    assert (report.expired, report.deleted) == (5, 5)
    assert retention.purge_expired(delete=True).expired == 0
