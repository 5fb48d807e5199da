"""A blog's search finds the posts of its own language only, and on PostgreSQL
matches words by the language's stemming (Spanish for the Spanish blog)."""

from django.db import connection

from wagtail.models import Locale

import pytest

from blog.factories import BlogPostPageFactory
from blog.models import BlogPostPage
from blog.search import search_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def blogs(truhealing, truhealing_blog):
    """The English blog with one post, and its Spanish translation with the
    post in Spanish."""
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    english_post = BlogPostPageFactory(
        parent=truhealing_blog,
        title="Coming back after a relapse",
        intro="A relapse does not end recovery.",
        slug="relapse",
    )
    for page in (truhealing.home, truhealing_blog):
        page.copy_for_translation(spanish).save_revision().publish()
    spanish_post = english_post.copy_for_translation(spanish)
    spanish_post.title = "Volver después de una recaída"
    spanish_post.intro = "Una recaída no termina la recuperación."
    spanish_post.save_revision().publish()
    return truhealing_blog, spanish_post.get_parent().specific


def titles(posts):
    return [post.title for post in posts]


def test_each_blog_searches_its_own_language(blogs):
    english_blog, spanish_blog = blogs

    assert titles(search_posts(spanish_blog.posts(), "recaída", "es")) == [
        "Volver después de una recaída"
    ]
    assert search_posts(english_blog.posts(), "recaída", "en") == []
    assert titles(search_posts(english_blog.posts(), "relapse", "en")) == [
        "Coming back after a relapse"
    ]
    assert search_posts(spanish_blog.posts(), "relapse", "es") == []


def test_the_body_words_are_kept_for_search(blogs):
    english_blog, _spanish_blog = blogs
    post = BlogPostPage.objects.get(slug="relapse", locale__language_code="en")

    assert post.search_text  # the factory's body, without markup
    assert "<" not in post.search_text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Stemming is PostgreSQL's; SQLite uses Wagtail's index (.ci/run runs both)",
)
def test_spanish_words_match_by_spanish_stemming(blogs, client, truhealing):
    _english_blog, spanish_blog = blogs

    assert titles(search_posts(spanish_blog.posts(), "recaídas", "es")) == [
        "Volver después de una recaída"
    ]
    response = client.get(
        spanish_blog.url + "search/?q=recaídas", HTTP_HOST=truhealing.host
    )
    assert "Volver después de una recaída" in response.text
