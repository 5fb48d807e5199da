"""Background work goes through Django's tasks API on the database backend, and the
worker that `make run` starts is the one that runs it."""

from django.conf import settings
from django.core.management import call_command

import pytest
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from home.factories import StandardPageFactory
from home.models import StandardPage


@pytest.fixture
def database_tasks(settings):
    # As in cms/settings/base.py (dev and production).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "leads"],
        }
    }
    return task_backends["default"]


def test_settings_use_the_database_backend_with_a_leads_queue():
    from cms.settings import base

    assert base.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert base.TASKS["default"]["QUEUES"] == ["default", "leads"]


# The worker commits and closes its connections as in production, so this test
# runs outside the usual per-test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_wagtail_index_updates_wait_for_the_worker_then_run(database_tasks, truhealing):
    DBTaskResult.objects.all().delete()

    StandardPageFactory(parent=truhealing.home, title="Evening programs")
    assert list(StandardPage.objects.search("evening")) == []

    queued = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert queued.filter(task_path="wagtail.tasks.update_reference_index_task").exists()
    pending = queued.count()
    assert pending > 0

    call_command(
        "db_worker",
        "--batch",
        "--queue-name",
        "*",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )

    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 0
    assert (
        DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count()
        == pending
    )
    assert [page.title for page in StandardPage.objects.search("evening")] == [
        "Evening programs"
    ]


def test_make_run_gives_lead_mail_a_worker_of_its_own():
    """A worker takes due jobs by priority and time, whatever their queue: only a
    worker for `leads` alone keeps Wagtail's backlog from delaying a lead."""
    config = (settings.BASE_DIR / "dev-processes.conf").read_text()
    commands = [line for line in config.splitlines() if line.startswith("command=")]
    workers = [line for line in commands if " db_worker " in line]

    assert any("--queue-name leads " in line for line in workers)
    assert not any("'*'" in line or '"*"' in line for line in workers)
    assert any(" reclaim_lead_jobs --every " in line for line in commands)
