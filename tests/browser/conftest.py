"""A real browser (Debian's chromium, driven by Playwright) against Django's live
server. Hermetic: every host name but *.localhost fails to resolve, and requests
to Google are answered by the test."""

import os
import shutil

from django.core.cache import cache
from django.core.management import call_command

import pytest

from tests.leads.conftest import lead_forms  # noqa: F401 (a fixture)

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")


def chromium_path():
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    for name in CHROMIUM_CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


@pytest.fixture
def browser():
    """A fresh chromium per test. Request it after the database fixtures: while
    Playwright's event loop runs, Django hands out connections per async context,
    and the one that restores the database between tests must not be among them."""
    path = chromium_path()
    if path is None:
        message = (
            "No chromium found: install it (Debian: apt install chromium) or set "
            "CHROMIUM=/path/to/chrome to run the browser tests."
        )
        if os.environ.get("BROWSER_TESTS_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django takes
    # for async code; the tests' ORM calls between browser steps are plain
    # synchronous calls.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=path,
            # Playwright turns the back/forward cache off; every browser a
            # visitor uses has it on.
            ignore_default_args=["--disable-back-forward-cache"],
            args=[
                "--no-sandbox",
                "--host-resolver-rules=MAP *.localhost 127.0.0.1, "
                "MAP localhost 127.0.0.1, MAP * ~NOTFOUND",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_context(browser):
    context = browser.new_context()
    yield context
    context.close()


def serve_on_live_server(live_server, *clinics):
    """Point the clinics' sites at the live server's port."""
    port = live_server.url.rsplit(":", 1)[1]
    for clinic in clinics:
        clinic.site.port = int(port)
        clinic.site.save()
    cache.clear()
    return int(port)


@pytest.fixture
def demo(live_server):
    """The demo clinics (both languages), served by the live server: its port."""
    port = int(live_server.url.rsplit(":", 1)[1])
    call_command("load_demo", port=port, stdout=None)
    return port


@pytest.fixture
def tal_post(lead_forms, live_server):  # noqa: F811 (lead_forms is a fixture)
    """Tal's post with the return-request form, served by the live server;
    ``tal_post.url`` is its address."""
    tal = lead_forms["tal"]
    port = serve_on_live_server(
        live_server, lead_forms["truhealing"].clinic, tal.clinic
    )
    tal.url = f"http://{tal.host}:{port}/blog/coming-back/"
    return tal
