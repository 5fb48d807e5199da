"""The demo blog of each clinic: original posts that use every block, and whose
structured data is complete."""

import io
from html import escape

from django.core.management import call_command

from wagtail.models import Site
from wagtail_localize.models import StringSegment, TranslationSource

import pytest

from blog import models as blog_models
from blog.blocks import BlogStreamBlock
from blog.models import BlogPostPage
from tests.blog.helpers import html_of, structured_data
from tests.demo_fixture import demo_loaded_once

pytestmark = pytest.mark.django_db

PHONES = {"truhealing.localhost": "+18886439118", "tal.localhost": "+12164804860"}


class Host:
    def __init__(self, site):
        self.host = site.hostname


def load_english_demo():
    call_command("load_demo", port=8000, english_only=True, stdout=io.StringIO())


@pytest.fixture(scope="module")
def english_demo(django_db_setup, django_db_blocker):
    """The English demo, loaded once for the module: loading it takes seconds,
    and each test's changes (a second load included) are rolled back after it
    (see tests/demo_fixture.py)."""
    with demo_loaded_once(django_db_blocker, load_english_demo):
        yield


@pytest.fixture
def demo(english_demo, db):
    """The demo's sites by host name, read afresh for each test."""
    return {site.hostname: site for site in Site.objects.all()}


def site_posts(site):
    return list(
        BlogPostPage.objects.live().filter(url_path__startswith=site.root_page.url_path)
    )


@pytest.mark.parametrize("hostname", ["truhealing.localhost", "tal.localhost"])
def test_each_clinic_has_three_posts_using_every_block(demo, hostname):
    posts = site_posts(demo[hostname])

    assert len(posts) >= 3
    used = {block.block_type for post in posts for block in post.body}
    assert used == set(BlogStreamBlock.base_blocks)
    for post in posts:
        for block in post.body:
            if block.block_type == "testimonial":
                assert block.value.site_id == demo[hostname].pk
        topics = list(post.topics.all())
        assert topics
        assert {topic.site_id for topic in topics} == {demo[hostname].pk}


@pytest.mark.parametrize("hostname", ["truhealing.localhost", "tal.localhost"])
def test_structured_data_of_every_demo_post(client, demo, hostname):
    site = demo[hostname]
    root = f"http://{hostname}:8000"
    for post in site_posts(site):
        path = post.url_path.removeprefix(site.root_page.url_path.rstrip("/"))
        data = structured_data(html_of(client, Host(site), path))

        posting = data["BlogPosting"]
        url = f"{root}{path}"
        assert posting["headline"] == post.title
        assert posting["description"]
        assert posting["datePublished"] == post.date_published.isoformat()
        assert posting["dateModified"]
        assert posting["url"] == url
        assert posting["mainEntityOfPage"]["@id"] == url
        assert posting["inLanguage"] == "en"
        assert posting["publisher"]["@id"] == f"{root}/#clinic"
        if post.hero_image:
            assert posting["image"].startswith(f"{root}/media/images/")
        if post.author_name:
            assert posting["author"]["name"] == post.author_name
        if post.reviewer_name:
            assert posting["mainEntityOfPage"]["reviewedBy"]["name"] == (
                post.reviewer_name
            )

        clinic = data["MedicalClinic"]
        assert clinic["telephone"] == PHONES[hostname]
        assert clinic["url"] == f"{root}/"
        assert clinic["address"]["addressRegion"] == "OH"

        has_faq = any(block.block_type == "faq" for block in post.body)
        assert ("FAQPage" in data) is has_faq
        if has_faq:
            assert data["FAQPage"]["mainEntity"]
            for question in data["FAQPage"]["mainEntity"]:
                assert question["name"].strip()
                assert question["acceptedAnswer"]["text"].strip()


def test_demo_testimonials_disclose_that_they_are_composites(demo):
    assert blog_models.Testimonial.objects.count() >= 6
    flags = blog_models.Testimonial.objects.values_list("is_composite", flat=True)
    assert set(flags) == {True}


def test_second_load_adds_no_posts_or_snippets(demo):
    before = (BlogPostPage.objects.count(), blog_models.Testimonial.objects.count())

    load_english_demo()

    after = (BlogPostPage.objects.count(), blog_models.Testimonial.objects.count())
    assert after == before


def test_every_english_demo_post_can_be_translated_with_wagtail_localize(demo):
    """The demo's posts are stored as the admin stores them, so "Translate"
    works on each: every list item and form text is a segment to translate."""
    posts = BlogPostPage.objects.filter(locale__language_code="en")
    assert posts.count() == 6
    for post in posts:
        source, _created = TranslationSource.get_or_create_from_instance(post)
        strings = set(
            StringSegment.objects.filter(source=source).values_list(
                "string__data", flat=True
            )
        )
        for block in post.body:
            if block.block_type == "list":
                # wagtail-localize keeps plain text HTML-escaped
                items = {
                    escape(str(item), quote=False) for item in block.value["items"]
                }
                assert items <= strings
            if block.block_type == "lead_form":
                assert block.value["button_text"] in strings
