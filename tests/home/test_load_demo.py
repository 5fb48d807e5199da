"""`manage.py load_demo` creates only what is missing and never undoes an edit."""

import io
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Revision,
    Site,
)

import pytest

from home.models import ClinicSettings, ClinicTeam, HomePage, Notice, StandardPage
from leads.models import ContactPage, LeadSettings
from tests.conftest import (
    routing_form_data,
    routing_url,
    settings_form_data,
    settings_url,
)
from tests.demo_fixture import demo_loaded_once

pytestmark = pytest.mark.django_db


def load_demo(**kwargs):
    out = io.StringIO()
    # The Spanish translations have their own tests (test_demo_spanish.py).
    call_command("load_demo", port=8000, english_only=True, stdout=out, **kwargs)
    return out.getvalue()


@pytest.fixture(scope="module")
def first_run(django_db_setup, django_db_blocker):
    """The output of load_demo's first run, whose demo every test of the module
    starts from. Loaded once for the module, as it takes seconds: what a test
    changes, a second run included, is rolled back after it (see
    tests/demo_fixture.py)."""
    with demo_loaded_once(django_db_blocker, load_demo) as output:
        yield output


def snapshot():
    return {
        "sites": sorted(
            Site.objects.values_list(
                "hostname", "port", "is_default_site", "root_page_id"
            )
        ),
        "pages": sorted(Page.objects.values_list("id", "url_path", "live")),
        "revisions": Revision.objects.count(),
        "settings": sorted(
            ClinicSettings.objects.values_list("site__hostname", "clinic_name", "phone")
        ),
        "routing": sorted(
            LeadSettings.objects.values_list("site__hostname", "lead_inboxes")
        ),
        "notices": sorted(Notice.objects.values_list("site_id", "name", "body")),
        "collections": sorted(Collection.objects.values_list("path", "name")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "users": sorted(
            get_user_model().objects.values_list("username", "groups__name")
        ),
        "grants": [
            GroupPagePermission.objects.count(),
            GroupCollectionPermission.objects.count(),
            GroupSitePermission.objects.count(),
        ],
    }


def test_creates_both_clinics_with_their_real_numbers(first_run):
    output = first_run

    truhealing = ClinicSettings.objects.get(site__hostname="truhealing.localhost")
    tal = ClinicSettings.objects.get(site__hostname="tal.localhost")
    assert truhealing.phone_e164 == "+18886439118"
    assert truhealing.phone_label == "(888) 643-9118"
    assert tal.phone_e164 == "+12164804860"
    assert tal.phone_label == "(216) 480-4860"
    assert truhealing.site.is_default_site is True
    assert tal.site.is_default_site is False
    for clinic in (truhealing, tal):
        routing = LeadSettings.objects.get(site=clinic.site)
        assert all(a.endswith(".example") for a in routing.lead_inbox_list)
        assert clinic.privacy_policy_page.slug == "privacy-policy"
        assert clinic.privacy_policy_page.get_site() == clinic.site
        assert clinic.disclaimer is not None
    assert "TruHealing Cincinnati: http://truhealing.localhost:8000/" in output
    assert "Tal Behavioral Health Cleveland: http://tal.localhost:8000/" in output
    assert "Admin: http://localhost:8000/admin/" in output


def test_replaces_wagtails_untouched_welcome_site(first_run):
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    assert Site.objects.count() == 2
    assert HomePage.objects.live().count() == 2
    assert StandardPage.objects.live().count() == 4


def test_second_run_changes_nothing(first_run):
    before = snapshot()

    load_demo()

    assert snapshot() == before


def test_second_run_keeps_what_an_editor_changed(first_run, admin_client):
    tal = ClinicSettings.objects.get(site__hostname="tal.localhost")
    data = settings_form_data(admin_client, tal)
    data["phone_display"] = "216.480.4860"
    data["phone"] = "+12165550123"
    assert admin_client.post(settings_url(tal), data).status_code == 302
    clinic = SimpleNamespace(site=tal.site)
    data = routing_form_data(admin_client, clinic)
    data["lead_inboxes"] = "frontdesk@tal-cleveland.example"
    assert admin_client.post(routing_url(clinic), data).status_code == 302
    Group.objects.filter(name="Tal Behavioral Health Cleveland Editors").update(
        name="Tal writers"
    )
    home = HomePage.objects.get(slug="tal-cleveland")
    home.hero_heading = "Edited by marketing"
    home.save_revision().publish()
    Page.objects.get(slug="about", url_path="/tal-cleveland/about/").delete()

    load_demo()

    tal.refresh_from_db()
    assert tal.phone_display == "216.480.4860"
    assert tal.phone_e164 == "+12165550123"
    routing = LeadSettings.objects.get(site=tal.site)
    assert routing.lead_inbox_list == ["frontdesk@tal-cleveland.example"]
    assert Group.objects.filter(name="Tal writers").exists()
    assert HomePage.objects.get(slug="tal-cleveland").hero_heading == (
        "Edited by marketing"
    )
    # A deleted demo page counts as missing and comes back; nothing else changes.
    assert Page.objects.filter(url_path="/tal-cleveland/about/").count() == 1


def test_fills_settings_row_created_by_an_early_page_view(first_run):
    ClinicSettings.objects.filter(site__hostname="tal.localhost").update(
        clinic_name="", phone=""
    )

    load_demo()

    tal = ClinicSettings.objects.get(site__hostname="tal.localhost")
    assert tal.clinic_name == "Tal Behavioral Health Cleveland"
    assert tal.phone_e164 == "+12164804860"


def test_demo_superuser_only_where_settings_define_one(first_run, settings):
    if hasattr(settings, "DEMO_SUPERUSER"):
        del settings.DEMO_SUPERUSER
    output = load_demo()
    assert get_user_model().objects.count() == 0
    assert "login" not in output

    settings.DEMO_SUPERUSER = {"username": "admin", "password": "clinic-demo"}
    output = load_demo()
    admin = get_user_model().objects.get(is_superuser=True)
    assert admin.username == "admin"
    assert admin.check_password("clinic-demo") is True
    assert "Demo admin login: admin / clinic-demo" in output
    # One user per role of each clinic's team, in that team's group only.
    for clinic in ("truhealing", "tal"):
        for role in ("editor", "moderator", "manager"):
            user = get_user_model().objects.get(username=f"{clinic}-{role}")
            assert user.is_superuser is False
            team = ClinicTeam.objects.get(site__hostname=f"{clinic}.localhost")
            assert list(user.groups.all()) == [getattr(team, f"{role}s")]
            assert user.check_password("clinic-demo") is True
            assert f"{clinic}-{role} / clinic-demo" in output


def test_demo_pages_render_on_their_hosts(first_run, client):
    truhealing = client.get("/", HTTP_HOST="truhealing.localhost")
    tal_about = client.get("/about/", HTTP_HOST="tal.localhost")
    localhost = client.get("/", HTTP_HOST="localhost")

    assert truhealing.status_code == 200
    assert "TruHealing Cincinnati" in truhealing.content.decode()
    assert tal_about.status_code == 200
    assert "<h1>About Tal Behavioral Health</h1>" in tal_about.content.decode()
    assert localhost.content == truhealing.content


def test_each_clinic_gets_a_contact_page_with_the_form(first_run, client):
    for hostname in ("truhealing.localhost", "tal.localhost"):
        clinic = ClinicSettings.objects.get(site__hostname=hostname)
        contact = clinic.contact_page.specific
        assert isinstance(contact, ContactPage)
        assert contact.live
        assert contact.get_site() == clinic.site
        html = client.get("/contact/", HTTP_HOST=f"{hostname}:8000").text
        assert 'action="/return-request/#lead-contact"' in html
