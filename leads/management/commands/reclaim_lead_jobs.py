import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from home.workers import Outage, close_connections
from leads.delivery import reclaim_stale_jobs
from leads.health import WorkerAlarm


class Command(BaseCommand):
    help = (
        "The lead watchdog: re-queue return-request deliveries of dead workers, "
        "and report overdue deliveries with no lead worker. Run it every minute "
        "(cron), or with --every to loop; a loop outlives database outages."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Repeat every N seconds."
        )

    def handle(self, *args, every, **options):
        alarm = WorkerAlarm()
        if not every:
            self.tick(alarm)
            return
        outage = Outage("Lead watchdog", ceiling=every)
        while True:
            try:
                self.tick(alarm)
            except Exception as error:  # noqa: BLE001 (a watchdog must not stop)
                close_connections()
                time.sleep(outage.failed(error))
                continue
            outage.over()
            time.sleep(every)

    def tick(self, alarm):
        close_old_connections()  # as a request or a worker's turn would
        reclaimed = reclaim_stale_jobs()
        if reclaimed:
            self.stdout.write(f"Re-queued {len(reclaimed)} lead deliveries.")
        alarm.check()
