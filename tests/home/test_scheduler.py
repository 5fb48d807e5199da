"""`manage.py run_scheduler`: the site's periodic work in one process (make run's
`scheduler`, a systemd unit in production). It publishes what is scheduled,
purges expired return requests, prunes old task results, and lives through a
database outage with nobody restarting it."""

import datetime
import io
import time

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import Page

import pytest
from django_tasks_db.models import DBTaskResult

from home.factories import StandardPageFactory
from leads.factories import LeadFactory
from leads.models import Lead
from tests.leads.conftest import database_tasks  # noqa: F401 (a fixture)
from tests.outage import Processes, database_down, output, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTAGE_SECONDS = 6


def scheduled_page(clinic, seconds_from_now):
    page = StandardPageFactory(parent=clinic.home, live=False)
    page.go_live_at = timezone.now() + datetime.timedelta(seconds=seconds_from_now)
    page.save_revision().publish()  # a go-live time to come: scheduled
    assert not Page.objects.get(pk=page.pk).live
    return page


def is_live(page):
    return lambda: Page.objects.filter(pk=page.pk, live=True).exists()


def old_task_result(days):
    """A finished task result from ``days`` ago, as a worker leaves it."""
    result = DBTaskResult.objects.create(
        task_path="wagtail.tasks.update_reference_index_task",
        args_kwargs={"args": [], "kwargs": {}},
        queue_name="default",
        backend_name="default",
        status="SUCCESSFUL",
        priority=0,
    )
    when = timezone.now() - datetime.timedelta(days=days)
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=when, started_at=when, finished_at=when
    )
    return result


def test_once_runs_every_job(database_tasks, truhealing):  # noqa: F811
    page = scheduled_page(truhealing, seconds_from_now=1)
    truhealing.routing.lead_retention_days = 30
    truhealing.routing.save()
    expired = LeadFactory(site=truhealing.site)
    Lead.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    kept = LeadFactory(site=truhealing.site)
    stale, recent = old_task_result(days=20), old_task_result(days=2)
    time.sleep(1.5)  # the page's go-live time passes

    call_command("run_scheduler", once=True, stdout=io.StringIO())

    assert is_live(page)()
    assert list(Lead.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not DBTaskResult.objects.filter(pk=stale.pk).exists()
    assert DBTaskResult.objects.filter(pk=recent.pk).exists()


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path, smtp_port=1)  # it sends no mail
    yield started
    started.stop_all()


def test_a_database_outage_stops_nothing(truhealing, processes):
    before = scheduled_page(truhealing, seconds_from_now=1)
    scheduler = processes.start("scheduler", ["run_scheduler", "--every", "1"])
    wait_until(is_live(before), "the page scheduled before the outage", scheduler)

    with database_down():
        time.sleep(OUTAGE_SECONDS)
        assert scheduler.poll() is None, output(scheduler)

    after = scheduled_page(truhealing, seconds_from_now=1)
    wait_until(is_live(after), "the page scheduled after it", scheduler)
    log = output(scheduler)
    assert log.count("the database is unavailable (OperationalError)") == 1, log
    assert log.count("working again after") == 1, log
    assert "Traceback" not in log
