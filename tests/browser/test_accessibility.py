"""axe-core (node_modules/axe-core, pinned in package-lock.json) in every public
page type of the demo clinics and in the admin's post editor: no violation of
WCAG 2.2 A or AA on our pages; in the admin, only the upstream Wagtail findings
listed below, by rule and element."""

import os
import re
from pathlib import Path

from django.conf import settings

import pytest

from blog.models import BlogPostPage
from home.models import ClinicSettings
from tests.browser.test_csp import sign_in
from tests.browser.test_phone import PHONE

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
RUN_AXE = """
async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((violation) => ({
        rule: violation.id,
        targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
}
"""


@pytest.fixture
def axe_script():
    if not AXE.exists():
        message = f"{AXE} is missing: run `make install` (npm ci) first."
        if os.environ.get("BROWSER_TESTS_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def axe_violations(context, url, axe_script, expected_status=200):
    page = context.new_page()
    response = page.goto(url)
    assert response.status == expected_status, url
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(axe_script))
    found = page.evaluate(RUN_AXE, WCAG_22_A_AA)
    page.close()
    return found


def public_pages(port):
    """Each public page type of both clinics, and a post in Spanish."""
    pages = []
    for clinic in ClinicSettings.objects.select_related("site").order_by("pk"):
        origin = f"http://{clinic.site.hostname}:{port}"
        posts = BlogPostPage.objects.live().descendant_of(clinic.site.root_page)
        post = posts.filter(locale__language_code="en").first()
        spanish = post.get_translations().live().get(locale__language_code="es")
        contact = clinic.contact_page.specific
        pages += [
            (f"{origin}/", 200),
            (post.get_parent().get_full_url(), 200),
            (post.get_full_url(), 200),
            (contact.get_full_url(), 200),
            (f"{contact.get_full_url()}?sent=contact", 200),
            (f"{origin}/no-such-page/", 404),
            (spanish.get_full_url(), 200),
        ]
    return pages


def test_public_pages_have_no_wcag_violation(demo, browser, axe_script):
    found = {}
    for viewport in (PHONE, {"viewport": {"width": 1280, "height": 900}}):
        # Playwright injects axe's script; the pages' CSP would refuse it.
        context = browser.new_context(bypass_csp=True, **viewport)
        for url, status in public_pages(demo):
            violations = axe_violations(context, url, axe_script, status)
            if violations:
                found[f"{url} at {viewport['viewport']['width']} px"] = violations
        context.close()

    assert found == {}


# What axe reports in Wagtail 8.0's page editor for a demo post, by rule and
# element (numbers in ids written as *): none of it comes from our panels or
# templates. Each is Wagtail's to fix; a new finding, or one of these gone,
# fails the test.
UPSTREAM_ADMIN_FINDINGS = {
    # Draftail, Wagtail's rich text editor (our paragraph, FAQ answer and
    # notice fields): its role="textbox" element has no accessible name; the
    # field's visible label is not tied to it.
    "aria-input-field-name": ['div[aria-describedby="placeholder-*"]'],
    # Wagtail's ListBlock renders each item's input without a label (our list
    # block's items, a ListBlock of CharBlock): only the list has one.
    "label": ["#body-*-value-items-*-value"],
}


def stable(target):
    """A target without the numbers and random ids that change from run to run."""
    target = re.sub(r"placeholder-[a-z0-9]+", "placeholder-*", target)
    return re.sub(r"\d+", "*", target)


def test_the_admin_post_editor_has_no_violation_of_ours(
    demo, browser, axe_script, django_user_model
):
    editor = django_user_model.objects.create_superuser(
        "axe-editor", "axe@clinic.example", "pw"
    )
    clinic = ClinicSettings.objects.select_related("site").order_by("pk").first()
    post = BlogPostPage.objects.live().descendant_of(clinic.site.root_page).first()
    context = browser.new_context(
        bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    sign_in(context, editor, clinic, demo)

    found = axe_violations(
        context,
        f"http://{clinic.site.hostname}:{demo}/admin/pages/{post.pk}/edit/",
        axe_script,
    )
    context.close()

    findings = {
        item["rule"]: sorted({stable(target) for target in item["targets"]})
        for item in found
    }
    assert findings == UPSTREAM_ADMIN_FINDINGS
