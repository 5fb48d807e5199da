"""A post translated through wagtail-localize's own API (a source, a translation,
a segment's Spanish, publish) is served under /es/, and every URL says its
language: hreflang alternates both ways with x-default, the sitemap's
alternates, and a language switcher that goes to the translation, or to the
nearest translated section and says so."""

import re

from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home import languages
from tests.blog.helpers import structured_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(db):
    return Locale.objects.get_or_create(language_code="es")[0]


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    """As a translator does it: a source, a translation, each string's Spanish
    (by its English text), then publish (which wagtail-localize does once the
    transaction commits)."""

    def translate_with(instance, locale, strings):
        with django_capture_on_commit_callbacks(execute=True):
            translation = translated(instance, locale, strings)
        return translation.get_target_instance()

    return translate_with


def translated(instance, locale, strings):
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in strings:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": strings[segment.string.data]},
            )
    translation.save_target(publish=True)
    return translation


@pytest.fixture
def post(truhealing, spanish, translate):
    blog = BlogIndexPageFactory(parent=truhealing.home, slug="blog", title="Blog")
    post = BlogPostPageFactory(
        parent=blog,
        title="Coming back after a month away",
        slug="month-away",
        intro="A month away does not close the door.",
    )
    translate(truhealing.home, spanish, {})
    translate(blog, spanish, {"Blog": "Artículos", "blog": "articulos"})
    return post


def alternates(html):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html)
    )


def switcher(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    return nav and nav.group(0)


def test_a_translated_post_is_served_in_spanish_with_alternates_both_ways(
    post, spanish, truhealing, client, translate
):
    spanish_post = translate(
        post,
        spanish,
        {
            "Coming back after a month away": "Volver después de un mes fuera",
            "A month away does not close the door.": (
                "Un mes fuera no cierra la puerta."
            ),
            "month-away": "un-mes-fuera",
        },
    )
    assert spanish_post.live

    english_html = client.get("/blog/month-away/", HTTP_HOST=truhealing.host).text
    response = client.get("/es/articulos/un-mes-fuera/", HTTP_HOST=truhealing.host)
    assert response.status_code == 200, response.status_code
    spanish_html = response.text

    assert "<h1>Volver después de un mes fuera</h1>" in spanish_html
    assert "Un mes fuera no cierra la puerta." in spanish_html
    assert structured_data(spanish_html)["BlogPosting"]["inLanguage"] == "es"
    assert structured_data(english_html)["BlogPosting"]["inLanguage"] == "en"
    root = f"http://{truhealing.host}"
    both = {
        "en": f"{root}/blog/month-away/",
        "es": f"{root}/es/articulos/un-mes-fuera/",
        "x-default": f"{root}/blog/month-away/",
    }
    assert alternates(english_html) == both
    assert alternates(spanish_html) == both
    assert f'href="{root}/es/articulos/un-mes-fuera/" hreflang="es"' in switcher(
        english_html
    )
    assert f'href="{root}/blog/month-away/" hreflang="en"' in switcher(spanish_html)

    sitemap = client.get("/sitemap.xml", HTTP_HOST=truhealing.host).text
    entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    spanish_entry = next(e for e in entries if "<loc>" + both["es"] in e)
    english_entry = next(e for e in entries if "<loc>" + both["en"] in e)
    for entry in (spanish_entry, english_entry):
        assert dict(re.findall(r'hreflang="([\w-]+)" href="([^"]+)"', entry)) == both


def test_an_untranslated_post_links_to_the_spanish_blog_and_says_so(
    post, truhealing, client
):
    html = client.get("/blog/month-away/", HTTP_HOST=truhealing.host).text

    nav = switcher(html)
    assert f'href="http://{truhealing.host}/es/articulos/" hreflang="es"' in nav
    assert "Esta página aún no está en español" in nav
    assert "el enlace lleva a «Artículos»." in nav
    assert alternates(html) == {}


def test_a_draft_translation_is_not_offered(post, spanish, translate):
    spanish_post = translate(post, spanish, {})
    spanish_post.unpublish()

    links = languages.build_language_links(post, None)

    spanish_link = next(link for link in links if link.code == "es")
    assert not spanish_link.is_translation
    assert spanish_link.url.endswith("/es/articulos/")
