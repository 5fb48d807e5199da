from django.core.management.base import BaseCommand, CommandError

from home.teams import add_clinic


class Command(BaseCommand):
    help = (
        "Add a clinic, or bring one up to date: its site and home page, settings, "
        "notices, image collection, and its Editors, Moderators and Managers "
        "groups with permissions on this clinic only. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hostname", required=True, help="e.g. tal.example.org")
        parser.add_argument("--name", required=True, help="e.g. Tal Cleveland")
        parser.add_argument(
            "--phone",
            help="The number visitors call, e.g. +12165550100 (new clinics).",
        )
        parser.add_argument("--port", type=int, default=80)
        parser.add_argument(
            "--slug", help="The home page's slug (default: from the name)."
        )
        parser.add_argument(
            "--default-site",
            action="store_true",
            help="Serve this clinic for hostnames no site matches.",
        )

    def handle(self, *args, hostname, name, phone, port, slug, default_site, **options):
        try:
            team, created = add_clinic(
                hostname=hostname,
                name=name,
                phone=phone,
                port=port,
                home_slug=slug,
                is_default_site=default_site,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{'Added' if created else 'Updated'} {team.site.site_name}: "
            f"{team.site.root_url}/"
        )
        for role, group in team.groups().items():
            self.stdout.write(f"  {role}: group “{group.name}”")
        self.stdout.write(f"  images and documents: collection “{team.collection}”")
