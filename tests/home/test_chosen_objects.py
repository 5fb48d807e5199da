"""A page may only show its own clinic's images, documents, pages and snippets:
the admin's edit views refuse a save that posts another clinic's ids, whatever
the chooser offered, and nothing is saved."""

import html
import json

from django.test import Client
from django.urls import reverse

from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest
import wagtail_factories

from blog.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    FAQSetFactory,
    TestimonialFactory,
)
from home.chosen_objects import ChoiceRules, objects_in_rich_text
from home.factories import NoticeFactory, StandardPageFactory
from home.teams import add_clinic
from leads.factories import ContactPageFactory

IMAGE_ELSEWHERE = "This image belongs to another clinic."
DOCUMENT_ELSEWHERE = "This document belongs to another clinic."
PAGE_ELSEWHERE = "This page is on another clinic's site."
TESTIMONIAL_ELSEWHERE = "This testimonial belongs to another clinic."
IMAGE_NOT_ALLOWED = "You may not use this image."


@pytest.fixture
def teams(truhealing, tal):
    """The clinics' teams and collections, as ``manage.py add_clinic`` makes them."""
    return {
        clinic: add_clinic(
            hostname=fixture.site.hostname,
            name=fixture.site.site_name,
            phone=str(fixture.settings.phone),
            port=80,
        )[0]
        for clinic, fixture in {"truhealing": truhealing, "tal": tal}.items()
    }


@pytest.fixture
def tal_editor(django_user_model, teams):
    """A client of its own: tests also use ``admin_client``, a superuser's."""
    user = django_user_model.objects.create_user(username="tal-editor", password="pw")
    user.groups.add(teams["tal"].editors)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def objects(truhealing, tal, teams):
    """One of each kind of object for each clinic."""

    def of(clinic, team, name):
        blog = BlogIndexPageFactory(parent=clinic.home)
        return {
            "image": wagtail_factories.ImageFactory(
                title=f"{name} image", collection=team.collection
            ),
            "document": wagtail_factories.DocumentFactory(
                title=f"{name} leaflet", collection=team.collection
            ),
            "page": StandardPageFactory(
                parent=clinic.home, title=f"{name} services", slug="services"
            ),
            "testimonial": TestimonialFactory(site=clinic.site, quote=f"{name} story"),
            "faq_set": FAQSetFactory(site=clinic.site),
            "notice": NoticeFactory(site=clinic.site, name=f"{name} notice"),
            "blog": blog,
            "post": BlogPostPageFactory(parent=blog, title=f"{name} post"),
        }

    return {
        "truhealing": of(truhealing, teams["truhealing"], "TruHealing"),
        "tal": of(tal, teams["tal"], "Tal"),
    }


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit_form(client, page, body=None, **fields):
    """The page's edit form as the admin posts it ("save draft"), with ``fields``
    changed and, for pages with a StreamField body, ``body`` as its blocks."""
    page_html = client.get(edit_url(page)).content.decode()
    data = querydict_from_html(page_html, form_id="page-edit-form")
    for name, value in fields.items():
        data[name] = value
    if hasattr(page.specific, "body"):
        data.update(nested_form_data({"body": streamfield(body or [])}))
    return data


def revisions(page):
    return page.revisions.count()


def save(client, page, body=None, **fields):
    """Post the edit form; return the response and how many revisions it added."""
    before = revisions(page)
    response = client.post(edit_url(page), edit_form(client, page, body, **fields))
    return response, revisions(page) - before


def assert_refused(response, added, message):
    """Not saved, and ``message`` is shown: the admin passes a StreamField's
    errors to its JavaScript as JSON."""
    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert message in shown or json.dumps(message)[1:-1] in shown
    assert added == 0


def figure(image):
    return (
        "image",
        {
            "image": {"image": image.pk, "decorative": "", "alt_text": "A room"},
            "caption": "",
        },
    )


def cta(page):
    return (
        "cta",
        {"heading": "Ready?", "text": "", "link_text": "Go", "link_page": page.pk},
    )


def paragraph(source):
    return ("paragraph", rich_text(source))


def page_link(page):
    return f'<p>See <a linktype="page" id="{page.pk}">our services</a>.</p>'


def document_link(document):
    return f'<p>Read <a linktype="document" id="{document.pk}">the leaflet</a>.</p>'


# A Tal editor's own blog post


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (lambda found: figure(found["image"]), IMAGE_ELSEWHERE),
        (lambda found: cta(found["page"]), PAGE_ELSEWHERE),
        (lambda found: ("testimonial", found["testimonial"].pk), TESTIMONIAL_ELSEWHERE),
        (lambda found: paragraph(page_link(found["page"])), PAGE_ELSEWHERE),
        (lambda found: paragraph(document_link(found["document"])), DOCUMENT_ELSEWHERE),
    ],
    ids=["image", "page", "testimonial", "rich-text-page", "rich-text-document"],
)
def test_editor_cannot_put_another_clinics_object_in_a_post(
    tal_editor, objects, block, message
):
    post = objects["tal"]["post"]
    body_before = list(post.body.raw_data)

    response, added = save(
        tal_editor, post, [paragraph("<p>Hi</p>"), block(objects["truhealing"])]
    )

    assert_refused(response, added, message)
    post.refresh_from_db()
    assert list(post.body.raw_data) == body_before
    assert post.has_unpublished_changes is False


@pytest.mark.parametrize(
    "block",
    [
        lambda found: figure(found["image"]),
        lambda found: cta(found["page"]),
        lambda found: ("testimonial", found["testimonial"].pk),
        lambda found: paragraph(page_link(found["page"])),
        lambda found: paragraph(document_link(found["document"])),
    ],
    ids=["image", "page", "testimonial", "rich-text-page", "rich-text-document"],
)
def test_editor_may_use_their_own_clinics_objects(tal_editor, objects, block):
    post = objects["tal"]["post"]

    response, added = save(tal_editor, post, [block(objects["tal"])])

    assert response.status_code == 302
    assert added == 1


def test_the_error_is_on_the_refused_block(tal_editor, objects):
    post = objects["tal"]["post"]
    body = [paragraph("<p>Hi</p>"), figure(objects["truhealing"]["image"])]

    response, _added = save(tal_editor, post, body)

    error = response.context["form"].errors.as_data()["body"][0]
    assert isinstance(error, StreamBlockValidationError)
    assert list(error.block_errors) == [1]
    image_error = error.block_errors[1].block_errors["image"]
    assert isinstance(image_error, StructBlockValidationError)
    assert image_error.block_errors["image"].messages == [IMAGE_ELSEWHERE]


def test_nested_rich_text_names_the_refused_link(tal_editor, objects):
    """An FAQ answer is rich text in a list in a struct block."""
    post = objects["tal"]["post"]
    foreign = objects["truhealing"]["page"]
    answer = {"question": "Where?", "answer": rich_text(page_link(foreign))}
    faq = {"heading": "FAQ", "faq_set": "", "items": streamfield([("item", answer)])}

    response, added = save(tal_editor, post, [("faq", faq)])

    assert_refused(response, added, f"“{foreign.title}”: {PAGE_ELSEWHERE}")
    error = response.context["form"].errors.as_data()["body"][0]
    items = error.block_errors[0].block_errors["items"]
    assert items.block_errors[0].block_errors["answer"].messages == [
        f"“{foreign.title}”: {PAGE_ELSEWHERE}"
    ]


def test_editor_cannot_choose_another_clinics_faq_set(tal_editor, objects):
    post = objects["tal"]["post"]
    faq = {
        "heading": "FAQ",
        "faq_set": objects["truhealing"]["faq_set"].pk,
        "items": streamfield([]),
    }

    response, added = save(tal_editor, post, [("faq", faq)])

    assert_refused(response, added, "This FAQ set belongs to another clinic.")


@pytest.mark.parametrize(
    ("field", "key", "message"),
    [
        ("hero_image", "image", IMAGE_ELSEWHERE),
        (
            "disclaimer",
            "notice",
            "This notice belongs to another clinic. Choose one of this clinic's "
            "notices.",
        ),
    ],
)
def test_editor_cannot_choose_another_clinics_object_in_a_field(
    tal_editor, objects, field, key, message
):
    post = objects["tal"]["post"]
    fields = {field: objects["truhealing"][key].pk, "hero_image_alt": "A room"}

    response, added = save(tal_editor, post, [paragraph("<p>Hi</p>")], **fields)

    assert_refused(response, added, message)
    assert response.context["form"].errors.as_data()[field][0].messages[0] == message
    post.refresh_from_db()
    assert getattr(post, f"{field}_id") is None

    fields = {field: objects["tal"][key].pk, "hero_image_alt": "A room"}
    response, added = save(tal_editor, post, [paragraph("<p>Hi</p>")], **fields)
    assert (response.status_code, added) == (302, 1)


# Every page type


def test_home_page(tal_editor, tal, objects):
    foreign = objects["truhealing"]

    response, added = save(tal_editor, tal.home, [cta(foreign["page"])])
    assert_refused(response, added, PAGE_ELSEWHERE)

    response, added = save(tal_editor, tal.home, [], hero_image=foreign["image"].pk)
    assert_refused(response, added, IMAGE_ELSEWHERE)

    response, added = save(
        tal_editor,
        tal.home,
        [cta(objects["tal"]["page"])],
        hero_image=objects["tal"]["image"].pk,
    )
    assert (response.status_code, added) == (302, 1)


def test_standard_page(tal_editor, objects):
    page = objects["tal"]["page"]

    response, added = save(tal_editor, page, [figure(objects["truhealing"]["image"])])
    assert_refused(response, added, IMAGE_ELSEWHERE)

    response, added = save(tal_editor, page, [figure(objects["tal"]["image"])])
    assert (response.status_code, added) == (302, 1)


def test_blog_index_page(tal_editor, objects):
    blog = objects["tal"]["blog"]

    response, added = save(
        tal_editor, blog, featured_post=objects["truhealing"]["post"].pk
    )
    assert_refused(response, added, PAGE_ELSEWHERE)

    response, added = save(tal_editor, blog, featured_post=objects["tal"]["post"].pk)
    assert (response.status_code, added) == (302, 1)


def test_contact_page(tal_editor, tal, objects):
    contact = ContactPageFactory(parent=tal.home)
    foreign = objects["truhealing"]["page"]

    response, added = save(
        tal_editor, contact, intro=rich_text(page_link(foreign), features=["link"])
    )
    assert_refused(response, added, f"“{foreign.title}”: {PAGE_ELSEWHERE}")
    contact.refresh_from_db()
    assert contact.intro == "<p>Tell us how to reach you.</p>"

    own = rich_text(page_link(objects["tal"]["page"]), features=["link"])
    response, added = save(tal_editor, contact, intro=own)
    assert (response.status_code, added) == (302, 1)


def test_new_page_is_checked_against_its_parents_clinic(tal_editor, objects):
    url = reverse(
        "wagtailadmin_pages:add",
        args=["home", "standardpage", objects["tal"]["page"].pk],
    )
    data = nested_form_data(
        {
            "title": "New",
            "slug": "new",
            "intro": "",
            "body": streamfield([figure(objects["truhealing"]["image"])]),
        }
    )

    response = tal_editor.post(url, data)

    assert_refused(response, 0, IMAGE_ELSEWHERE)
    assert not Page.objects.filter(slug="new").exists()


# Superusers and images of no clinic


def test_superuser_cannot_put_another_clinics_image_in_a_page(admin_client, objects):
    post = objects["tal"]["post"]

    response, added = save(admin_client, post, [figure(objects["truhealing"]["image"])])

    assert_refused(response, added, IMAGE_ELSEWHERE)


def test_images_of_no_clinic_are_for_whoever_may_choose_them(
    admin_client, tal_editor, objects
):
    post = objects["tal"]["post"]
    shared = wagtail_factories.ImageFactory(
        title="Shared", collection=Collection.get_first_root_node()
    )

    # Tal's editors may choose images in Tal's collection only.
    response, added = save(tal_editor, post, [figure(shared)])
    assert_refused(response, added, IMAGE_NOT_ALLOWED)

    response, added = save(admin_client, post, [figure(shared)])
    assert (response.status_code, added) == (302, 1)


def test_editor_keeps_an_image_someone_else_put_in_the_page(
    admin_client, tal_editor, objects
):
    """The editor could not have chosen it, but did not: it was already there."""
    post = objects["tal"]["post"]
    shared = wagtail_factories.ImageFactory(
        title="Shared", collection=Collection.get_first_root_node()
    )
    save(admin_client, post, [figure(shared)])

    response, added = save(
        tal_editor, post, [figure(shared), paragraph("<p>More.</p>")]
    )

    assert (response.status_code, added) == (302, 1)


def test_image_in_a_clinics_child_collection_belongs_to_the_clinic(
    admin_client, teams, objects
):
    child = teams["truhealing"].collection.add_child(name="Staff photos")
    image = wagtail_factories.ImageFactory(title="Staff", collection=child)

    response, added = save(admin_client, objects["tal"]["post"], [figure(image)])

    assert_refused(response, added, IMAGE_ELSEWHERE)


# Rich text the admin's editor does not offer, posted anyway


def test_embedded_images_in_rich_text_are_checked(teams, tal, objects):
    foreign = objects["truhealing"]["image"]
    own = objects["tal"]["image"]
    source = (
        f'<embed embedtype="image" id="{foreign.pk}" format="fullwidth" alt=""/>'
        f'<embed embedtype="image" id="{own.pk}" format="fullwidth" alt=""/>'
        '<a linktype="page" id="999999">gone</a><a linktype="page" id="x">bad</a>'
    )
    rules = ChoiceRules(site_id=tal.site.pk, user=None)

    found = objects_in_rich_text(source)

    assert found == [foreign, own]
    assert rules.errors(found, named=True) == [f"“{foreign.title}”: {IMAGE_ELSEWHERE}"]
