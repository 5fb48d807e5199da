"""A post's article and structured data are rendered once per published
revision and kept (home/fragments.py); the return-request form in it is
rendered for every request."""

from django.test import Client

import pytest

from blog.factories import BlogPostPageFactory, every_block_body
from home.cache import new_generation
from leads.models import Lead
from tests.leads.conftest import form_page


@pytest.fixture
def post(page_cache_off, truhealing, truhealing_blog):
    body = every_block_body(truhealing.site)
    BlogPostPageFactory(parent=truhealing_blog, slug="older", topics=["IOP"])
    post = BlogPostPageFactory(
        parent=truhealing_blog, slug="post", body=body, topics=["IOP"]
    )
    post.save_revision().publish()
    return post


def get(client, clinic, path):
    response = client.get(path, HTTP_HOST=clinic.host)
    assert response.status_code == 200, path
    return response.content.decode()


def rendered_afresh(page):
    """The page as its template renders it with nothing kept: Wagtail's own
    preview of it, through the middleware (home/fragments.py keeps nothing for
    a preview)."""
    response = page.make_preview_request()
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_article_is_the_article_rendered_afresh(client, truhealing, post):
    first = get(client, truhealing, "/blog/post/")  # renders and keeps
    second = get(client, truhealing, "/blog/post/")  # from what was kept

    assert second == first
    assert rendered_afresh(type(post).objects.get(pk=post.pk)) == first
    assert "<summary>Question 0?</summary>" in first
    assert 'class="lead-form"' in first
    assert '"@type": "FAQPage"' in first


def test_a_kept_post_costs_one_query(
    client, truhealing, post, django_assert_num_queries
):
    get(client, truhealing, "/blog/post/")

    with django_assert_num_queries(1):  # the post itself
        get(client, truhealing, "/blog/post/")


def test_what_the_article_shows_changes_as_soon_as_it_is_edited(
    client, truhealing, post
):
    get(client, truhealing, "/blog/post/")
    testimonial = next(
        child.value for child in post.body if child.block_type == "testimonial"
    )

    testimonial.quote = "They let me start where I was."
    testimonial.save_revision().publish()
    assert "They let me start where I was." in get(client, truhealing, "/blog/post/")

    truhealing.settings.phone = "+1 513 555 0147"
    truhealing.settings.save()
    assert 'href="tel:+15135550147"' in get(client, truhealing, "/blog/post/")

    post.body[1].value.source = "<p>A new first paragraph.</p>"
    post.save_revision().publish()
    assert "A new first paragraph." in get(client, truhealing, "/blog/post/")


def test_a_preview_shows_the_draft_and_keeps_nothing(client, truhealing, post):
    # An editor's unsaved change, as the admin previews it.
    draft = type(post).objects.get(pk=post.pk)
    draft.intro = "A draft lede."
    live = get(client, truhealing, "/blog/post/")  # kept

    assert '<p class="lede">A draft lede.</p>' in rendered_afresh(draft)
    assert get(client, truhealing, "/blog/post/") == live

    new_generation(truhealing.site.pk)  # nothing kept: the preview comes first
    assert '<p class="lede">A draft lede.</p>' in rendered_afresh(draft)
    assert "A draft lede." not in get(client, truhealing, "/blog/post/")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_form_in_a_kept_article_is_each_visitors_own(
    page_cache_off, truhealing, tal
):
    page = form_page(tal, inbox="intake@tal.example")
    page.page.save_revision().publish()
    visitor, other_visitor = Client(), Client()
    blank = get(visitor, tal, "/blog/coming-back/")  # the article is kept

    failed = page.post(visitor, page.data(phone="555", email="kept@example.net"))
    assert failed.status_code == 400
    assert 'value="kept@example.net"' in failed.content.decode()
    assert "Please check your request" in failed.content.decode()

    # Nobody else sees that input, nor the visitor on the next view.
    assert get(other_visitor, tal, "/blog/coming-back/") == blank
    assert get(visitor, tal, "/blog/coming-back/") == blank

    sent = page.post(visitor, page.data())
    assert sent.status_code == 303
    thanks = get(visitor, tal, sent["Location"].split("#")[0])
    assert "data-lead-sent" in thanks
    assert "<form" not in thanks.split('class="lead-form"')[1].split("</section>")[0]
    assert Lead.objects.count() == 1
    assert get(other_visitor, tal, "/blog/coming-back/") == blank


def test_nothing_is_kept_across_a_new_generation(client, truhealing, post):
    get(client, truhealing, "/blog/post/")
    # Only the article shows the author; a queryset update sends no signal.
    type(post).objects.filter(pk=post.pk).update(author_name="Dana Whitfield")

    assert "Dana Whitfield" not in get(client, truhealing, "/blog/post/")
    new_generation(truhealing.site.pk)
    assert "· Dana Whitfield" in get(client, truhealing, "/blog/post/")
