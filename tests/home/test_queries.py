"""Pages cost a fixed number of queries, however much per-site data they show."""

import pytest

from home.factories import NoticeFactory, StandardPageFactory
from leads.factories import ContactPageFactory


@pytest.fixture
def full_settings(truhealing):
    clinic = truhealing.settings
    clinic.crisis_notice = NoticeFactory()
    clinic.footer_text = NoticeFactory()
    clinic.privacy_policy_page = StandardPageFactory(
        parent=truhealing.home, slug="privacy-policy", show_in_menus=True
    )
    clinic.contact_page = StandardPageFactory(
        parent=truhealing.home, slug="contact", show_in_menus=True
    )
    clinic.office_hours = [
        ("hours", {"weekday": str(day), "opens": "08:00", "closes": "17:00"})
        for day in range(5)
    ]
    clinic.save()
    return truhealing


def test_home_page_queries(
    page_cache_off, client, full_settings, django_assert_num_queries
):
    client.get("/", HTTP_HOST=full_settings.host)

    with django_assert_num_queries(0):
        response = client.get("/", HTTP_HOST=full_settings.host)

    assert response.status_code == 200


def test_standard_page_queries(
    page_cache_off, client, full_settings, django_assert_num_queries
):
    client.get("/contact/", HTTP_HOST=full_settings.host)

    # The page under the home page comes from the content cache (home.routing).
    with django_assert_num_queries(0):
        response = client.get("/contact/", HTTP_HOST=full_settings.host)

    assert response.status_code == 200


def test_contact_page_queries(
    page_cache_off, client, full_settings, django_assert_num_queries
):
    ContactPageFactory(parent=full_settings.home, slug="get-in-touch")
    client.get("/get-in-touch/", HTTP_HOST=full_settings.host)

    with django_assert_num_queries(0):
        response = client.get("/get-in-touch/", HTTP_HOST=full_settings.host)

    assert response.status_code == 200
    assert b"data-lead-form" in response.content
