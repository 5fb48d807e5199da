from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Clinic sites")

    def ready(self):
        from home import signals  # noqa: F401
        from home.checks import page_cache_check, security_headers_check

        checks.register(security_headers_check, checks.Tags.security, deploy=True)
        checks.register(page_cache_check, checks.Tags.caches)
