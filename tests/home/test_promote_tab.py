"""The Promote tab: a preview of the page as a search result and as a shared
link, made by the same rules as the page itself, and a switch that keeps a page
out of search engines and the sitemap."""

import html
import re

from django.urls import reverse

from wagtail.test.utils.form_data import rich_text

import pytest
import wagtail_factories

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home.factories import StandardPageFactory
from tests.home.test_chosen_objects import edit_form, edit_url

pytestmark = pytest.mark.django_db


def preview_panel(response):
    """The text of each data-preview-* element of the panel, and which notes
    are shown."""
    page_html = response.content.decode()
    start = page_html.index("data-search-preview")
    panel = page_html[start : page_html.index("</ul>", start)]
    panel += page_html[page_html.index("data-preview-share", start) :][:2000]
    texts = {
        name: html.unescape(text).strip()
        for name, text in re.findall(r"data-preview-([a-z-]+)>([^<]*)<", panel)
    }
    notes = {
        name
        for name, hidden in re.findall(
            r'data-preview-note="([a-z-]+)"\s*(hidden)?', panel
        )
        if not hidden
    }
    image = re.search(r'<img src="([^"]+)"[^>]*data-preview-share-image', panel)
    return texts, notes, image and html.unescape(image.group(1))


def head_of(client, clinic, path):
    page_html = client.get(path, HTTP_HOST=clinic.host).content.decode()
    head = page_html[: page_html.index("</head>")]

    def meta(attribute, name):
        found = re.search(rf'<meta {attribute}="{name}" content="([^"]*)"', head)
        return found and html.unescape(found.group(1))

    return {
        "title": html.unescape(re.search(r"<title>(.*?)</title>", head).group(1)),
        "description": meta("name", "description"),
        "robots": meta("name", "robots"),
        "og:title": meta("property", "og:title"),
        "og:image": meta("property", "og:image"),
        "canonical": re.search(r'<link rel="canonical" href="([^"]+)"', head).group(1),
    }


@pytest.fixture
def post(truhealing):
    blog = BlogIndexPageFactory(parent=truhealing.home, slug="blog")
    return BlogPostPageFactory(
        parent=blog,
        title="Coming back after a missed month",
        slug="missed-month",
        intro="A month away does not close the door.",
        hero_image=wagtail_factories.ImageFactory(title="Path"),
        hero_image_alt="A park path at sunrise",
        seo_title="Returning to IOP after a month away",
        search_description="What to expect when you come back to IOP.",
    )


def test_the_preview_shows_what_the_page_sends(admin_client, truhealing, post):
    texts, notes, share_image = preview_panel(admin_client.get(edit_url(post)))
    head = head_of(admin_client, truhealing, "/blog/missed-month/")

    assert texts["title"] == head["title"]
    assert texts["title"] == (
        f"Returning to IOP after a month away | {truhealing.settings.display_name}"
    )
    assert texts["url"] == head["canonical"]
    assert texts["description"] == head["description"]
    assert texts["share-title"] == head["og:title"]
    assert texts["share-description"] == head["description"]
    assert share_image == head["og:image"]
    assert notes == set()
    assert head["robots"] is None


def test_without_a_search_description_the_intro_is_previewed_as_the_page_uses_it(
    admin_client, truhealing
):
    page = StandardPageFactory(
        parent=truhealing.home,
        title="About us",
        slug="about",
        intro="Outpatient care in Cincinnati since 2015.",
    )

    texts, notes, share_image = preview_panel(admin_client.get(edit_url(page)))
    head = head_of(admin_client, truhealing, "/about/")

    assert texts["description"] == head["description"]
    assert texts["description"] == "Outpatient care in Cincinnati since 2015."
    assert texts["title"] == head["title"]
    assert texts["title"] == f"About us | {truhealing.settings.display_name}"
    assert share_image is None
    assert notes == set()


def test_the_preview_warns_of_a_long_title_and_a_missing_description(
    admin_client, truhealing
):
    page = StandardPageFactory(
        parent=truhealing.home,
        title="Everything you need to know about returning to outpatient care",
        intro="",
    )

    _texts, notes, _image = preview_panel(admin_client.get(edit_url(page)))

    assert notes == {"title-long", "description-missing"}


def test_a_new_page_shows_the_preview_too(admin_client, truhealing):
    blog = BlogIndexPageFactory(parent=truhealing.home)
    url = reverse("wagtailadmin_pages:add", args=["blog", "blogpostpage", blog.pk])

    response = admin_client.get(url)

    assert response.status_code == 200
    assert "data-search-preview" in response.content.decode()
    assert "js/search-preview.js" in response.content.decode()


def test_hide_from_search_engines_sets_noindex_and_leaves_the_sitemap(
    admin_client, truhealing, post
):
    sitemap = admin_client.get("/sitemap.xml", HTTP_HOST=truhealing.host)
    assert "/blog/missed-month/" in sitemap.content.decode()

    data = edit_form(admin_client, post, [("paragraph", rich_text("<p>Hi.</p>"))])
    data.update({"noindex": "on", "action-publish": "action-publish"})
    response = admin_client.post(edit_url(post), data)
    assert response.status_code == 302

    head = head_of(admin_client, truhealing, "/blog/missed-month/")
    assert head["robots"] == "noindex"
    _texts, notes, _image = preview_panel(admin_client.get(edit_url(post)))
    assert notes == {"noindex"}
    sitemap = admin_client.get("/sitemap.xml", HTTP_HOST=truhealing.host)
    assert "/blog/missed-month/" not in sitemap.content.decode()
    assert "/blog/</loc>" in sitemap.content.decode()
