from django.core.management.base import BaseCommand

from leads.models import Lead
from leads.retention import delete_leads, expired_leads, forget_rate_counters


class Command(BaseCommand):
    help = (
        "Delete return requests older than each clinic's retention period "
        "(Settings > Clinic settings), with their delivery records, audit-log "
        "entries and search-index rows. A dry run unless --yes is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes", action="store_true", help="Delete (default: only report)."
        )

    def handle(self, *args, yes=False, **options):
        total = 0
        for site, leads in expired_leads().items():
            ids = list(leads.values_list("pk", flat=True))
            if not ids:
                continue
            undelivered = leads.exclude(delivery=Lead.Delivery.SENT).count()
            name = site.site_name or site.hostname
            note = f" ({undelivered} never delivered)" if undelivered else ""
            verb = "Deleting" if yes else "Would delete"
            self.stdout.write(f"{name}: {verb} {len(ids)} return requests{note}.")
            if yes:
                delete_leads(ids)
            total += len(ids)
        if yes:
            forget_rate_counters()
            self.stdout.write(f"Deleted {total} return requests.")
        else:
            self.stdout.write(
                f"Dry run: {total} return requests would be deleted. "
                "Run with --yes to delete them."
            )
