"""A post renders every block for phones and for search engines."""

import datetime

import pytest

from blog.factories import BlogPostPageFactory, every_block_body
from home.cache import new_generation
from home.factories import NoticeFactory
from tests.blog.helpers import html_of, structured_data


def test_post_renders_every_block(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")

    assert "<h1>How to come back after leaving IOP</h1>" in html
    assert '<h2 id="why-people-step-away">Why people step away</h2>' in html
    assert '<ol class="list"><li>Call us</li><li>Tell us what changed</li></ol>' in html
    assert '<figure class="quote quote--pull">' in html
    assert "<dt>40–60%</dt>" in html
    assert "Source: National Institute on Drug Abuse" in html
    assert "<summary>Question 0?</summary>" in html
    assert "<summary>Will I have to start over?</summary>" in html
    assert "— IOP Client, 2024" in html
    assert "Composite story" in html
    assert 'alt="Alt 0"' in html
    assert "<figcaption>Caption 0</figcaption>" in html
    assert 'class="lead-form"' in html
    assert 'action="/return-request/#lead-' in html
    assert 'href="tel:+18886439118"' in html


def test_post_has_toc_reading_time_and_byline(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")

    assert '<nav class="toc" aria-labelledby="toc-title">' in html
    assert '<li><a href="#why-people-step-away">Why people step away</a></li>' in html
    assert '<li><a href="#what-happens-next">What happens next</a></li>' in html
    assert "The first call</a>" not in html  # H3s stay out of the contents
    assert "· 1 minute read" in html
    assert "· Admissions team" in html
    assert "Clinically reviewed by Clinical review team" in html


def test_reading_time_counts_the_words(truhealing, truhealing_blog):
    words = " ".join(["word"] * 659)
    post = BlogPostPageFactory(
        parent=truhealing_blog, intro="One", body=[("paragraph", f"<p>{words}</p>")]
    )

    assert post.reading_time == 3


def test_hero_image_is_responsive_with_modern_formats(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")

    hero = html.split('<div class="container post__hero">')[1].split("</div>")[0]
    assert 'type="image/avif"' in hero
    assert 'type="image/webp"' in hero
    assert 'alt="A path through a park at sunrise"' in hero
    assert 'loading="eager"' in hero
    assert 'width="' in hero and 'height="' in hero
    body_image = html.split('<figure class="figure">')[1]
    assert 'loading="lazy"' in body_image.split("</figure>")[0]


def test_post_ends_with_the_clinic_disclaimer_or_its_own(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")
    end = html.split('<aside class="post__disclaimer"')[1].split("</aside>")[0]
    assert "TruHealing disclaimer: not medical advice." in end

    full_post.disclaimer = NoticeFactory(body="<p>Post-specific disclaimer.</p>")
    full_post.save_revision().publish()

    html = html_of(client, truhealing, "/blog/come-back/")
    end = html.split('<aside class="post__disclaimer"')[1].split("</aside>")[0]
    assert "Post-specific disclaimer." in end
    assert "TruHealing disclaimer" not in end


def test_related_previous_and_next_stay_in_the_clinics_blog(
    client, truhealing, tal, truhealing_blog, tal_blog, full_post
):
    older = BlogPostPageFactory(
        parent=truhealing_blog,
        title="Older IOP post",
        slug="older",
        date_published=full_post.date_published.replace(year=2025),
        topics=["IOP"],
    )
    BlogPostPageFactory(
        parent=truhealing_blog,
        title="Newer post",
        slug="newer",
        date_published=full_post.date_published.replace(year=2027),
        topics=["other"],
    )
    BlogPostPageFactory(parent=tal_blog, title="Tal IOP post", topics=["IOP"])

    html = html_of(client, truhealing, "/blog/come-back/")

    related = html.split('<section class="related"')[1]
    assert "Older IOP post" in related
    assert "Newer post" not in related
    assert "Tal IOP post" not in html
    assert older.get_url() == "http://truhealing.localhost/blog/older/"
    assert '<a class="post-nav__prev" href="/blog/older/" rel="prev">' in html
    assert '<a class="post-nav__next" href="/blog/newer/" rel="next">' in html


def test_structured_data_of_a_post(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")
    data = structured_data(html)

    posting = data["BlogPosting"]
    url = "http://truhealing.localhost/blog/come-back/"
    assert posting["headline"] == "How to come back after leaving IOP"
    assert posting["description"] == full_post.intro
    assert posting["datePublished"] == full_post.date_published.isoformat()
    assert datetime.datetime.fromisoformat(posting["dateModified"]).tzinfo is not None
    assert posting["url"] == url
    assert posting["mainEntityOfPage"]["@id"] == url
    assert posting["mainEntityOfPage"]["reviewedBy"]["name"] == "Clinical review team"
    assert posting["inLanguage"] == "en"
    assert posting["author"] == {"@type": "Person", "name": "Admissions team"}
    assert posting["image"].startswith("http://truhealing.localhost/media/images/")
    assert posting["publisher"]["@id"] == "http://truhealing.localhost/#clinic"

    clinic = data["MedicalClinic"]
    assert clinic["@id"] == "http://truhealing.localhost/#clinic"
    assert clinic["name"] == "TruHealing Cincinnati"
    assert clinic["telephone"] == "+18886439118"
    assert clinic["address"]["addressLocality"] == "Cincinnati"
    assert clinic["url"] == "http://truhealing.localhost/"

    faq = data["FAQPage"]
    assert faq["inLanguage"] == "en"
    questions = [q["name"] for q in faq["mainEntity"]]
    assert questions == ["Question 0?", "Will I have to start over?"]
    assert faq["mainEntity"][0]["acceptedAnswer"] == {
        "@type": "Answer",
        "text": "Answer 0.",
    }


def test_all_faq_blocks_merge_into_one_faq_page(client, truhealing, truhealing_blog):
    faq = {
        "type": "faq",
        "value": {
            "heading": "More",
            "faq_set": None,
            "items": [{"question": "Second block?", "answer": "<p>Yes.</p>"}],
        },
    }
    body = every_block_body(truhealing.site) + [faq]
    BlogPostPageFactory(parent=truhealing_blog, slug="two-faqs", body=body)

    html = html_of(client, truhealing, "/blog/two-faqs/")

    assert html.count('"@type": "FAQPage"') == 1
    questions = [q["name"] for q in structured_data(html)["FAQPage"]["mainEntity"]]
    assert questions == ["Question 0?", "Will I have to start over?", "Second block?"]


def test_json_ld_cannot_be_closed_by_content(client, truhealing, truhealing_blog):
    BlogPostPageFactory(
        parent=truhealing_blog, slug="xss", title="</script><script>alert(1)</script>"
    )

    html = html_of(client, truhealing, "/blog/xss/")

    assert "<script>alert(1)" not in html
    assert structured_data(html)["BlogPosting"]["headline"].startswith("</script>")


def test_social_and_canonical_tags(client, truhealing, full_post):
    html = html_of(client, truhealing, "/blog/come-back/")

    url = "http://truhealing.localhost/blog/come-back/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert (
        '<meta property="og:image" content="http://truhealing.localhost/media/' in html
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'<meta name="description" content="{full_post.intro}">' in html


@pytest.mark.parametrize("size", ["small", "large"])
def test_post_queries_do_not_grow_with_the_post(
    page_cache_off, client, truhealing, truhealing_blog, django_assert_num_queries, size
):
    counts = {"small": {}, "large": {"faq_items": 50, "testimonials": 20, "images": 20}}
    body = every_block_body(truhealing.site, **counts[size])
    BlogPostPageFactory(parent=truhealing_blog, slug="older", topics=["IOP"])
    BlogPostPageFactory(
        parent=truhealing_blog,
        slug="post",
        body=body,
        topics=["IOP"],
        hero_image=full_post_hero(),
        hero_image_alt="Path",
    )
    BlogPostPageFactory(parent=truhealing_blog, slug="newer", topics=["IOP"])
    client.get("/blog/post/", HTTP_HOST=truhealing.host)

    # Warm: the post; its article is kept (home/fragments.py), and so is the rest.
    with django_assert_num_queries(1):
        response = client.get("/blog/post/", HTTP_HOST=truhealing.host)

    assert response.status_code == 200
    assert response.content.decode().count('<figure class="testimonial">') == (
        20 if size == "large" else 1
    )

    # The first view after any change of the clinic's content builds it all
    # again, in as many queries for the large post as for the small one.
    new_generation(truhealing.site.pk)
    with django_assert_num_queries(22):
        response = client.get("/blog/post/", HTTP_HOST=truhealing.host)
    assert response.content.decode().count('<figure class="testimonial">') == (
        20 if size == "large" else 1
    )


def full_post_hero():
    import wagtail_factories

    return wagtail_factories.ImageFactory(title="Hero")


def test_restricting_a_related_post_removes_it_at_once(
    client, truhealing, truhealing_blog, full_post
):
    from wagtail.models import PageViewRestriction

    other = BlogPostPageFactory(
        parent=truhealing_blog, title="Related one", slug="related", topics=["IOP"]
    )
    assert "Related one" in html_of(client, truhealing, "/blog/come-back/")

    PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    assert "Related one" not in html_of(client, truhealing, "/blog/come-back/")
