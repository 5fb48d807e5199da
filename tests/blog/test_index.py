"""A clinic's blog listing, feed, search, sitemap and robots.txt."""

import datetime
import re

import pytest
from defusedxml import ElementTree as ET

from blog.factories import BlogPostPageFactory
from tests.blog.helpers import html_of

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def post(blog, title, day, **kwargs):
    return BlogPostPageFactory(
        parent=blog,
        title=title,
        slug=title.lower().replace(" ", "-"),
        date_published=datetime.date(2026, 3, day),
        **kwargs,
    )


def titles(html):
    return re.findall(r'<h2 class="card__title"><a href="[^"]*">([^<]*)</a>', html)


def test_listing_is_newest_first_and_only_this_blog(
    client, truhealing, tal_blog, truhealing_blog
):
    post(truhealing_blog, "Middle", 10)
    post(truhealing_blog, "Newest", 20)
    post(truhealing_blog, "Oldest", 1)
    post(tal_blog, "Tal post", 25)

    html = html_of(client, truhealing, "/blog/")

    assert titles(html) == ["Newest", "Middle", "Oldest"]


def test_listing_paginates(client, truhealing, truhealing_blog):
    for day in range(1, 13):
        post(truhealing_blog, f"Post {day:02d}", day)

    first = html_of(client, truhealing, "/blog/")
    second = html_of(client, truhealing, "/blog/?page=2")
    beyond = html_of(client, truhealing, "/blog/?page=99")
    junk = html_of(client, truhealing, "/blog/?page=abc")

    assert len(titles(first)) == 10
    assert titles(second) == ["Post 02", "Post 01"]
    assert titles(beyond) == titles(second)
    assert titles(junk) == titles(first)
    assert 'href="?page=2" rel="next"' in first


def test_tag_filter(client, truhealing, truhealing_blog):
    post(truhealing_blog, "About IOP", 2, topics=["IOP"])
    post(truhealing_blog, "About family", 3, topics=["family"])

    html = html_of(client, truhealing, "/blog/?tag=iop")

    assert titles(html) == ["About IOP"]
    assert '<a href="/blog/?tag=iop" aria-current="page">IOP</a>' in html


def test_featured_post_leads_the_first_page(client, truhealing, truhealing_blog):
    featured = post(truhealing_blog, "Featured", 1)
    truhealing_blog.featured_post = featured
    truhealing_blog.save_revision().publish()

    html = html_of(client, truhealing, "/blog/")

    assert '<section class="featured"' in html
    featured_html = html.split('<section class="featured"')[1].split("</section>")[0]
    assert ">Featured</a>" in featured_html


def test_listing_queries_do_not_grow_with_posts(
    page_cache_off, client, truhealing, truhealing_blog, django_assert_max_num_queries
):
    import wagtail_factories

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client.get("/blog/", HTTP_HOST=truhealing.host)
        with CaptureQueriesContext(connection) as queries:
            client.get("/blog/", HTTP_HOST=truhealing.host)
        return len(queries)

    post(
        truhealing_blog,
        "One",
        1,
        hero_image=wagtail_factories.ImageFactory(),
        hero_image_alt="x",
    )
    one = count_queries()
    for day in range(2, 10):
        post(
            truhealing_blog,
            f"More {day}",
            day,
            hero_image=wagtail_factories.ImageFactory(),
            hero_image_alt="x",
        )

    assert count_queries() == one


def test_a_topics_second_page_costs_six_queries(
    page_cache_off, client, truhealing, truhealing_blog, django_assert_num_queries
):
    import wagtail_factories

    for day in range(1, 16):
        post(
            truhealing_blog,
            f"Post {day}",
            day,
            topics=["IOP", "family"],
            hero_image=wagtail_factories.ImageFactory(),
            hero_image_alt="x",
        )
    address = "/blog/?tag=iop&page=2"
    client.get(address, HTTP_HOST=truhealing.host)

    # The topic, the count, the page of posts, their images and renditions, the
    # blog's topics (the blog itself comes from the content cache, home.routing).
    with django_assert_num_queries(6):
        response = client.get(address, HTTP_HOST=truhealing.host)

    assert titles(response.content.decode()) == [
        f"Post {day}" for day in (5, 4, 3, 2, 1)
    ]


def test_atom_feed_lists_this_blogs_posts(
    client, truhealing, truhealing_blog, tal_blog
):
    post(truhealing_blog, "First post", 1, intro="Where to start.")
    post(truhealing_blog, "Second post", 2)
    post(tal_blog, "Tal post", 3)

    response = client.get("/blog/feed/", HTTP_HOST=truhealing.host)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Second post",
        "First post",
    ]
    assert entries[1].find(f"{ATOM}summary").text == "Where to start."
    assert entries[1].find(f"{ATOM}link").get("href") == (
        "http://truhealing.localhost/blog/first-post/"
    )


def test_search_finds_only_this_clinics_posts(
    client, truhealing, tal, truhealing_blog, tal_blog
):
    post(truhealing_blog, "Evening groups in Cincinnati", 1)
    post(tal_blog, "Evening groups in Cleveland", 2)

    truhealing_html = html_of(client, truhealing, "/blog/search/?q=evening")
    tal_html = html_of(client, tal, "/blog/search/?q=evening")
    empty = html_of(client, truhealing, "/blog/search/?q=zzzzqqq")

    assert titles(truhealing_html) == ["Evening groups in Cincinnati"]
    assert titles(tal_html) == ["Evening groups in Cleveland"]
    assert "No posts match “zzzzqqq”." in empty
    assert '<meta name="robots" content="noindex">' in empty


def test_search_escapes_the_query(client, truhealing, truhealing_blog):
    html = html_of(client, truhealing, "/blog/search/?q=<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("name", ["truhealing", "tal"])
def test_sitemap_lists_only_this_sites_pages(
    client, request, truhealing, tal, truhealing_blog, tal_blog, name
):
    post(truhealing_blog, "TruHealing post", 1)
    post(tal_blog, "Tal post", 2)
    clinic = request.getfixturevalue(name)

    response = client.get("/sitemap.xml", HTTP_HOST=clinic.host)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    locations = sorted(url.find(f"{SITEMAP}loc").text for url in root)
    slug = "truhealing-post" if name == "truhealing" else "tal-post"
    base = f"http://{clinic.host}"
    assert locations == sorted([f"{base}/", f"{base}/blog/", f"{base}/blog/{slug}/"])


def test_robots_txt_names_this_sites_sitemap(client, truhealing, tal):
    response = client.get("/robots.txt", HTTP_HOST=tal.host)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /documents/",
        "Sitemap: http://tal.localhost/sitemap.xml",
    ]


def test_private_featured_post_is_not_shown(client, truhealing, truhealing_blog):
    from wagtail.models import PageViewRestriction

    featured = post(truhealing_blog, "Alumni only", 1)
    truhealing_blog.featured_post = featured
    truhealing_blog.save_revision().publish()
    PageViewRestriction.objects.create(
        page=featured, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    html = html_of(client, truhealing, "/blog/")

    assert "Alumni only" not in html
    assert '<section class="featured"' not in html
