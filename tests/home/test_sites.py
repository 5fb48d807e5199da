"""Two clinics from one install: each hostname renders its own site and settings."""

import re

from django.db import OperationalError, connection
from django.test import RequestFactory

import pytest

from cms.urls import handler500
from home.views import server_error


def get(client, clinic_or_host, path="/"):
    host = getattr(clinic_or_host, "host", clinic_or_host)
    return client.get(path, HTTP_HOST=host)


@pytest.mark.parametrize(
    "clinic_name, phone_href, phone_label, other_name",
    [
        (
            "truhealing",
            'href="tel:+18886439118"',
            "(888) 643-9118",
            "Tal Behavioral Health",
        ),
        (
            "tal",
            'href="tel:+12164804860"',
            "(216) 480-4860",
            "TruHealing",
        ),
    ],
)
def test_each_host_renders_its_own_clinic(
    client, request, tal, clinic_name, phone_href, phone_label, other_name
):
    clinic = request.getfixturevalue(clinic_name)

    response = get(client, clinic)

    assert response.status_code == 200
    assert response.templates[0].name == "home/home_page.html"
    html = response.content.decode()
    assert f"<h1>Welcome to {clinic.settings.clinic_name}</h1>" in html
    assert phone_href in html
    assert phone_label in html
    assert other_name not in html


def test_home_page_shows_crisis_notice_and_disclaimer(client, tal):
    html = get(client, tal).content.decode()

    assert 'href="tel:988"' in html
    assert 'href="tel:911"' in html
    assert "Tal disclaimer: talk with a licensed provider." in html
    assert "TruHealing disclaimer" not in html


def test_unknown_host_gets_the_default_clinic(client, truhealing, tal):
    response = get(client, "unknown.localhost")

    assert response.status_code == 200
    assert "<h1>Welcome to TruHealing Cincinnati</h1>" in response.content.decode()


def test_host_outside_allowed_hosts_gets_400(client, truhealing):
    assert get(client, "evil.example").status_code == 400


def test_settings_change_shows_on_that_site_only(client, truhealing, tal):
    tal.settings.phone = "+12165550199"
    tal.settings.phone_display = "216-555-0199"
    tal.settings.save()

    tal_html = get(client, tal).content.decode()
    truhealing_html = get(client, truhealing).content.decode()

    assert 'href="tel:+12165550199"' in tal_html
    assert "216-555-0199" in tal_html
    assert 'href="tel:+18886439118"' in truhealing_html
    assert "216-555-0199" not in truhealing_html


def test_brand_colour_is_per_site(client, truhealing, tal):
    tal.settings.brand_colour = "#5b2a86"
    tal.settings.save()

    assert "--brand: #5b2a86;" in get(client, tal).content.decode()
    assert "--brand: #1d5c63;" in get(client, truhealing).content.decode()


def test_pages_make_no_third_party_requests(client, truhealing):
    html = get(client, truhealing).content.decode()

    fetched = re.findall(
        r'<(?:script|img|iframe|source)[^>]+(?:src|srcset)="([^"]*)"'
        r'|<link[^>]+rel="(?:stylesheet|icon|preload|modulepreload)"[^>]+href="([^"]*)"',
        html,
    )
    urls = [url for pair in fetched for url in pair if url]
    assert urls, "the page loads its own stylesheet and icon"
    assert [url for url in urls if re.match(r"(https?:)?//", url)] == []


def test_page_is_accessible_in_structure(client, truhealing):
    html = get(client, truhealing).content.decode()

    assert '<html lang="en">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "clinic_name, phone_href",
    [("truhealing", "tel:+18886439118"), ("tal", "tel:+12164804860")],
)
def test_404_is_branded_per_site(client, request, tal, clinic_name, phone_href):
    clinic = request.getfixturevalue(clinic_name)

    response = get(client, clinic, "/no-such-page/")

    assert response.status_code == 404
    assert response.templates[0].name == "404.html"
    html = response.content.decode()
    assert "We couldn't find that page" in html
    assert f"| {clinic.settings.clinic_name}</title>" in html
    assert f'href="{phone_href}"' in html
    assert 'href="tel:988"' in html


def test_500_is_branded_per_site(tal):
    assert handler500 is server_error
    request = RequestFactory().get("/", HTTP_HOST=tal.host)

    response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert "| Tal Behavioral Health Cleveland</title>" in html
    assert 'href="tel:+12164804860"' in html


def test_500_page_still_renders_when_the_database_is_down(tal):
    request = RequestFactory().get("/", HTTP_HOST=tal.host)

    def database_down(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(database_down):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert 'href="tel:988"' in html
