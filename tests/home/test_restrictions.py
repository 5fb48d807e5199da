"""Private pages stay private when their restrictions come from the content
cache (home/restrictions.py): a restriction applies from the next view, to the
page's subtree and to aliases of the page, private posts leave the blog's
listing, and a public page costs no restriction query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from home.factories import StandardPageFactory

pytestmark = pytest.mark.usefixtures("page_cache_off")


def get(client, clinic, path):
    return client.get(path, HTTP_HOST=clinic.host)


def asks_for_password(response):
    return response.status_code == 200 and b'name="password"' in response.content


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="open-sesame"
    )


@pytest.fixture
def staff(truhealing):
    page = StandardPageFactory(parent=truhealing.home, slug="staff", title="Staff")
    page.save_revision().publish()
    rota = StandardPageFactory(parent=page, slug="rota", title="Rota")
    rota.save_revision().publish()
    return page


def test_a_new_restriction_applies_from_the_next_view(client, truhealing, staff):
    assert b"Rota" in get(client, truhealing, "/staff/rota/").content

    restriction = restrict(staff)

    for address in ("/staff/", "/staff/rota/"):
        assert asks_for_password(get(client, truhealing, address))

    restriction.delete()

    assert b"Rota" in get(client, truhealing, "/staff/rota/").content


def test_an_alias_of_a_private_page_is_private(client, truhealing, staff):
    """Wagtail applies the source page's restrictions to its aliases (an alias
    cannot have its own)."""
    staff.create_alias(update_slug="staff-copy")
    assert b"Staff" in get(client, truhealing, "/staff-copy/").content

    restrict(staff)

    assert not PageViewRestriction.objects.filter(page__slug="staff-copy").exists()
    assert asks_for_password(get(client, truhealing, "/staff-copy/"))


def test_another_sites_restriction_leaves_this_sites_pages_alone(
    client, truhealing, tal, staff
):
    about = StandardPageFactory(parent=tal.home, slug="about", title="About Tal")
    about.save_revision().publish()
    restrict(about)

    assert asks_for_password(get(client, tal, "/about/"))
    assert b"Rota" in get(client, truhealing, "/staff/rota/").content


def test_a_private_post_is_left_out_of_the_listing_and_its_neighbours(
    client, truhealing
):
    blog = BlogIndexPageFactory(parent=truhealing.home, slug="blog")
    shown = BlogPostPageFactory(parent=blog, slug="shown", title="Shown post")
    hidden = BlogPostPageFactory(parent=blog, slug="hidden", title="Hidden post")
    assert b"Hidden post" in get(client, truhealing, "/blog/").content

    restriction = restrict(hidden)

    assert b"Hidden post" not in get(client, truhealing, "/blog/").content
    assert list(shown.published_siblings()) == []

    restriction.delete()

    assert b"Hidden post" in get(client, truhealing, "/blog/").content


def test_a_public_page_costs_no_restriction_query(client, truhealing, tal):
    about = StandardPageFactory(parent=tal.home, slug="about", title="About Tal")
    about.save_revision().publish()
    restrict(about)  # a private page elsewhere
    get(client, truhealing, "/")

    with CaptureQueriesContext(connection) as queries:
        response = get(client, truhealing, "/")

    assert response.status_code == 200
    assert not [
        query for query in queries if "pageviewrestriction" in query["sql"].lower()
    ]
