"""Two clinic sites for every test that needs them, so that each multi-site rule is
checked against a second clinic."""

from dataclasses import dataclass

from django.conf import settings as django_settings
from django.core.cache import caches
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page, Site
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

import pytest

from home.factories import ClinicSettingsFactory, HomePageFactory, NoticeFactory
from home.models import ClinicSettings, HomePage
from leads.models import LeadSettings


@dataclass
class Clinic:
    site: Site
    home: HomePage
    settings: ClinicSettings
    routing: LeadSettings

    @property
    def host(self):
        return self.site.hostname


def make_clinic(*, hostname, name, phone, is_default_site, disclaimer):
    home = HomePageFactory(
        parent=Page.get_first_root_node(), title=name, hero_heading=f"Welcome to {name}"
    )
    site = Site.objects.create(
        hostname=hostname,
        port=80,
        site_name=name,
        root_page=home,
        is_default_site=is_default_site,
    )
    settings = ClinicSettingsFactory(
        site=site,
        clinic_name=name,
        phone=phone,
        disclaimer=NoticeFactory(
            site=site, name=f"Disclaimer {name}", body=f"<p>{disclaimer}</p>"
        ),
    )
    routing = LeadSettings.objects.create(
        site=site, lead_inboxes=f"admissions@{hostname}"
    )
    return Clinic(site=site, home=home, settings=settings, routing=routing)


@pytest.fixture(autouse=True)
def fresh_cache():
    """The database rolls back after each test; the caches must forget with it."""
    for alias in django_settings.CACHES:
        caches[alias].clear()
    yield
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def page_cache_off(settings):
    """Every request renders its page: for tests that count a render's queries."""
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture(autouse=True)
def default_language():
    """A request to a Spanish page leaves Spanish active in the thread (Django's
    LocaleMiddleware does not switch back), and a management command run
    in-process restores it: no test inherits another's language."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def truhealing(db):
    # Wagtail's first migration made a default "localhost" site: TruHealing replaces
    # it as the default, as load_demo does.
    Site.objects.filter(is_default_site=True).delete()
    return make_clinic(
        hostname="truhealing.localhost",
        name="TruHealing Cincinnati",
        phone="+18886439118",
        is_default_site=True,
        disclaimer="TruHealing disclaimer: not medical advice.",
    )


@pytest.fixture
def tal(db, truhealing):
    return make_clinic(
        hostname="tal.localhost",
        name="Tal Behavioral Health Cleveland",
        phone="+12164804860",
        is_default_site=False,
        disclaimer="Tal disclaimer: talk with a licensed provider.",
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="root", email="root@clinic.example", password="pw"
    )
    client.force_login(user)
    return client


def settings_form_data(client, clinic):
    """The admin's own edit form, as a browser would submit it. StreamFields are
    drawn by JavaScript, so their inputs are added the way the admin posts them."""
    html = client.get(settings_url(clinic)).content.decode()
    if "w-editor-form" not in html:
        raise AssertionError(f"No settings form for this user: {html[:300]}")
    data = querydict_from_html(html, form_id="w-editor-form")
    office_hours = [
        ("hours", {"weekday": str(day), "opens": "08:00", "closes": "17:00"})
        for day in range(5)
    ]
    data.update(
        nested_form_data(
            {"office_hours": streamfield(office_hours), "social_links": streamfield([])}
        )
    )
    return data


def settings_url(clinic):
    return reverse(
        "wagtailsettings:edit", args=["home", "clinicsettings", clinic.site.pk]
    )


def routing_url(clinic):
    return reverse(
        "wagtailsettings:edit", args=["leads", "leadsettings", clinic.site.pk]
    )


def routing_form_data(client, clinic):
    html = client.get(routing_url(clinic)).content.decode()
    return querydict_from_html(html, form_id="w-editor-form")
