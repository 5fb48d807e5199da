from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Return requests")

    def ready(self):
        from leads import signals  # noqa: F401 (connects the receivers)
        from leads.checks import recaptcha_keys_check

        checks.register(recaptcha_keys_check, checks.Tags.security)
