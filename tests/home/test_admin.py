"""Superusers edit each clinic's settings in the Wagtail admin."""

from home.models import ClinicSettings
from tests.conftest import settings_form_data, settings_url


def test_superuser_edits_one_clinic_and_only_that_site_changes(
    admin_client, truhealing, tal
):
    data = settings_form_data(admin_client, tal)
    data["phone"] = "(216) 555-0142"
    data["phone_display"] = ""

    response = admin_client.post(settings_url(tal), data)

    assert response.status_code == 302
    tal_settings = ClinicSettings.objects.get(site=tal.site)
    assert tal_settings.phone_e164 == "+12165550142"
    tal_html = admin_client.get("/", HTTP_HOST=tal.host).content.decode()
    truhealing_html = admin_client.get("/", HTTP_HOST=truhealing.host).content.decode()
    assert tal_settings.opening_hours() == [("Monday – Friday", "8 a.m. – 5 p.m.")]
    assert 'href="tel:+12165550142"' in tal_html
    assert "(216) 555-0142" in tal_html
    assert "+12165550142" not in truhealing_html
    assert 'href="tel:+18886439118"' in truhealing_html


def test_admin_shows_a_clear_error_for_an_unreadable_brand_colour(admin_client, tal):
    data = settings_form_data(admin_client, tal)
    data["brand_colour"] = "#ffff00"

    response = admin_client.post(settings_url(tal), data)

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
