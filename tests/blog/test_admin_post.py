"""Editors build a post like the clinics' own through the admin's add and preview
views, with every block, then publish it."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import wagtail_factories

from blog.factories import FAQSetFactory, TestimonialFactory, TopicFactory
from blog.models import BlogPostPage
from tests.blog.helpers import html_of, structured_data


def every_block_form_data(site, hero, image):
    testimonial = TestimonialFactory(site=site, quote="They made room for me again.")
    faq_set = FAQSetFactory(site=site)
    topics = [TopicFactory(site=site, name=name) for name in ["IOP", "returning"]]
    body = [
        ("heading", {"text": "1. Leaving early is not the end", "level": "h2"}),
        ("paragraph", rich_text("<p>It happens more than you think.</p>")),
        (
            "list",
            {
                "style": "bulleted",
                "items": streamfield(
                    [("item", "Work got busy"), ("item", "Group felt like too much")]
                ),
            },
        ),
        (
            "image",
            {
                "image": {
                    "image": image.pk,
                    "decorative": "",
                    "alt_text": "Two chairs",
                },
                "caption": "Our group room",
            },
        ),
        (
            "quote",
            {"quote": "Returning is refining.", "attribution": "", "style": "pull"},
        ),
        (
            "callout",
            {
                "heading": "Relapse is common",
                "stats": streamfield(
                    [
                        (
                            "item",
                            {
                                "value": "40–60%",
                                "label": "relapse, like other chronic illnesses",
                            },
                        )
                    ]
                ),
                "text": "",
                "source": "NIDA",
            },
        ),
        (
            "faq",
            {
                "heading": "Questions",
                "faq_set": faq_set.pk,
                "items": streamfield(
                    [
                        (
                            "item",
                            {
                                "question": "Can I come back after months?",
                                "answer": rich_text("<p>Yes.</p>"),
                            },
                        )
                    ]
                ),
            },
        ),
        ("testimonial", testimonial.pk),
        (
            "cta",
            {"heading": "Ready?", "text": "Call us.", "link_text": "", "link_page": ""},
        ),
        (
            "lead_form",
            {
                "variant": "compact",
                "heading": "Ask about coming back",
                "intro": "",
                "button_text": "Send",
                "thank_you_heading": "Thanks",
                "thank_you_text": "We will call.",
            },
        ),
    ]
    return nested_form_data(
        {
            "title": "Finding your way back after leaving IOP",
            "slug": "finding-your-way-back",
            "intro": "If you stepped away, you can step back in.",
            "hero_image": hero.pk,
            "hero_image_alt": "Morning light on a path",
            "date_published": "2026-06-02",
            "author_name": "",
            "reviewer_name": "Clinical review team",
            "reviewer_credentials": "",
            "body": streamfield(body),
            "seo_title": "",
            "search_description": "",
        }
    ) | {"topics": [topic.pk for topic in topics]}  # one value per ticked box


def test_editor_builds_previews_and_publishes_a_full_post(
    admin_client, truhealing, truhealing_blog
):
    hero = wagtail_factories.ImageFactory(title="Hero")
    image = wagtail_factories.ImageFactory(title="Room")
    data = every_block_form_data(truhealing.site, hero, image)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["blog", "blogpostpage", truhealing_blog.pk]
    )
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=["blog", "blogpostpage", truhealing_blog.pk],
    )

    assert admin_client.get(add_url).status_code == 200
    preview_check = admin_client.post(preview_url, data)
    assert preview_check.json() == {"is_valid": True, "is_available": True}
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    preview_html = preview.content.decode()
    assert "<h1>Finding your way back after leaving IOP</h1>" in preview_html
    assert "They made room for me again." in preview_html
    assert not BlogPostPage.objects.filter(slug="finding-your-way-back").exists()

    response = admin_client.post(add_url, {**data, "action-publish": "publish"})

    assert response.status_code == 302
    post = BlogPostPage.objects.get(slug="finding-your-way-back")
    assert post.live is True
    assert [block.block_type for block in post.body] == [
        "heading",
        "paragraph",
        "list",
        "image",
        "quote",
        "callout",
        "faq",
        "testimonial",
        "cta",
        "lead_form",
    ]
    assert sorted(topic.name for topic in post.topics.all()) == ["IOP", "returning"]

    html = html_of(admin_client, truhealing, "/blog/finding-your-way-back/")
    assert '<h2 id="1-leaving-early-is-not-the-end">' in html
    assert "<li>Work got busy</li>" in html
    assert 'alt="Two chairs"' in html
    assert "They made room for me again." in html
    data = structured_data(html)
    assert data["BlogPosting"]["headline"] == "Finding your way back after leaving IOP"
    assert [q["name"] for q in data["FAQPage"]["mainEntity"]] == [
        "Can I come back after months?",
        "Will I have to start over?",
    ]


def test_hero_image_needs_alt_text(admin_client, truhealing, truhealing_blog):
    hero = wagtail_factories.ImageFactory(title="Hero")
    image = wagtail_factories.ImageFactory(title="Room")
    data = every_block_form_data(truhealing.site, hero, image)
    data["hero_image_alt"] = " "
    add_url = reverse(
        "wagtailadmin_pages:add", args=["blog", "blogpostpage", truhealing_blog.pk]
    )

    response = admin_client.post(add_url, {**data, "action-publish": "publish"})

    assert response.status_code == 200
    assert "Describe the hero image for screen readers." in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="finding-your-way-back").exists()


def test_post_slug_cannot_hide_behind_the_blogs_own_pages(
    admin_client, truhealing, truhealing_blog
):
    data = every_block_form_data(
        truhealing.site,
        wagtail_factories.ImageFactory(title="Hero"),
        wagtail_factories.ImageFactory(title="Room"),
    )
    data["slug"] = "feed"
    add_url = reverse(
        "wagtailadmin_pages:add", args=["blog", "blogpostpage", truhealing_blog.pk]
    )

    response = admin_client.post(add_url, {**data, "action-publish": "publish"})

    assert response.status_code == 200
    assert "is taken by the blog itself" in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="feed").exists()
