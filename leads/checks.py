"""Our replacement for django-recaptcha's system check, which reads settings
only: ours also reads the keys each clinic stores in ClinicSettings.

It queries the database when the checks run (``check``, ``check --deploy``,
``runserver``, ``migrate``), so that production refuses Google's test keys
wherever they are kept. Before the tables exist (a fresh database) it says
nothing.
"""

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError

from leads.recaptcha import TEST_KEYS, test_keys_allowed


@register()
def recaptcha_keys_check(app_configs=None, **kwargs):
    from home.models import ClinicSettings

    errors = []
    allowed = test_keys_allowed()
    for name in ("RECAPTCHA_PUBLIC_KEY", "RECAPTCHA_PRIVATE_KEY"):
        if getattr(settings, name, None) in TEST_KEYS and not allowed:
            errors.append(
                Error(
                    f"{name} is Google's reCAPTCHA test key, which accepts everyone.",
                    hint="Set the clinic's own keys in its ClinicSettings instead.",
                    id="leads.E001",
                )
            )
    try:
        rows = list(
            ClinicSettings.objects.values_list(
                "site__hostname", "recaptcha_site_key", "recaptcha_secret_key"
            )
        )
    except DatabaseError:
        return errors  # not migrated yet
    for hostname, site_key, secret_key in rows:
        if bool(site_key) != bool(secret_key):
            errors.append(
                Error(
                    f"The clinic site {hostname} has only one of its two reCAPTCHA "
                    "keys.",
                    hint="Enter both in Settings > Clinic settings, or neither.",
                    id="leads.E002",
                )
            )
        if not allowed and {site_key, secret_key} & TEST_KEYS:
            errors.append(
                Error(
                    f"The clinic site {hostname} uses Google's reCAPTCHA test keys, "
                    "which accept everyone.",
                    hint="Register keys for the clinic's domain with Google and "
                    "enter them in Settings > Clinic settings.",
                    id="leads.E001",
                )
            )
    return errors
