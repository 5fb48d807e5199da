"""Every public page of the demo clinics, in English and Spanish, on a phone:
no console error, no request that fails or answers an error (images of every
format included), every target at least 24 x 24 CSS px, the clinic's number in
view."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

import pytest

from home.models import ClinicSettings
from tests.browser.test_phone import PHONE, SMALL_TARGETS, TEL_LINKS_IN_VIEW

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

HOSTS = ("truhealing.localhost", "tal.localhost")
# A screenshot of every page as the phone shows it at the top, for people to
# look at (git-ignored; CI keeps build/ as its artifacts).
SCREENSHOTS = Path(settings.BASE_DIR) / "build" / "screenshots" / "phone"


def sitemap_paths(host):
    response = Client().get("/sitemap.xml", HTTP_HOST=host)
    assert response.status_code == 200
    locs = response.content.decode().split("<loc>")[1:]
    return [loc.split("</loc>")[0].split(host, 1)[1].split("/", 1)[1] for loc in locs]


def visit(context, url):
    """Open ``url``; what went wrong while it loaded, as readable lines."""
    page = context.new_page()
    problems = []

    def on_console(message):
        # Chromium reports the 404 page's own status so; a missing asset on
        # that page would still show, as a response below.
        if message.type != "error" or (
            url.endswith("/no-such-page/") and "status of 404" in message.text
        ):
            return
        problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(f"failed: {request.url} {request.failure}"),
    )
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.url != url
            and problems.append(f"{response.status}: {response.url}")
        ),
    )
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    # Lazy images load once scrolled to: scroll through the whole page.
    page.evaluate(
        """async () => {
            for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
                window.scrollTo(0, y);
                await new Promise((done) => setTimeout(done, 20));
            }
        }"""
    )
    page.wait_for_load_state("networkidle")
    return page, response, problems


def test_every_public_page_loads_cleanly_on_a_phone(demo, browser):
    context = browser.new_context(**PHONE)
    pages = []
    for host in HOSTS:
        paths = sitemap_paths(f"{host}:{demo}")
        assert any(path.startswith("es/") for path in paths), host
        pages += [f"http://{host}:{demo}/{path}" for path in paths]
        # The thank-you state of the contact page's form, and the 404 page.
        contact = ClinicSettings.objects.get(site__hostname=host).contact_page
        pages.append(f"{contact.get_full_url()}?sent=contact")
        pages.append(f"http://{host}:{demo}/no-such-page/")
    assert len(pages) > 20

    found = {}
    for url in pages:
        page, response, problems = visit(context, url)
        expected = 404 if url.endswith("/no-such-page/") else 200
        if response.status != expected:
            problems.append(f"answered {response.status}")
        page.evaluate("window.scrollTo(0, 0)")
        address = re.sub(r":\d+", "", url.split("//", 1)[1].lower())
        name = re.sub(r"[^a-z0-9]+", "-", address).strip("-")
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
        if not page.evaluate(TEL_LINKS_IN_VIEW):
            problems.append("no call link in view")
        problems += [
            f"small target: {target}" for target in page.evaluate(SMALL_TARGETS)
        ]
        if problems:
            found[url] = problems
        page.close()
    context.close()

    assert found == {}
