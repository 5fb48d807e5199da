"""System checks of the leads app, registered in :meth:`LeadsConfig.ready`."""

from django.conf import settings
from django.core.checks import Error
from django.db import DatabaseError, router, transaction
from django.utils.translation import gettext as _

from leads.models import LeadSettings
from leads.recaptcha import TEST_KEYS, test_keys_allowed

KEY_SETTINGS = ("RECAPTCHA_PUBLIC_KEY", "RECAPTCHA_PRIVATE_KEY")


def recaptcha_keys_check(app_configs=None, databases=None, **kwargs):
    """Refuse Google's reCAPTCHA test keys (which pass every visitor) outside
    development, and half a pair of keys, wherever they are kept.

    django-recaptcha has a check of its own, but it reads only the settings, and
    it does not run here (the app is not installed: we use its field only). Ours
    reads the RECAPTCHA_* settings and the keys each site stores in LeadSettings.

    It is not tagged ``Tags.database`` and queries the database whatever
    ``databases`` says. Django's convention is that a check reading the database
    is tagged so and does nothing unless asked (``check --database default``,
    ``migrate``); that would let plain ``manage.py check --deploy``, the command a
    deploy runs, pass with test keys stored for a clinic, which is what this
    check is for. The cost is one small query per ``check`` and ``runserver``
    start. When the query fails (no table or column yet, before ``migrate``; no
    database reachable) it reports nothing: that is not a reCAPTCHA problem.
    """
    if app_configs is not None and not {"home", "leads"} & {
        app.label for app in app_configs
    }:
        return []
    allowed = test_keys_allowed()
    errors = [] if allowed else setting_errors()
    for hostname, site_key, secret_key in stored_keys():
        errors += site_errors(hostname, site_key, secret_key, allowed)
    return errors


def stored_keys():
    """(hostname, site key, secret key) of every LeadSettings row, or nothing
    if they cannot be read."""
    rows = LeadSettings.objects.order_by("site__hostname").values_list(
        "site__hostname", "recaptcha_site_key", "recaptcha_secret_key"
    )
    try:
        # A savepoint: a failed query must not break a transaction around us.
        with transaction.atomic(using=router.db_for_read(LeadSettings)):
            return list(rows)
    except DatabaseError:  # OperationalError and ProgrammingError included
        return []


def setting_errors():
    return [
        Error(
            _("%(setting)s is Google's reCAPTCHA test key, which passes everyone.")
            % {"setting": name},
            hint=_(
                "Remove it: reCAPTCHA keys are set per clinic, in Settings > "
                "Clinic settings."
            ),
            id="leads.E001",
        )
        for name in KEY_SETTINGS
        if getattr(settings, name, None) in TEST_KEYS
    ]


def site_errors(hostname, site_key, secret_key, allowed):
    """Errors name the site, never a key."""
    errors = []
    if bool(site_key) != bool(secret_key):
        errors.append(
            Error(
                _("The site %(hostname)s has only one of its two reCAPTCHA keys.")
                % {"hostname": hostname},
                hint=_(
                    "Enter both in Settings > Clinic settings > Return requests, "
                    "or neither to turn reCAPTCHA off."
                ),
                id="leads.E002",
            )
        )
    if not allowed and {site_key, secret_key} & TEST_KEYS:
        errors.append(
            Error(
                _(
                    "The site %(hostname)s uses Google's reCAPTCHA test keys, which "
                    "pass everyone."
                )
                % {"hostname": hostname},
                hint=_(
                    "Register keys for the clinic's domain with Google and enter "
                    "them in Settings > Clinic settings > Return requests. Test "
                    "keys are accepted only with DEBUG or RECAPTCHA_ALLOW_TEST_KEYS "
                    "(development)."
                ),
                id="leads.E001",
            )
        )
    return errors
