import time
from dataclasses import dataclass

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from home.workers import Outage, close_connections

DAY = 24 * 60 * 60


@dataclass
class Job:
    """A management command run every ``period`` seconds (None: every turn)."""

    name: str
    args: tuple
    options: dict
    period: int | None = None
    last_run: float | None = None

    def due(self, now):
        if self.period is None or self.last_run is None:
            return True
        return now - self.last_run >= self.period

    def run(self, stdout):
        call_command(self.name, *self.args, stdout=stdout, **self.options)


def jobs():
    """The site's periodic work:

    - Wagtail's ``publish_scheduled``: pages and snippets whose go-live time has
      come are published, those whose expiry has passed unpublished;
    - ``purge_leads --yes``: return requests past their clinic's retention;
    - ``prune_db_task_results``: finished background-task results older than two
      weeks (a month for failed ones), per queue.
    """
    return [
        Job("publish_scheduled", (), {}),
        Job("purge_leads", (), {"yes": True}, period=DAY),
        *(
            Job(
                "prune_db_task_results",
                (),
                {"queue_name": queue, "min_age_days": 14, "failed_min_age_days": 30},
                period=DAY,
            )
            for queue in stored_result_queues()
        ),
    ]


def stored_result_queues():
    """The queues whose results the task backend keeps in the database; none
    with a backend that keeps none (the tests' immediate backend)."""
    backend = settings.TASKS["default"]
    if backend["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return []
    return backend.get("QUEUES", ["default"])


class Command(BaseCommand):
    help = (
        "The site's periodic work in one process: scheduled publishing every "
        "--every seconds (default 60), purging expired return requests and "
        "pruning old task results once a day. Outlives database outages. With "
        "--once, runs everything once and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60)
        parser.add_argument("--once", action="store_true")

    def handle(self, *args, every, once, **options):
        schedule = jobs()
        if once:
            self.turn(schedule)
            return
        outage = Outage("Scheduler", ceiling=every)
        while True:
            try:
                self.turn(schedule)
            except Exception as error:  # noqa: BLE001 (the scheduler must not stop)
                close_connections()
                time.sleep(outage.failed(error))
                continue
            outage.over()
            time.sleep(every)

    def turn(self, schedule):
        """Run every job that is due. A job that fails is tried again next turn;
        the others still run."""
        close_old_connections()
        first_error = None
        for job in schedule:
            now = time.monotonic()
            if not job.due(now):
                continue
            try:
                job.run(self.stdout)
            except Exception as error:  # noqa: BLE001 (the next job still runs)
                first_error = first_error or error
                continue
            job.last_run = now
        if first_error is not None:
            raise first_error
