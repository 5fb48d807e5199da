"""static/js/search-preview.js in a real browser: the Promote tab's preview
follows what the editor types, before anything is saved."""

from django.test import Client

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("django_db_serialized_rollback"),
]

PREVIEW = "[data-search-preview]"


@pytest.fixture
def editor_page(truhealing, django_user_model, live_server):
    blog = BlogIndexPageFactory(parent=truhealing.home, slug="blog")
    post = BlogPostPageFactory(
        parent=blog, title="Coming back", slug="coming-back", intro="You can."
    )
    user = django_user_model.objects.create_superuser("editor", password="pw")
    client = Client()
    client.force_login(user)
    return post, client.cookies["sessionid"].value


def text(page, name):
    return page.text_content(f"{PREVIEW} [data-preview-{name}]").strip()


def shown(page, note):
    return page.is_visible(f'{PREVIEW} [data-preview-note="{note}"]')


def test_the_preview_follows_the_promote_fields_as_the_editor_types(
    editor_page, live_server, browser_context, truhealing
):
    post, session = editor_page
    browser_context.add_cookies(
        [{"name": "sessionid", "value": session, "url": live_server.url}]
    )
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/pages/{post.pk}/edit/")
    page.click("#tab-label-promote")
    clinic = truhealing.settings.display_name

    assert text(page, "title") == f"Coming back | {clinic}"
    assert text(page, "description") == "You can."

    page.fill("[name=seo_title]", "Returning to IOP")
    page.fill("[name=search_description]", "What to expect on your first day back.")
    page.fill("[name=slug]", "first-day-back")

    page.wait_for_function(
        "document.querySelector('[data-preview-title]').textContent"
        f" === 'Returning to IOP | {clinic}'"
    )
    assert text(page, "share-title") == "Returning to IOP"
    assert text(page, "description") == "What to expect on your first day back."
    assert text(page, "url").endswith("/blog/first-day-back/")
    assert not shown(page, "noindex")
    assert not shown(page, "description-long")

    page.check("[name=noindex]")
    page.fill("[name=search_description]", "x" * 161)
    page.fill("[name=seo_title]", "y" * 60)

    page.wait_for_selector(f'{PREVIEW} [data-preview-note="noindex"]', state="visible")
    assert shown(page, "description-long")
    assert shown(page, "title-long")
    page.fill("[name=search_description]", "")
    page.wait_for_selector(
        f'{PREVIEW} [data-preview-note="description-long"]', state="hidden"
    )
    assert text(page, "description") == "You can."  # the intro, as the page uses it
    assert not shown(page, "description-missing")
    assert errors == []
