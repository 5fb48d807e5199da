import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.models import Locale, Page, Site

from blog.demo import load_blog
from home.demo import CLINICS, CRISIS_NOTICE
from home.models import ClinicSettings, HomePage, Notice, StandardPage
from leads.models import ContactPage

WAGTAIL_PLACEHOLDER_TITLE = "Welcome to your new Wagtail site!"


class Command(BaseCommand):
    help = (
        "Create the demo clinics (sites, settings, notices, pages). Creates only "
        "what is missing and never changes what an editor has edited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port the development server answers on (default: $PORT or 8000).",
        )

    @transaction.atomic
    def handle(self, *args, port, **options):
        self.remove_wagtail_placeholder()
        crisis_notice = self.get_or_create_notice(CRISIS_NOTICE)
        sites = [self.load_clinic(clinic, port, crisis_notice) for clinic in CLINICS]
        self.create_demo_superuser()
        for site in sites:
            self.stdout.write(f"{site.site_name}: {site.root_url}/")
        self.stdout.write(f"Admin: http://localhost:{port}/admin/")

    def remove_wagtail_placeholder(self):
        """Wagtail's first migration makes a 'Welcome' page and a localhost site for
        it. Remove them while they are untouched, so the demo clinics take over."""
        placeholder = Page.objects.filter(
            depth=2, title=WAGTAIL_PLACEHOLDER_TITLE, numchild=0
        ).first()
        if placeholder is None or type(placeholder.specific) is not Page:
            return
        Site.objects.filter(root_page=placeholder).delete()
        placeholder.delete()

    def get_or_create_notice(self, spec):
        notice, _created = Notice.objects.get_or_create(
            name=spec["name"],
            locale=Locale.get_default(),
            defaults={"body": spec["body"]},
        )
        return notice

    def load_clinic(self, clinic, port, crisis_notice):
        home = self.get_or_create_home(clinic)
        site = Site.objects.filter(hostname=clinic["hostname"]).first()
        if site is None:
            is_default = (
                clinic["is_default_site"]
                and not Site.objects.filter(is_default_site=True).exists()
            )
            site = Site.objects.create(
                hostname=clinic["hostname"],
                port=port,
                site_name=clinic["site_name"],
                root_page=home,
                is_default_site=is_default,
            )
        pages = {
            spec["slug"]: self.get_or_create_child(home, StandardPage, spec)
            for spec in clinic["pages"]
        }
        contact = self.get_or_create_child(home, ContactPage, clinic["contact"])
        self.load_settings(site, clinic, crisis_notice, pages)
        ClinicSettings.objects.filter(site=site, contact_page__isnull=True).update(
            contact_page=contact
        )
        load_blog(
            home, site, clinic["settings"]["brand_colour"], self.get_or_create_child
        )
        return site

    def get_or_create_home(self, clinic):
        home = HomePage.objects.filter(depth=2, slug=clinic["home_slug"]).first()
        if home is None:
            spec = {"slug": clinic["home_slug"], **clinic["home"]}
            home = self.get_or_create_child(Page.get_first_root_node(), HomePage, spec)
        return home

    def get_or_create_child(self, parent, page_class, spec):
        existing = parent.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing.specific
        fields = {key: value for key, value in spec.items() if key != "tags"}
        page = page_class(**fields)
        if spec.get("tags"):
            page.tags.add(*spec["tags"])
        page = parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_settings(self, site, clinic, crisis_notice, pages):
        """Fill in a clinic's settings unless someone already named the clinic.

        A page view creates an empty settings row; that one still gets the demo.
        """
        clinic_settings = ClinicSettings.objects.filter(site=site).first()
        if clinic_settings is not None and clinic_settings.clinic_name:
            return
        clinic_settings = clinic_settings or ClinicSettings(site=site)
        for field, value in clinic["settings"].items():
            setattr(clinic_settings, field, value)
        notices = clinic["notices"]
        clinic_settings.disclaimer = self.get_or_create_notice(notices["disclaimer"])
        clinic_settings.footer_text = self.get_or_create_notice(notices["footer_text"])
        clinic_settings.crisis_notice = crisis_notice
        clinic_settings.privacy_policy_page = pages["privacy-policy"]
        clinic_settings.full_clean()
        clinic_settings.save()

    def create_demo_superuser(self):
        credentials = getattr(settings, "DEMO_SUPERUSER", None)
        if not credentials:
            return
        User = get_user_model()  # noqa: N806
        if not User.objects.filter(username=credentials["username"]).exists():
            User.objects.create_superuser(
                username=credentials["username"],
                email=f"{credentials['username']}@example.com",
                password=credentials["password"],
            )
        self.stdout.write(
            f"Demo admin login: {credentials['username']} / {credentials['password']}"
        )
