"""static/js/lead-form.js in a real browser: one request per fill, the fill time
measured in the browser, reCAPTCHA loaded only once the visitor starts the form,
and the same form working with JavaScript off."""

import pytest
from django_recaptcha.client import RecaptchaResponse

from leads.models import Lead

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # The live server asks for the transactional database itself; this keeps
    # the rows migrations made (the default locale) between tests.
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

FORM = "form[data-lead-form]"
STUB_RECAPTCHA = """
window.grecaptcha = {
    ready: function (callback) { callback(); },
    execute: function () {
        return Promise.resolve("token-from-stub");
    }
};
"""


def fill_in(page, *, name="Robin"):
    page.fill(f"{FORM} [name=name]", name)
    page.fill(f"{FORM} [name=phone]", "(216) 555-0142")
    page.check(f"{FORM} [name=consent]")


def test_a_double_click_sends_one_request_with_the_browsers_id_and_fill_time(
    tal_post, browser_context
):
    page = browser_context.new_page()
    page.goto(tal_post.url)
    fill_in(page)
    submission_id = page.input_value(f"{FORM} [name=submission_id]")
    page.wait_for_timeout(3200)  # a person takes longer than the minimum

    page.dblclick(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    lead = Lead.objects.get()
    assert str(lead.submission_id) == submission_id
    assert lead.verification == Lead.Verification.VERIFIED
    assert lead.spam_signals == ""
    assert page.inner_text("[data-lead-sent]") == "Thank you, we have it"


def test_errors_are_announced_and_the_input_is_kept(tal_post, browser_context):
    page = browser_context.new_page()
    page.goto(tal_post.url)
    fill_in(page, name="")
    page.fill(f"{FORM} [name=email]", "kept@example.net")

    with page.expect_navigation():
        page.click(f"{FORM} [type=submit]")

    page.wait_for_function(
        "document.activeElement.hasAttribute('data-lead-errors')", timeout=5000
    )
    assert "Please tell us what to call you." in page.inner_text("[data-lead-errors]")
    assert page.input_value(f"{FORM} [name=email]") == "kept@example.net"
    assert not Lead.objects.exists()


def test_without_javascript_the_form_works_and_a_resend_is_one_request(
    tal_post, browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for _attempt in range(2):
        page.goto(tal_post.url)
        fill_in(page)
        page.click(f"{FORM} [type=submit]")
        page.wait_for_url("**/blog/coming-back/?sent=*")
        assert "Thank you, we have it" in page.content()
    context.close()

    lead = Lead.objects.get()
    assert lead.submission_id is not None  # made by the server
    assert lead.verification == Lead.Verification.UNVERIFIED
    assert not lead.quarantined


def test_recaptcha_loads_only_once_the_visitor_starts_the_form(
    tal_post, browser_context, monkeypatch
):
    routing = tal_post.clinic.routing
    routing.recaptcha_site_key = "6Lc" + "s" * 37
    routing.recaptcha_secret_key = "6Lc" + "p" * 37
    routing.save()
    verified = []

    def google_verifies(recaptcha_response, private_key, remoteip):
        verified.append(recaptcha_response)
        return RecaptchaResponse(
            True, extra_data={"score": 0.9}, action="return_request"
        )

    monkeypatch.setattr("django_recaptcha.fields.client.submit", google_verifies)
    requested = []

    def answer(route):
        requested.append(route.request.url)
        route.fulfill(body=STUB_RECAPTCHA, content_type="text/javascript")

    page = browser_context.new_page()
    page.route("https://www.google.com/recaptcha/**", answer)
    page.goto(tal_post.url)
    page.wait_for_load_state("networkidle")
    assert requested == []

    fill_in(page)
    page.wait_for_timeout(3200)
    page.click(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    assert len(requested) == 1
    assert "render=6Lcsss" in requested[0]
    assert verified == ["token-from-stub"]
    lead = Lead.objects.get()
    assert lead.verification == Lead.Verification.VERIFIED
    assert not lead.quarantined
    # Keyboard and screen-reader users land on the thank-you heading.
    page.wait_for_function(
        "document.activeElement.hasAttribute('data-lead-sent')", timeout=5000
    )


def test_back_to_a_sent_form_and_a_correction_is_a_second_request(
    tal_post, browser_context
):
    page = browser_context.new_page()
    page.goto(tal_post.url)
    fill_in(page)
    page.wait_for_timeout(3200)
    page.click(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    page.go_back(wait_until="commit")  # from the back/forward cache: no "load"
    page.wait_for_function(
        f"!document.querySelector('{FORM} [name=submission_id]').value"
    )
    page.fill(f"{FORM} [name=phone]", "(216) 555-0199")
    page.wait_for_timeout(3200)
    page.click(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    first, second = Lead.objects.order_by("pk")
    assert (str(first.phone), str(second.phone)) == ("+12165550142", "+12165550199")
    assert first.submission_id != second.submission_id
    assert second.verification == Lead.Verification.VERIFIED


def test_a_quick_refused_try_then_a_correction_is_not_taken_for_spam(
    tal_post, browser_context
):
    page = browser_context.new_page()
    page.goto(tal_post.url)
    page.fill(f"{FORM} [name=name]", "Robin")
    page.fill(f"{FORM} [name=phone]", "(216) 555-0142")
    with page.expect_navigation():
        page.click(f"{FORM} [type=submit]")  # at once, and without the consent
    assert not Lead.objects.exists()

    page.wait_for_timeout(3200)
    page.check(f"{FORM} [name=consent]")
    page.click(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    lead = Lead.objects.get()
    assert lead.spam_signals == ""
    assert lead.verification == Lead.Verification.VERIFIED
    assert not lead.quarantined


def test_a_send_stopped_on_the_way_can_be_sent_again(tal_post, browser_context):
    page = browser_context.new_page()
    held = []
    page.route("**/return-request/", lambda route: held.append(route))
    page.goto(tal_post.url)
    fill_in(page)
    page.wait_for_timeout(3200)

    page.click(f"{FORM} [type=submit]", no_wait_after=True)
    page.wait_for_timeout(1000)
    page.context.new_cdp_session(page).send("Page.stopLoading")  # Esc, or Stop
    held.pop().abort()
    page.unroute("**/return-request/")
    assert page.get_attribute(f"{FORM} [type=submit]", "aria-disabled") == "true"

    page.wait_for_timeout(8500)  # lead-form.js: RESEND_AFTER_MS
    assert page.get_attribute(f"{FORM} [type=submit]", "aria-disabled") is None
    page.click(f"{FORM} [type=submit]")
    page.wait_for_url("**/blog/coming-back/?sent=*")

    assert Lead.objects.count() == 1
