"""reCAPTCHA v3 per clinic, through django-recaptcha, that never costs a lead.

Keys live in each site's LeadSettings. The field below is django-recaptcha's,
with two changes: the client IP is the one :mod:`leads.client_ip` trusted (the
library reads a raw X-Forwarded-For), and every way Google can fail to answer
(refused, DNS, timeout, garbage) becomes one validation error code,
``captcha_unreachable``, that the form turns into "unverified" instead of a 500.
"""

import logging
import re
from urllib.error import URLError

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from django_recaptcha import client
from django_recaptcha.constants import TEST_PRIVATE_KEY, TEST_PUBLIC_KEY
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV3

ACTION = "return_request"
REQUIRED_SCORE = 0.5
# Google's published test keys pass every token: never acceptable in production.
TEST_KEYS = {TEST_PUBLIC_KEY, TEST_PRIVATE_KEY}
KEY_FORMAT = re.compile(r"\A[0-9A-Za-z_-]{20,100}\Z")

logger = logging.getLogger(__name__)


def test_keys_allowed():
    return settings.DEBUG or getattr(settings, "RECAPTCHA_ALLOW_TEST_KEYS", False)


def validate_keys(site_key, secret_key):
    """Both keys or neither, in reCAPTCHA's format, and no test keys outside
    development. Raises ValidationError keyed by the LeadSettings field."""
    errors = {}
    if bool(site_key) != bool(secret_key):
        missing = "recaptcha_secret_key" if site_key else "recaptcha_site_key"
        errors[missing] = _("Enter both reCAPTCHA keys, or neither to turn it off.")
    for field, value in (
        ("recaptcha_site_key", site_key),
        ("recaptcha_secret_key", secret_key),
    ):
        if not value:
            continue
        if not KEY_FORMAT.fullmatch(value):
            errors[field] = _(
                "This does not look like a reCAPTCHA key: copy it from the "
                "reCAPTCHA admin console, without spaces."
            )
        elif value in TEST_KEYS and not test_keys_allowed():
            errors[field] = _(
                "This is Google's public test key, which accepts every visitor. "
                "Use the keys registered for this clinic's domain."
            )
    if site_key and site_key == secret_key:
        errors["recaptcha_secret_key"] = _(
            "The secret key must differ from the site key."
        )
    if errors:
        raise ValidationError(errors)


class ClinicReCaptchaField(ReCaptchaField):
    """django-recaptcha's v3 field with a trusted client IP and finer outcomes.

    ``validate`` asks Google through the library's client as the library does,
    and tells apart what the library calls ``captcha_invalid`` alike:

    - ``captcha_invalid``: the token is not good, the action is not ours or the
      score is too low (a bot, most likely);
    - ``captcha_misconfigured``: Google refused *our* request (wrong or missing
      secret key): every visitor would fail, so it is logged as an error and the
      request is only unverified;
    - ``captcha_expired``: the token was too old or used twice;
    - ``captcha_unreachable``: Google could not be asked or answered garbage.
    """

    default_error_messages = {
        "captcha_unreachable": _("reCAPTCHA could not be reached."),
        "captcha_misconfigured": _("reCAPTCHA refused this site's keys."),
        "captcha_expired": _("The reCAPTCHA token had expired."),
    }
    CONFIGURATION_ERRORS = {
        "missing-input-secret",
        "invalid-input-secret",
        "bad-request",
    }

    def __init__(self, *, public_key, private_key, remote_ip="", **kwargs):
        widget = ReCaptchaV3(action=ACTION, required_score=REQUIRED_SCORE)
        super().__init__(
            public_key=public_key, private_key=private_key, widget=widget, **kwargs
        )
        self.remote_ip = remote_ip

    def get_remote_ip(self):
        return self.remote_ip

    def validate(self, value):
        forms.CharField.validate(self, value)  # "required", as the library's
        try:
            answer = client.submit(
                recaptcha_response=value,
                private_key=self.private_key,
                remoteip=self.get_remote_ip(),
            )
        except (URLError, OSError, ValueError, KeyError) as error:
            # URLError and socket errors are OSErrors; a timeout is one too.
            # ValueError/KeyError: Google answered with something unreadable.
            raise self.error("captcha_unreachable") from error
        codes = set(answer.error_codes)
        if not answer.is_valid and codes & self.CONFIGURATION_ERRORS:
            logger.error("reCAPTCHA refused the site's keys: %s", sorted(codes))
            raise self.error("captcha_misconfigured")
        if not answer.is_valid and "timeout-or-duplicate" in codes:
            raise self.error("captcha_expired")
        score = float(answer.extra_data.get("score", 0))
        if not answer.is_valid or answer.action != ACTION or score < REQUIRED_SCORE:
            raise self.error("captcha_invalid")

    def error(self, code):
        return ValidationError(self.error_messages[code], code=code)
