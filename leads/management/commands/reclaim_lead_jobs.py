import time

from django.core.management.base import BaseCommand

from leads.delivery import reclaim_stale_jobs


class Command(BaseCommand):
    help = (
        "Re-enqueue return-request deliveries left running by a dead worker. "
        "Run it every minute (cron), or with --every to loop."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every", type=int, default=0, help="Repeat every N seconds."
        )

    def handle(self, *args, every, **options):
        while True:
            reclaimed = reclaim_stale_jobs()
            if reclaimed:
                self.stdout.write(f"Re-queued {len(reclaimed)} lead deliveries.")
            if not every:
                return
            time.sleep(every)
