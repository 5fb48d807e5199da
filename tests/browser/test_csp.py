"""The Content-Security-Policy in a real browser: a cached public page with the
form, the userbar of a signed-in editor on it, and the admin's page editor run
with no violation, and the policy does refuse what it should."""

from django.conf import settings
from django.test import Client

import pytest

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

# Every violation the page reports, kept for the test to read.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def open_page(context, url):
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, response, console_errors


def violations(page):
    return page.evaluate("window.cspViolations")


def test_a_cached_post_runs_with_no_violation_and_refuses_injected_code(
    tal_post, browser, browser_context
):
    tal_post.clinic.settings.brand_colour = "#0b5d7a"
    tal_post.clinic.settings.save()
    # A first visitor's view stores the page; the next visitor gets it from the
    # page cache (the first visitor's browser would reuse its own copy).
    first_visitor = browser.new_context()
    open_page(first_visitor, tal_post.url)
    first_visitor.close()
    page, response, console_errors = open_page(browser_context, tal_post.url)

    assert response.headers["x-page-cache"] == "hit"
    assert "content-security-policy" in response.headers
    assert violations(page) == []
    assert console_errors == []
    # The brand colour's inline style, allowed by its hash, applied.
    brand = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--brand')"
    )
    assert brand.strip() == "#0b5d7a"
    # The form's script runs: a first touch of the form makes the request's id.
    page.focus("form[data-lead-form] [name=name]")
    assert page.input_value("form[data-lead-form] [name=submission_id]") != ""

    # What an injection would add is refused.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true;";
            document.body.append(script);
            const style = document.createElement("style");
            style.textContent = "body { display: none; }";
            document.head.append(style);
        }"""
    )
    page.wait_for_function("window.cspViolations.length >= 2")
    assert page.evaluate("window.injected") is None
    assert page.is_visible("main")
    assert sorted(v.split()[0] for v in violations(page)) == [
        "script-src-elem",
        "style-src-elem",
    ]


def sign_in(context, user, clinic, port):
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": clinic.site.hostname,
                "path": "/",
            }
        ]
    )


def test_the_userbar_works_for_a_signed_in_editor(
    tal_post, browser_context, django_user_model
):
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@clinic.example", "pw"
    )
    sign_in(browser_context, editor, tal_post.clinic, tal_post.clinic.site.port)

    page, response, console_errors = open_page(browser_context, tal_post.url)

    assert "x-page-cache" not in response.headers
    trigger = page.locator("wagtail-userbar #wagtail-userbar-trigger")
    trigger.click()
    edit = page.locator(
        f"wagtail-userbar a[href$='/admin/pages/{tal_post.page.pk}/edit/']"
    )
    edit.wait_for(state="visible")
    assert violations(page) == []
    assert console_errors == []


def test_the_admin_page_editor_runs_with_no_violation(
    tal_post, browser_context, django_user_model
):
    editor = django_user_model.objects.create_superuser(
        "editor", "editor@clinic.example", "pw"
    )
    sign_in(browser_context, editor, tal_post.clinic, tal_post.clinic.site.port)
    origin = tal_post.url.split("/blog/", 1)[0]

    page, response, console_errors = open_page(
        browser_context, f"{origin}/admin/pages/{tal_post.page.pk}/edit/"
    )

    assert response.status == 200
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    page.wait_for_selector("form#page-edit-form")
    assert violations(page) == []
