"""Two clinic sites for every test that needs them, so that each multi-site rule is
checked against a second clinic."""

from dataclasses import dataclass

from wagtail.models import Page, Site

import pytest

from home.factories import ClinicSettingsFactory, HomePageFactory, NoticeFactory
from home.models import ClinicSettings, HomePage


@dataclass
class Clinic:
    site: Site
    home: HomePage
    settings: ClinicSettings

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
            name=f"Disclaimer {name}", body=f"<p>{disclaimer}</p>"
        ),
    )
    return Clinic(site=site, home=home, settings=settings)


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
