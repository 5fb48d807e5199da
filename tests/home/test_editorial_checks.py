"""Our checks beside Wagtail's content checker: alt text that says nothing,
headings out of order, an FAQ answer with no words and phone numbers that are
not the clinic's. Each refuses a publish or a submission for review, through the
admin's own edit view, with the error on the block at fault; a draft still
saves, as Wagtail lets a draft save with required fields empty."""

import html
import io
import json
import re

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.blocks import StructBlockValidationError
from wagtail.models import Page, WorkflowState
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest
import wagtail_factories

from blog.blocks import FAQItemBlock
from blog.factories import BlogIndexPageFactory, BlogPostPageFactory, FAQSetFactory
from blog.models import FAQSet
from home import content_checks
from home.factories import StandardPageFactory
from home.teams import add_clinic
from tests.home.test_chosen_objects import edit_form, edit_url

pytestmark = pytest.mark.django_db

H3_BEFORE_H2 = "An H3 is a subsection: it must follow an H2."
ALT_IS_FILE_NAME = "This alt text looks like a file name."
EMPTY_ANSWER = "Write the answer: visitors who open this question would find it empty."
# The fixtures' numbers (tests/conftest.py).
TRUHEALING_NUMBER = "(888) 643-9118"
TAL_NUMBER = "(216) 480-4860"


def publish(client, page, body=None, **fields):
    """Post the edit form with "Publish"; return the response and the page as
    it is in the database afterwards."""
    data = edit_form(client, page, body, **fields)
    data["action-publish"] = "action-publish"
    response = client.post(edit_url(page), data)
    return response, Page.objects.get(pk=page.pk).specific


def save_draft(client, page, body=None, **fields):
    before = page.revisions.count()
    response = client.post(edit_url(page), edit_form(client, page, body, **fields))
    assert response.status_code == 302, errors_shown(response)
    return page.revisions.count() - before


def errors_shown(response):
    """The page as the editor sees it, with the StreamField's errors (which the
    admin passes to its JavaScript as JSON) decoded."""
    shown = html.unescape(response.content.decode())
    return shown.encode().decode("unicode_escape", errors="ignore")


def stream_errors(response, field="body"):
    """The StreamField's errors, as the admin hands them to its JavaScript."""
    found = re.search(
        rf'<div id="{field}" data-block [^>]*data-w-block-arguments-value="([^"]*)"',
        response.content.decode(),
    )
    _value, errors = json.loads(html.unescape(found.group(1)))
    return errors


def refused(response, message):
    assert response.status_code == 200
    assert message in errors_shown(response)
    return True


@pytest.fixture
def page(truhealing):
    return StandardPageFactory(
        parent=truhealing.home, title="Coming back", slug="coming-back", live=False
    )


def heading(text, level):
    return ("heading", {"text": text, "level": level})


def paragraph(source):
    return ("paragraph", rich_text(source))


def cta(heading_text="Ready when you are", text=""):
    return (
        "cta",
        {"heading": heading_text, "text": text, "link_text": "", "link_page": ""},
    )


def figure(image, alt_text, decorative=False):
    return (
        "image",
        {
            "image": {
                "image": image.pk,
                "decorative": "on" if decorative else "",
                "alt_text": alt_text,
            },
            "caption": "",
        },
    )


# Headings


def test_an_h3_before_any_h2_is_refused_on_publish_but_saves_as_a_draft(
    admin_client, page
):
    body = [heading("What to bring", "h3"), paragraph("<p>Your ID.</p>")]

    response, stored = publish(admin_client, page, body)

    assert refused(response, H3_BEFORE_H2)
    assert stored.live is False
    assert save_draft(admin_client, page, body) == 1


def test_the_h3_error_is_on_that_blocks_level(admin_client, page):
    body = [
        paragraph("<p>Intro.</p>"),
        heading("What to bring", "h3"),
        heading("Your first day", "h2"),
        heading("Parking", "h3"),
    ]

    response, _stored = publish(admin_client, page, body)

    errors = stream_errors(response)
    assert list(errors["blockErrors"]) == ["1"]
    assert errors["blockErrors"]["1"]["blockErrors"]["level"]["messages"][0].startswith(
        H3_BEFORE_H2
    )


@pytest.mark.parametrize(
    "body",
    [
        [heading("Your first day", "h2"), heading("Parking", "h3")],
        [cta(), heading("Parking", "h3")],
        [paragraph("<p>No headings at all.</p>")],
    ],
    ids=["h2-then-h3", "cta-section-then-h3", "no-headings"],
)
def test_headings_in_order_publish(admin_client, page, body):
    response, stored = publish(admin_client, page, body)

    assert response.status_code == 302, errors_shown(response)
    assert stored.live is True


def test_an_h3_after_a_posts_faq_section_publishes(admin_client, truhealing):
    blog = BlogIndexPageFactory(parent=truhealing.home)
    post = BlogPostPageFactory(parent=blog, title="Questions first", live=False)
    faq = {
        "heading": "Questions",
        "faq_set": "",
        "items": streamfield(
            [
                (
                    "item",
                    {
                        "question": "Can I come back?",
                        "answer": rich_text("<p>Yes.</p>"),
                    },
                )
            ]
        ),
    }

    response, stored = publish(
        admin_client, post, [("faq", faq), heading("Still unsure?", "h3")]
    )

    assert response.status_code == 302, errors_shown(response)
    assert stored.live is True


# Alt text


@pytest.mark.parametrize(
    "alt_text, message",
    [
        ("IMG_0042.jpg", ALT_IS_FILE_NAME),
        ("group-room.png", ALT_IS_FILE_NAME),
        ("DSC 1234", ALT_IS_FILE_NAME),
        ("photo", "“photo” does not describe the image."),
        ("Image.", "“Image.” does not describe the image."),
    ],
)
def test_alt_text_that_says_nothing_is_refused(admin_client, page, alt_text, message):
    image = wagtail_factories.ImageFactory(title="Room")

    response, stored = publish(admin_client, page, [figure(image, alt_text)])

    assert refused(response, message)
    assert stored.live is False


@pytest.mark.parametrize(
    "alt_text, decorative",
    [("Two armchairs by a window in the group room", False), ("", True)],
    ids=["described", "decorative"],
)
def test_described_or_decorative_images_publish(
    admin_client, page, alt_text, decorative
):
    image = wagtail_factories.ImageFactory(title="Room")

    response, stored = publish(
        admin_client, page, [figure(image, alt_text, decorative)]
    )

    assert response.status_code == 302, errors_shown(response)
    assert stored.live is True


def test_a_posts_hero_alt_text_that_is_a_file_name_is_refused(admin_client, truhealing):
    blog = BlogIndexPageFactory(parent=truhealing.home)
    hero = wagtail_factories.ImageFactory(title="Path")
    post = BlogPostPageFactory(
        parent=blog, hero_image=hero, hero_image_alt="A park path", live=False
    )

    response, stored = publish(admin_client, post, hero_image_alt="hero_final.jpg")

    assert refused(response, ALT_IS_FILE_NAME)
    assert stored.live is False


def test_a_home_hero_whose_library_description_is_a_file_name_is_refused(
    admin_client, truhealing
):
    """The home page's hero shows the image library's description (or its
    title) as the alt text: that is what is checked."""
    home = truhealing.home
    unnamed = wagtail_factories.ImageFactory(title="DSC_0042.JPG")
    described = wagtail_factories.ImageFactory(
        title="DSC_0043.JPG", description="The clinic's front door, open"
    )

    response, stored = publish(admin_client, home, hero_image=unnamed.pk)
    assert refused(
        response, "This image's alt text is its description in the image library:"
    )
    assert stored.hero_image_id != unnamed.pk

    response, stored = publish(admin_client, home, hero_image=described.pk)
    assert response.status_code == 302, errors_shown(response)
    assert stored.hero_image_id == described.pk


# FAQ answers


def faq_item(answer):
    return ("item", {"question": "Will I start over?", "answer": rich_text(answer)})


@pytest.mark.parametrize("answer", ["<p> </p>", "<p>&nbsp;</p>", "<p><b> </b></p>"])
def test_a_post_faq_answer_with_no_words_is_refused(admin_client, truhealing, answer):
    blog = BlogIndexPageFactory(parent=truhealing.home)
    post = BlogPostPageFactory(parent=blog, title="Questions", live=False)
    faq = {
        "heading": "Questions",
        "faq_set": "",
        "items": streamfield([faq_item(answer)]),
    }

    response, stored = publish(admin_client, post, [("faq", faq)])

    assert response.status_code == 200
    shown = errors_shown(response)
    assert EMPTY_ANSWER in shown
    assert stored.live is False


def test_an_answer_of_spaces_is_refused_by_our_check(truhealing):
    """Wagtail's required check passes rich text whose paragraphs hold only
    spaces; ours does not (the block itself, as the admin's form cleans it)."""
    block = FAQItemBlock()
    value = block.to_python({"question": "Will I start over?", "answer": ""})
    value["answer"] = RichText("<p>&nbsp; </p>")

    with pytest.raises(StructBlockValidationError) as refusal:
        block.clean(value)

    assert str(refusal.value.block_errors["answer"].messages[0]) == EMPTY_ANSWER
    block.defer_required_validation()
    try:
        assert block.clean(value)["answer"].source == "<p>&nbsp; </p>"
    finally:
        block.restore_deferred_validation()


def test_an_faq_set_with_an_empty_answer_is_not_published(admin_client, truhealing):
    faq_set = FAQSetFactory(site=truhealing.site, title="Returning", live=False)
    url = reverse("wagtailsnippets_blog_faqset:edit", args=[faq_set.pk])
    data = querydict_from_html(
        admin_client.get(url).content.decode(), form_id="w-editor-form"
    )
    data.update(nested_form_data({"items": streamfield([faq_item("<p> </p>")])}))
    data["action-publish"] = "action-publish"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    shown = errors_shown(response)
    assert EMPTY_ANSWER in shown
    assert FAQSet.objects.get(pk=faq_set.pk).live is False


# Phone numbers


def test_a_call_to_action_with_another_clinics_number_is_refused(
    admin_client, page, tal
):
    body = [cta(text=f"Call us today at {TAL_NUMBER}.")]

    response, stored = publish(admin_client, page, body)

    assert refused(
        response,
        f"{TAL_NUMBER} is the number of {tal.settings.display_name}, another clinic. "
        f"Use this clinic's number, {TRUHEALING_NUMBER}.",
    )
    assert stored.live is False


def test_a_call_to_action_with_a_number_that_is_not_the_clinics_is_refused(
    admin_client, page
):
    response, stored = publish(admin_client, page, [cta("Call (513) 555-0147")])

    assert refused(
        response, f"(513) 555-0147 is not this clinic's number ({TRUHEALING_NUMBER})."
    )
    assert stored.live is False


def test_another_clinics_number_in_a_paragraph_link_is_refused(admin_client, page, tal):
    body = [paragraph('<p>Or <a href="tel:+12164804860">call our team</a>.</p>')]

    response, stored = publish(admin_client, page, body)

    assert refused(response, "+12164804860 is the number of")
    assert stored.live is False


def test_the_clinics_own_number_and_national_helplines_publish(admin_client, page):
    body = [
        cta(text=f"Call {TRUHEALING_NUMBER}, day or night."),
        paragraph(
            "<p>The SAMHSA helpline, 1-800-662-4357, is free and confidential. "
            'Or <a href="tel:+18886439118">call us</a>.</p>'
        ),
    ]

    response, stored = publish(admin_client, page, body)

    assert response.status_code == 302, errors_shown(response)
    assert stored.live is True


# Review


def test_a_submission_for_review_runs_the_checks(truhealing, tal, django_user_model):
    team = add_clinic(hostname=tal.host, name=tal.site.site_name)[0]
    editor = django_user_model.objects.create_user(username="tal-editor", password="pw")
    editor.groups.add(team.editors)
    client = Client()
    client.force_login(editor)
    page = StandardPageFactory(parent=tal.home, title="Coming back", live=False)

    def submit(body):
        data = edit_form(client, page, body)
        data["action-submit"] = "Submit"
        return client.post(edit_url(page), data)

    response = submit([heading("What to bring", "h3")])
    assert refused(response, H3_BEFORE_H2)
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()

    response = submit([heading("What to bring", "h2")])
    assert response.status_code == 302, errors_shown(response)
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS


# The demo


def test_every_demo_page_passes_the_checks():
    """An editor who opens a demo page and publishes it meets no error."""
    call_command("load_demo", port=8000, stdout=io.StringIO())
    checked = 0
    for page in Page.objects.filter(depth__gt=1).specific():
        values = {
            field.name: getattr(page, field.name)
            for field in page._meta.get_fields()
            if field.concrete and not field.is_relation
        }
        for name in ("hero_image",):
            if hasattr(page, name):
                values[name] = getattr(page, name)
        errors = list(content_checks.page_errors(values, page.get_site().pk))
        assert errors == [], (page.url_path, errors)
        checked += 1
    assert checked >= 16
