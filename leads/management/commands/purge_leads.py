from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leads.retention import purge_expired


class Command(BaseCommand):
    @property
    def help(self):  # translated when shown (argparse refuses lazy strings)
        return _(
            "Delete return requests older than their clinic's retention period "
            "(Settings > Clinic settings), with their delivery task rows, "
            "audit-log entries and search-index rows, and expired rate-limit "
            "counters. A dry run (counts only) unless --yes is given."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            action="store_true",
            help=_("Delete them (without it, only count)."),
        )

    def handle(self, *args, yes=False, **options):
        report = purge_expired(delete=yes)
        for purge in report.sites:
            self.stdout.write(site_line(purge, yes))
        for line in summary(report, yes):
            self.stdout.write(line)


def summary(report, deleting):
    counters = {"count": report.rate_counters}
    if not deleting:
        return [
            ngettext(
                "%(count)d expired rate-limit counter would be deleted.",
                "%(count)d expired rate-limit counters would be deleted.",
                report.rate_counters,
            )
            % counters,
            _("Dry run: nothing deleted. Run with --yes to delete."),
        ]
    return [
        ngettext(
            "%(count)d expired rate-limit counter deleted.",
            "%(count)d expired rate-limit counters deleted.",
            report.rate_counters,
        )
        % counters,
        ngettext(
            "%(count)d return request deleted in all.",
            "%(count)d return requests deleted in all.",
            report.deleted,
        )
        % {"count": report.deleted},
    ]


def site_line(purge, deleting):
    """One site's counts. Never anything a visitor wrote: the site and numbers."""
    values = {
        "site": site_label(purge.site),
        "days": ngettext("%(count)d day", "%(count)d days", purge.retention_days)
        % {"count": purge.retention_days},
        "requests": requests(purge.expired),
        "deleted": purge.deleted,
        "undelivered": purge.undelivered,
        "quarantined": purge.quarantined,
    }
    if not deleting:
        return (
            _(
                "%(site)s, kept %(days)s: %(requests)s past it would "
                "be deleted (%(undelivered)d never delivered, %(quarantined)d in "
                "quarantine)."
            )
            % values
        )
    line = (
        _(
            "%(site)s, kept %(days)s: %(requests)s past it, "
            "%(deleted)d deleted (%(undelivered)d never delivered, %(quarantined)d "
            "in quarantine)."
        )
        % values
    )
    if purge.in_delivery:
        line += " " + ngettext(
            "%(count)d is being delivered right now: left for the next run.",
            "%(count)d are being delivered right now: left for the next run.",
            purge.in_delivery,
        ) % {"count": purge.in_delivery}
    return line


def requests(count):
    return ngettext("%(count)d return request", "%(count)d return requests", count) % {
        "count": count
    }


def site_label(site):
    if site.site_name:
        return f"{site.site_name} ({site.hostname})"
    return site.hostname
