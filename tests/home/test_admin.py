"""Superusers edit each clinic's settings in the Wagtail admin."""

from django.urls import reverse

from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

import pytest

from home.models import ClinicSettings


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="root", email="root@clinic.example", password="pw"
    )
    client.force_login(user)
    return client


def settings_form_data(client, clinic):
    """The admin's own edit form, as a browser would submit it. StreamFields are
    drawn by JavaScript, so their inputs are added the way the admin posts them."""
    html = client.get(settings_url(clinic)).content.decode()
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


def test_superuser_edits_one_clinic_and_only_that_site_changes(
    superuser_client, truhealing, tal
):
    data = settings_form_data(superuser_client, tal)
    data["phone"] = "(216) 555-0142"
    data["phone_display"] = ""

    response = superuser_client.post(settings_url(tal), data)

    assert response.status_code == 302
    tal_settings = ClinicSettings.objects.get(site=tal.site)
    assert tal_settings.phone_e164 == "+12165550142"
    tal_html = superuser_client.get("/", HTTP_HOST=tal.host).content.decode()
    truhealing_html = superuser_client.get(
        "/", HTTP_HOST=truhealing.host
    ).content.decode()
    assert tal_settings.opening_hours() == [("Monday – Friday", "8 a.m. – 5 p.m.")]
    assert 'href="tel:+12165550142"' in tal_html
    assert "(216) 555-0142" in tal_html
    assert "+12165550142" not in truhealing_html
    assert 'href="tel:+18886439118"' in truhealing_html


def test_admin_shows_a_clear_error_for_an_unreadable_brand_colour(
    superuser_client, tal
):
    data = settings_form_data(superuser_client, tal)
    data["brand_colour"] = "#ffff00"

    response = superuser_client.post(settings_url(tal), data)

    assert response.status_code == 200
    assert "WCAG AA needs 4.5:1" in response.content.decode()
    assert ClinicSettings.objects.get(site=tal.site).brand_colour == "#1d5c63"


def test_editor_without_permission_cannot_open_clinic_settings(
    client, tal, django_user_model
):
    user = django_user_model.objects.create_user(username="editor", password="pw")
    client.force_login(user)

    response = client.get(settings_url(tal))

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert ClinicSettings.objects.get(site=tal.site).phone_e164 == "+12164804860"
