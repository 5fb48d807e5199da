"""The security headers of public pages, cached pages, error pages and the
admin (home/security.py, Django's SecurityMiddleware with production's values),
and the rule that makes a strict policy possible: every inline block of a page
is allowed by its hash, and nothing else inline is."""

import base64
import hashlib
from html.parser import HTMLParser

from django.conf import settings as django_settings
from django.core import checks
from django.test import Client

import pytest

from home.checks import security_headers_check
from leads.models import LeadSettings
from tests.leads.conftest import lead_forms  # noqa: F401 (a fixture)

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
# The public policy, but for the hashes of each page's inline blocks.
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "manifest-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
RECAPTCHA_SCRIPTS = [
    "https://www.google.com/recaptcha/",
    "https://www.gstatic.com/recaptcha/",
]
RECAPTCHA_FRAMES = [
    "https://www.google.com/recaptcha/",
    "https://recaptcha.google.com/recaptcha/",
]


@pytest.fixture(autouse=True)
def production_security(settings):
    """SecurityMiddleware's values from cms/settings/production.py (the test
    settings serve plain HTTP); requests below are made over HTTPS."""
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.X_FRAME_OPTIONS = "DENY"


def get(client, clinic, path="/", **extra):
    return client.get(path, HTTP_HOST=clinic.host, secure=True, **extra)


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def without_hashes(directives):
    return {
        name: [source for source in sources if not source.startswith("'sha256-")]
        for name, sources in directives.items()
    }


def sha256_source(text):
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class InlineContent(HTMLParser):
    """A page's inline <style> and executable <script> bodies, and any inline
    style or event-handler attribute."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.styles, self.scripts, self.attributes = [], [], []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in attributes:
            if name == "style" or name.startswith("on"):
                self.attributes.append(f"<{tag} {name}>")
        if tag == "style":
            self._open = self.styles
        elif tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "text/javascript").lower()
            data = kind in ("application/ld+json", "application/json")
            self._open = None if data else self.scripts
        if tag in ("style", "script"):
            self._body = []

    def handle_data(self, data):
        if self._open is not None:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            if self._open is not None:
                self._open.append("".join(self._body))
            self._open = None


def inline_content(response):
    parser = InlineContent()
    parser.feed(response.content.decode())
    return parser


def assert_inline_content_allowed_by_hash(response):
    directives = policy(response)
    found = inline_content(response)
    assert found.attributes == []
    for style in found.styles:
        assert sha256_source(style) in directives["style-src"]
    for script in found.scripts:
        assert sha256_source(script) in directives["script-src"]
    # No source but ours: a hash in the policy that allows no block on the page
    # would allow something else.
    hashes = {sha256_source(block) for block in found.styles + found.scripts}
    for sources in directives.values():
        assert {s for s in sources if s.startswith("'sha256-")} <= hashes
    assert "nonce" not in response.headers["Content-Security-Policy"]
    assert b"nonce=" not in response.content
    return found


def assert_strict_public_headers(response):
    assert without_hashes(policy(response)) == PUBLIC_POLICY
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    return assert_inline_content_allowed_by_hash(response)


# Public pages


def test_a_public_page_sends_every_header(client, truhealing):
    response = get(client, truhealing)

    assert response.status_code == 200
    found = assert_strict_public_headers(response)
    # The clinic's brand colour is the one inline block, allowed by its hash.
    assert len(found.styles) == 1
    assert "--brand" in found.styles[0]
    assert found.scripts == []
    assert response.headers["Cache-Control"] == "public, max-age=60, s-maxage=60"


def test_a_cached_page_sends_the_same_headers_with_no_nonce(client, truhealing):
    first = get(client, truhealing)
    second = get(client, truhealing)
    third = get(Client(), truhealing)  # another visitor

    assert first.headers["X-Page-Cache"] == "miss"
    assert second.headers["X-Page-Cache"] == third.headers["X-Page-Cache"] == "hit"
    assert (
        first.headers["Content-Security-Policy"]
        == second.headers["Content-Security-Policy"]
        == third.headers["Content-Security-Policy"]
    )
    assert first.content == third.content
    for response in (second, third):
        assert_strict_public_headers(response)


def test_each_clinics_brand_style_is_allowed_by_its_own_hash(client, truhealing, tal):
    tal.settings.brand_colour = "#0b5d7a"
    tal.settings.save()

    truhealing_style = inline_content(get(client, truhealing)).styles
    tal_page = get(client, tal)
    tal_style = inline_content(tal_page).styles

    assert "#0b5d7a" in tal_style[0]
    assert truhealing_style != tal_style
    assert sha256_source(truhealing_style[0]) not in policy(tal_page)["style-src"]
    assert_strict_public_headers(tal_page)


def test_pages_with_the_form_and_the_thanks_state(
    client,
    lead_forms,  # noqa: F811 (the fixture)
):
    form = lead_forms["tal"]
    address = form.page.get_url(None).split(form.host, 1)[-1]
    page = client.get(address, HTTP_HOST=form.host, secure=True)
    assert page.status_code == 200
    assert b'name="form"' in page.content
    assert_strict_public_headers(page)

    sent = form.post(client, origin=f"https://{form.host}", secure=True)
    thanks = client.get(sent["Location"], HTTP_HOST=form.host, secure=True)
    assert thanks.status_code == 200
    assert b"data-lead-sent" in thanks.content
    assert_strict_public_headers(thanks)


def test_recaptchas_origins_only_on_the_pages_of_the_clinic_that_uses_it(
    client,
    lead_forms,  # noqa: F811 (the fixture)
):
    tal, truhealing = lead_forms["tal"], lead_forms["truhealing"]
    LeadSettings.objects.filter(pk=tal.clinic.routing.pk).update(
        recaptcha_site_key="6LcR" + "a1B2" * 9,
        recaptcha_secret_key="6LcR" + "z9Y8" * 9,
    )

    def form_page(form):
        address = form.page.get_url(None).split(form.host, 1)[-1]
        return client.get(address, HTTP_HOST=form.host, secure=True)

    with_recaptcha = policy(form_page(tal))
    assert with_recaptcha["script-src"][:3] == ["'self'", *RECAPTCHA_SCRIPTS]
    assert with_recaptcha["frame-src"] == RECAPTCHA_FRAMES
    assert without_hashes(with_recaptcha) == {
        **PUBLIC_POLICY,
        "script-src": ["'self'", *RECAPTCHA_SCRIPTS],
        "frame-src": RECAPTCHA_FRAMES,
    }
    # The clinic's pages without the form, and the other clinic's form page,
    # allow nothing of Google's.
    for response in (get(client, tal.clinic), form_page(truhealing)):
        assert "google" not in response.headers["Content-Security-Policy"]
        assert_strict_public_headers(response)


# Error pages


def test_the_404_page(client, truhealing):
    response = get(client, truhealing, "/no-such-page/")

    assert response.status_code == 404
    assert "X-Page-Cache" not in response.headers
    assert_strict_public_headers(response)


def test_the_500_page(settings, truhealing):
    settings.ROOT_URLCONF = "tests.home.error_urls"
    client = Client(raise_request_exception=False)

    response = get(client, truhealing, "/fail/")

    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert "X-Page-Cache" not in response.headers
    assert_strict_public_headers(response)


def test_the_not_sent_page_of_a_refused_cross_site_post(
    client,
    lead_forms,  # noqa: F811 (the fixture)
):
    form = lead_forms["truhealing"]

    response = form.post(client, origin="https://elsewhere.example", secure=True)

    assert response.status_code == 403
    assert b"tel:" in response.content
    assert_strict_public_headers(response)


# The admin, and editors on public pages


def test_the_admin_has_its_own_policy(admin_client, truhealing):
    response = admin_client.get("/admin/", HTTP_HOST=truhealing.host, secure=True)

    assert response.status_code == 200
    expected = django_settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy(response) == {
        name: list(sources) for name, sources in expected.items()
    }
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert response.headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "X-Page-Cache" not in response.headers


def test_the_admin_sign_in_page_has_the_admin_policy(client, truhealing):
    response = client.get("/admin/login/", HTTP_HOST=truhealing.host, secure=True)

    assert response.status_code == 200
    assert "'unsafe-inline'" in policy(response)["script-src"]
    assert policy(response)["frame-ancestors"] == ["'self'"]


def test_a_preview_is_the_public_policy_framed_by_the_admin_only(
    admin_client, truhealing
):
    """Wagtail renders a preview as a request to the page's own address, through
    the middleware: the page's policy, but the admin's preview panel is a frame
    of the admin, so frame-ancestors must let the admin frame it (with 'none'
    the panel showed "refused to connect")."""
    home = truhealing.home
    revision = home.save_revision()
    # A revision's preview (the preview panel's needs a POST of the edit form
    # first; both render through make_preview_request).
    response = admin_client.get(
        f"/admin/pages/{home.pk}/revisions/{revision.pk}/view/",
        HTTP_HOST=truhealing.host,
        secure=True,
    )

    assert response.status_code == 200
    assert b"<title>" + home.title.encode() in response.content
    assert without_hashes(policy(response)) == {
        **PUBLIC_POLICY,
        "frame-ancestors": ["'self'"],
    }
    assert_inline_content_allowed_by_hash(response)
    # The page itself, outside the admin, may still be framed by no one.
    assert policy(get(admin_client, truhealing))["frame-ancestors"] == ["'none'"]


def test_an_editor_on_a_public_page_gets_the_strict_policy(admin_client, truhealing):
    response = get(admin_client, truhealing)

    assert response.status_code == 200
    assert b"wagtail-userbar" in response.content
    assert "X-Page-Cache" not in response.headers
    assert_strict_public_headers(response)


# check --deploy


def deploy_check_ids():
    return {
        message.id
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id.startswith("home.")
    }


def test_the_deploy_check_passes_our_settings(db):
    assert deploy_check_ids() == set()


def test_the_deploy_check_refuses_unsafe_inline_or_eval(db, settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "script-src": ["'self'", "'unsafe-eval'"],
            "style-src": ["'self'", "'unsafe-inline'"],
        }
    }

    errors = [m for m in security_headers_check() if m.id == "home.E103"]

    assert sorted(error.msg.split(":")[0] for error in errors) == [
        "CONTENT_SECURITY_POLICY allows 'unsafe-eval' in script-src",
        "CONTENT_SECURITY_POLICY allows 'unsafe-inline' in style-src",
    ]
    assert "home.E103" in deploy_check_ids()


def test_the_deploy_check_wants_both_headers(db, settings):
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name
        not in (
            "home.security.ClinicCSPMiddleware",
            "home.security.PermissionsPolicyMiddleware",
        )
    ]
    settings.PERMISSIONS_POLICY = {}

    assert {"home.E101", "home.E102", "home.W105"} <= deploy_check_ids()


def test_the_deploy_check_is_a_deploy_check_only(db, settings):
    settings.PERMISSIONS_POLICY = {}

    ids = {message.id for message in checks.run_checks()}

    assert "home.W105" not in ids
