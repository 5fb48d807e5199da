"""A visitor on a phone, end to end, on each demo clinic and in Spanish: reads a
post, opens a question, finds the number after scrolling, sends a return
request with a mistake first, reaches the thank-you state; the request is in
that clinic's admin listing and in no other's."""

from django.conf import settings

import pytest

from blog.models import BlogPostPage
from home.models import ClinicSettings, ClinicTeam
from leads.models import Lead
from tests.browser.test_csp import sign_in
from tests.browser.test_phone import PHONE, TEL_LINKS_IN_VIEW, scroll_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

SCREENSHOTS = settings.BASE_DIR / "build" / "screenshots" / "visitor"
FORM = "form[data-lead-form]"


def post_with_form(clinic, language):
    """A live post of the clinic, in ``language``, with an FAQ and a form."""
    posts = BlogPostPage.objects.live().filter(locale__language_code=language)
    for post in posts:
        types = {child.block_type for child in post.body}
        if {"faq", "lead_form"} <= types and post.get_site().pk == clinic.site_id:
            return post
    raise AssertionError(f"no {language} post with an FAQ and a form")


def send_a_request(browser, post, name, shots):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(post.get_full_url())

    question = page.locator(".faq__item").first
    question.locator("summary").click()
    assert question.evaluate("(details) => details.open")
    assert question.locator(".faq__answer").is_visible()

    scroll_to(page, page.evaluate("document.documentElement.scrollHeight") // 2)
    assert page.evaluate(TEL_LINKS_IN_VIEW), "no call link in view mid-post"

    # A first try without a phone number or an email.
    page.fill(f"{FORM} [name=name]", name)
    page.check(f"{FORM} [name=consent]")
    page.wait_for_timeout(3500)  # as long as a person takes (the fill-time check)
    with page.expect_navigation():
        page.click(f"{FORM} [type=submit]")
    summary = page.locator("[data-lead-errors]")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.matches('[data-lead-errors]')")
    page.screenshot(path=SCREENSHOTS / f"{shots}-error.png")

    page.fill(f"{FORM} [name=phone]", "(513) 555-0172")
    with page.expect_navigation():
        page.click(f"{FORM} [type=submit]")
    thanks = page.locator("[data-lead-sent]")
    assert thanks.is_visible()
    page.screenshot(path=SCREENSHOTS / f"{shots}-thanks.png")
    context.close()


def listing(browser, clinic, user, port):
    context = browser.new_context()
    sign_in(context, user, clinic, port)
    page = context.new_page()
    page.goto(f"http://{clinic.site.hostname}:{port}/admin/leads/")
    text = page.locator("main").inner_text()
    context.close()
    return text


def test_a_visitor_reads_asks_and_reaches_the_right_clinic(
    demo, browser, django_user_model
):
    clinics = list(ClinicSettings.objects.select_related("site").order_by("pk"))
    visits = [
        (clinics[0], "en", "Robin"),
        (clinics[1], "en", "Samir"),
        (clinics[1], "es", "Lucía"),
    ]
    for clinic, language, name in visits:
        post = post_with_form(clinic, language)
        shots = f"{clinic.site.hostname.split('.')[0]}-{language}"
        send_a_request(browser, post, name, shots)
        lead = Lead.objects.get(name=name)
        assert lead.site_id == clinic.site_id
        assert str(lead.phone) == "+15135550172"
        assert not lead.quarantined, lead.spam_signals

    managers = {}
    for clinic in clinics:
        team = ClinicTeam.objects.get(site=clinic.site)
        user = django_user_model.objects.create_user(
            f"manager-{clinic.pk}", f"manager-{clinic.pk}@clinic.example", "pw"
        )
        user.groups.add(team.groups()["managers"])
        managers[clinic.pk] = listing(browser, clinic, user, demo)

    # The listing shows each request's first name.
    first, second = (managers[clinic.pk] for clinic in clinics)
    assert "Robin" in first
    assert "Samir" not in first and "Lucía" not in first
    assert "Samir" in second and "Lucía" in second
    assert "Robin" not in second
