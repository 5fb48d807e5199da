"""Deploy checks of the security headers (``manage.py check --deploy``),
registered in :meth:`HomeConfig.ready`. Django's own deploy checks look at HSTS,
cookies and X-Frame-Options; these look at what they do not: the
Content-Security-Policy and Permissions-Policy of public pages."""

from django.conf import settings
from django.core.checks import Error, Warning

from csp.constants import UNSAFE_EVAL, UNSAFE_INLINE

CSP_MIDDLEWARE = "home.security.ClinicCSPMiddleware"
PERMISSIONS_MIDDLEWARE = "home.security.PermissionsPolicyMiddleware"
UNSAFE = (UNSAFE_INLINE, UNSAFE_EVAL)


def security_headers_check(app_configs=None, **kwargs):
    errors = []
    for middleware, header, code in (
        (CSP_MIDDLEWARE, "Content-Security-Policy", "home.E101"),
        (PERMISSIONS_MIDDLEWARE, "Permissions-Policy", "home.E102"),
    ):
        if middleware not in settings.MIDDLEWARE:
            errors.append(
                Error(
                    f"{middleware} is not in MIDDLEWARE: pages are sent without "
                    f"a {header} header.",
                    id=code,
                )
            )
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    for directive in ("script-src", "style-src"):
        sources = directives.get(directive) or directives.get("default-src") or []
        for source in set(UNSAFE) & set(sources):
            errors.append(
                Error(
                    f"CONTENT_SECURITY_POLICY allows {source} in {directive}: "
                    "an injected script or style would run. Allow inline blocks "
                    "by their hash ({% inline_style %}) instead.",
                    id="home.E103",
                )
            )
    if directives.get("frame-ancestors") is None:
        errors.append(
            Warning(
                "CONTENT_SECURITY_POLICY has no frame-ancestors: any site may "
                "frame the clinic's pages.",
                id="home.W104",
            )
        )
    if not getattr(settings, "PERMISSIONS_POLICY", None):
        errors.append(
            Warning(
                "PERMISSIONS_POLICY is empty: no Permissions-Policy header is sent.",
                id="home.W105",
            )
        )
    return errors


def page_cache_check(app_configs=None, **kwargs):
    """The page cache needs its cache alias (home.page_cache)."""
    if settings.PAGE_CACHE_ENABLED and settings.PAGE_CACHE_ALIAS not in settings.CACHES:
        return [
            Error(
                f"CACHES has no {settings.PAGE_CACHE_ALIAS!r} alias for the page "
                "cache: add one, or set PAGE_CACHE=false.",
                id="home.E106",
            )
        ]
    return []
