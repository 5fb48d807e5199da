"""reCAPTCHA keys per clinic: checked when saved, and by a system check of ours
(django-recaptcha's own reads settings only)."""

from django.core.management import call_command
from django.core.management.base import SystemCheckError

import pytest
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from home.models import ClinicSettings
from leads.checks import recaptcha_keys_check
from tests.conftest import settings_form_data, settings_url

pytestmark = pytest.mark.django_db

SITE_KEY = "6Lc" + "s" * 37
SECRET_KEY = "6Lc" + "p" * 37


def store_keys(clinic, site_key, secret_key):
    ClinicSettings.objects.filter(pk=clinic.settings.pk).update(
        recaptcha_site_key=site_key, recaptcha_secret_key=secret_key
    )


def error_ids():
    return [error.id for error in recaptcha_keys_check()]


def test_check_refuses_stored_test_keys_outside_development(tal, settings):
    settings.DEBUG = False
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    errors = recaptcha_keys_check()

    assert [error.id for error in errors] == ["leads.E001"]
    assert "tal.localhost" in errors[0].msg
    assert TEST_PRIVATE_KEY not in errors[0].msg
    with pytest.raises(SystemCheckError):
        call_command("check")


def test_check_allows_test_keys_in_development(tal, settings):
    settings.DEBUG = True
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    assert error_ids() == []


def test_check_accepts_real_looking_keys_and_no_keys(truhealing, tal):
    store_keys(tal, SITE_KEY, SECRET_KEY)

    assert error_ids() == []


def test_check_refuses_half_a_pair(tal):
    store_keys(tal, SITE_KEY, "")

    assert error_ids() == ["leads.E002"]


def test_check_reads_settings_keys_too(settings, db):
    settings.RECAPTCHA_PRIVATE_KEY = TEST_PRIVATE_KEY

    assert error_ids() == ["leads.E001"]


@pytest.mark.parametrize(
    ("site_key", "secret_key", "field", "message"),
    [
        (SITE_KEY, "", "recaptcha_secret_key", "Enter both reCAPTCHA keys"),
        ("not a key", SECRET_KEY, "recaptcha_site_key", "does not look like"),
        (TEST_PUBLIC_KEY, TEST_PRIVATE_KEY, "recaptcha_site_key", "public test key"),
        (SITE_KEY, SITE_KEY, "recaptcha_secret_key", "must differ"),
    ],
)
def test_saving_bad_keys_in_the_admin_is_refused(
    admin_client, tal, site_key, secret_key, field, message
):
    data = settings_form_data(admin_client, tal)
    data["recaptcha_site_key"] = site_key
    data["recaptcha_secret_key"] = secret_key

    response = admin_client.post(settings_url(tal), data)

    assert response.status_code == 200
    assert message in response.text
    assert response.context["form"].errors[field]
    tal.settings.refresh_from_db()
    assert tal.settings.recaptcha_site_key == ""


def test_saving_real_looking_keys_works(admin_client, tal):
    data = settings_form_data(admin_client, tal)
    data["recaptcha_site_key"] = SITE_KEY
    data["recaptcha_secret_key"] = SECRET_KEY

    response = admin_client.post(settings_url(tal), data)

    assert response.status_code == 302
    tal.settings.refresh_from_db()
    assert tal.settings.recaptcha_enabled
