"""Content-Security-Policy (django-csp 4) and Permissions-Policy headers.

Public pages get a strict policy with no nonce: a nonce stored in a cached page
would be replayed to every visitor (home.page_cache). Scripts are files from our
own origin. An inline ``<style>`` (the clinic's brand colour) is allowed by the
sha256 of its bytes, registered by the template tag that writes it
(``{% inline_style %}``), so content injected into a page is never allowed with
it. JSON-LD is data, not script, and needs nothing. reCAPTCHA's origins are added
only to pages whose form uses it (``allow_recaptcha``).

The admin has its own policy (ADMIN_CONTENT_SECURITY_POLICY): Wagtail's admin
needs inline scripts and styles, and frames its own previews. A preview is the
public page rendered for the admin (Wagtail runs it through the middleware as a
request to the page's own address): it keeps the public policy, but the admin
may frame it.
"""

import base64
import hashlib

from django.conf import settings

from csp.constants import NONE, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

RECAPTCHA_SCRIPTS = [
    "https://www.google.com/recaptcha/",
    "https://www.gstatic.com/recaptcha/",
]
RECAPTCHA_FRAMES = [
    "https://www.google.com/recaptcha/",
    "https://recaptcha.google.com/recaptcha/",
]


def source_hash(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow_inline(request, directive, text):
    """Allow the inline block ``text`` (a ``<style>`` or ``<script>`` body) on the
    response to ``request``; ``directive`` is "style-src" or "script-src"."""
    if request is not None:
        extra = request.__dict__.setdefault("_csp_extra", {})
        extra.setdefault(directive, set()).add(source_hash(text))


def allow_recaptcha(request):
    if request is not None:
        request._csp_recaptcha = True


def is_admin(request):
    return request.path_info.startswith(settings.ADMIN_URL_PREFIXES)


class ClinicCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if is_admin(request):
            admin = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            return PolicyParts(config=default_config(admin))
        update = {
            directive: sorted(hashes)
            for directive, hashes in getattr(request, "_csp_extra", {}).items()
        }
        replace = {}
        if getattr(request, "is_dummy", False):
            replace["frame-ancestors"] = [SELF]
        if getattr(request, "_csp_recaptcha", False):
            update.setdefault("script-src", []).extend(RECAPTCHA_SCRIPTS)
            frames = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].get("frame-src")
            replace["frame-src"] = [
                *(source for source in frames or [] if source != NONE),
                *RECAPTCHA_FRAMES,
            ]
        parts.update = {**(parts.update or {}), **update} or None
        parts.replace = {**(parts.replace or {}), **replace} or None
        return parts


class PermissionsPolicyMiddleware:
    """Sends PERMISSIONS_POLICY (django-csp does not) on every response that has
    none: no page of ours uses the camera, the microphone, location, payment or
    USB, and no frame may ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
