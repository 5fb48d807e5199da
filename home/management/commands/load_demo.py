import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Page, Site

from blog.demo import load_blog
from home.demo import CLINICS, CRISIS_NOTICE, logo_svg
from home.demo_translations import translate_demo
from home.models import ClinicSettings, StandardPage
from home.teams import NoticeText, add_clinic
from leads.models import ContactPage, LeadSettings

WAGTAIL_PLACEHOLDER_TITLE = "Welcome to your new Wagtail site!"


class Command(BaseCommand):
    help = (
        "Create the demo clinics with add_clinic (sites, settings, notices, teams) "
        "and their pages, and demo users for each role in development. Creates "
        "only what is missing and never changes what an editor has edited."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="Port the development server answers on (default: $PORT or 8000).",
        )
        parser.add_argument(
            "--english-only",
            action="store_true",
            help="Leave out the Spanish translations (they take most of the time): "
            "for tests of the English demo.",
        )

    @transaction.atomic
    def handle(self, *args, port, english_only=False, **options):
        self.remove_wagtail_placeholder()
        teams = [(clinic, self.load_clinic(clinic, port)) for clinic in CLINICS]
        if not english_only:
            for _clinic, team in teams:
                translate_demo(team.site)
        self.create_demo_superuser()
        for clinic, team in teams:
            self.stdout.write(f"{team.site.site_name}: {team.site.root_url}/")
            self.create_demo_team(clinic["demo_users"], team)
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

    def load_clinic(self, clinic, port):
        team, created = add_clinic(
            hostname=clinic["hostname"],
            name=clinic["site_name"],
            phone=clinic["settings"]["phone"],
            port=port,
            home_slug=clinic["home_slug"],
            is_default_site=(
                clinic["is_default_site"]
                and not Site.objects.filter(is_default_site=True).exists()
            ),
            notices=notice_texts(clinic),
            home_fields=clinic["home"],
            update=False,
        )
        site = team.site
        home = site.root_page.specific
        pages = {
            spec["slug"]: self.get_or_create_child(home, StandardPage, spec)
            for spec in clinic["pages"]
        }
        contact = self.get_or_create_child(home, ContactPage, clinic["contact"])
        if created:
            self.load_settings(site, clinic, pages, contact, team.collection)
        load_blog(
            home,
            site,
            clinic["settings"]["brand_colour"],
            self.get_or_create_child,
            team.collection,
        )
        return team

    def get_or_create_child(self, parent, page_class, spec):
        existing = parent.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing.specific
        fields = {key: value for key, value in spec.items() if key != "topics"}
        page = page_class(**fields)
        if spec.get("topics"):
            page.topics = spec["topics"]
        page = parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def load_settings(self, site, clinic, pages, contact, collection):
        """The demo's facts, logo and routing for a clinic add_clinic just
        created; a clinic that already existed keeps what its team set."""
        clinic_settings = ClinicSettings.objects.get(site=site)
        for field, value in clinic["settings"].items():
            setattr(clinic_settings, field, value)
        clinic_settings.logo = demo_logo(clinic, collection)
        clinic_settings.privacy_policy_page = pages["privacy-policy"]
        clinic_settings.contact_page = contact
        clinic_settings.full_clean()
        clinic_settings.save()
        routing = LeadSettings.for_site_id(site.pk)
        for field, value in clinic["routing"].items():
            setattr(routing, field, value)
        routing.full_clean()
        routing.save()

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

    def create_demo_team(self, prefix, team):
        """One user per role of the clinic's team (development only: the
        password is the demo superuser's), and their logins."""
        credentials = getattr(settings, "DEMO_SUPERUSER", None)
        if not credentials:
            return
        User = get_user_model()  # noqa: N806
        for role, group in team.groups().items():
            username = f"{prefix}-{role.removesuffix('s')}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username,
                    email=f"{username}@example.com",
                    password=credentials["password"],
                )
                user.groups.add(group)
            self.stdout.write(f"  {role}: {username} / {credentials['password']}")


def notice_texts(clinic):
    texts = {
        field: NoticeText(spec["name"], spec["body"])
        for field, spec in clinic["notices"].items()
    }
    texts["crisis_notice"] = NoticeText(
        CRISIS_NOTICE["name"] % {"clinic": clinic["site_name"]},
        CRISIS_NOTICE["body"],
    )
    return texts


def demo_logo(clinic, collection):
    """The clinic's demo logo, an SVG image in its collection. Made here only:
    the admin does not take SVG uploads (docs/configuration.md)."""
    svg, width = logo_svg(clinic["logo_text"], clinic["settings"]["brand_colour"])
    return get_image_model().objects.create(
        title=f"{clinic['site_name']} logo",
        file=ContentFile(svg.encode(), name=f"{clinic['home_slug']}-logo.svg"),
        width=width,
        height=48,
        collection=collection,
    )
