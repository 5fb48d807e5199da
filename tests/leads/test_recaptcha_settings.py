"""reCAPTCHA keys kept per site in LeadSettings: refused when saved through the
admin if incomplete, malformed or Google's test keys, and refused by our system
check (leads.checks) when such keys are already stored."""

from django.core import checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from wagtail.models import Site

import pytest
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY

from leads.checks import recaptcha_keys_check
from leads.models import LeadSettings
from tests.conftest import routing_form_data, routing_url

pytestmark = pytest.mark.django_db

SITE_KEY = "6LcR" + "a1B2" * 9
SECRET_KEY = "6LcR" + "z9Y8" * 9
BOTH = "Enter both reCAPTCHA keys, or neither to turn it off."
MALFORMED = (
    "This does not look like a reCAPTCHA key: copy it from the reCAPTCHA admin "
    "console, without spaces."
)
TEST_KEY = (
    "This is Google's public test key, which accepts every visitor. Use the keys "
    "registered for this clinic's domain."
)
TAL_TEST_KEYS = (
    "The site tal.localhost uses Google's reCAPTCHA test keys, which pass everyone."
)


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.RECAPTCHA_ALLOW_TEST_KEYS = False


def store_keys(clinic, site_key, secret_key):
    """Write keys as an old release or a shell could have: no validation."""
    LeadSettings.objects.filter(pk=clinic.routing.pk).update(
        recaptcha_site_key=site_key, recaptcha_secret_key=secret_key
    )


def messages():
    return [(error.id, error.msg) for error in recaptcha_keys_check()]


# The system check.


def test_check_refuses_test_keys_stored_for_a_site(truhealing, tal):
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    errors = recaptcha_keys_check()

    assert [(error.id, error.msg) for error in errors] == [
        ("leads.E001", TAL_TEST_KEYS)
    ]
    for text in (errors[0].msg, errors[0].hint):
        assert TEST_PUBLIC_KEY not in text
        assert TEST_PRIVATE_KEY not in text


def test_check_refuses_a_single_test_key_too(tal):
    store_keys(tal, TEST_PUBLIC_KEY, SECRET_KEY)

    assert messages() == [("leads.E001", TAL_TEST_KEYS)]


def test_check_deploy_fails_on_stored_test_keys(tal):
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    with pytest.raises(SystemCheckError, match="tal.localhost uses Google's"):
        call_command("check", "--deploy")


def test_check_is_registered_and_runs_without_databases_given(tal):
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    errors = checks.run_checks(databases=None)

    assert ("leads.E001", TAL_TEST_KEYS) in [(e.id, e.msg) for e in errors]


def test_check_accepts_real_looking_keys_and_no_keys(truhealing, tal):
    store_keys(tal, SITE_KEY, SECRET_KEY)  # TruHealing has none

    assert messages() == []


@pytest.mark.parametrize("allowed", ["DEBUG", "RECAPTCHA_ALLOW_TEST_KEYS"])
def test_check_allows_test_keys_in_development(tal, settings, allowed):
    setattr(settings, allowed, True)
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    assert messages() == []


def test_check_refuses_half_a_pair(truhealing, tal):
    store_keys(truhealing, "", SECRET_KEY)

    assert messages() == [
        (
            "leads.E002",
            "The site truhealing.localhost has only one of its two reCAPTCHA keys.",
        )
    ]


def test_check_reads_the_settings_keys_too(db, settings):
    settings.RECAPTCHA_PRIVATE_KEY = TEST_PRIVATE_KEY

    assert messages() == [
        (
            "leads.E001",
            "RECAPTCHA_PRIVATE_KEY is Google's reCAPTCHA test key, which passes "
            "everyone.",
        )
    ]


def test_check_says_nothing_before_the_table_exists(tal):
    store_keys(tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)
    table = LeadSettings._meta.db_table
    with connection.cursor() as cursor:  # rolled back with the test
        cursor.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_gone"')

    assert messages() == []
    # The failed query did not break the transaction around the check.
    assert Site.objects.count() == 2


# Saving through the admin's own settings form.


def post_keys(client, clinic, site_key, secret_key):
    data = routing_form_data(client, clinic)
    data["recaptcha_site_key"] = site_key
    data["recaptcha_secret_key"] = secret_key
    return client.post(routing_url(clinic), data)


@pytest.mark.parametrize(
    ("site_key", "secret_key", "errors"),
    [
        (SITE_KEY, "", {"recaptcha_secret_key": [BOTH]}),
        ("", SECRET_KEY, {"recaptcha_site_key": [BOTH]}),
        ("6Lc not a key", SECRET_KEY, {"recaptcha_site_key": [MALFORMED]}),
        (SITE_KEY, "short", {"recaptcha_secret_key": [MALFORMED]}),
        (TEST_PUBLIC_KEY, SECRET_KEY, {"recaptcha_site_key": [TEST_KEY]}),
        (
            TEST_PUBLIC_KEY,
            TEST_PRIVATE_KEY,
            {"recaptcha_site_key": [TEST_KEY], "recaptcha_secret_key": [TEST_KEY]},
        ),
    ],
)
def test_admin_refuses_bad_keys(admin_client, tal, site_key, secret_key, errors):
    response = post_keys(admin_client, tal, site_key, secret_key)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    stored = LeadSettings.objects.get(pk=tal.routing.pk)
    assert (stored.recaptcha_site_key, stored.recaptcha_secret_key) == ("", "")


def test_admin_saves_real_looking_keys(admin_client, tal):
    response = post_keys(admin_client, tal, SITE_KEY, SECRET_KEY)

    assert response.status_code == 302
    stored = LeadSettings.objects.get(pk=tal.routing.pk)
    assert (stored.recaptcha_site_key, stored.recaptcha_secret_key) == (
        SITE_KEY,
        SECRET_KEY,
    )
    assert messages() == []


def test_admin_saves_test_keys_where_allowed(admin_client, tal, settings):
    settings.RECAPTCHA_ALLOW_TEST_KEYS = True

    response = post_keys(admin_client, tal, TEST_PUBLIC_KEY, TEST_PRIVATE_KEY)

    assert response.status_code == 302
    tal.routing.refresh_from_db()
    assert tal.routing.recaptcha_site_key == TEST_PUBLIC_KEY
