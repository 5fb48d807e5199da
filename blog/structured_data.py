"""schema.org JSON-LD for posts and their FAQs, as plain dicts."""

from django.utils.html import strip_tags

from wagtail.rich_text import expand_db_html

from home.structured_data import clinic_id

SCHEMA = "https://schema.org"


def blog_posting(page, request, clinic, image_url=None, keywords=()):
    """``image_url``: the share image's absolute URL; ``keywords``: the names of
    the post's topics, as the page shows them."""
    url = page.get_full_url(request)
    # Never the time of the request: the page's HTML must be the same for every
    # visitor (it may be cached), and a page built in code may have no revision.
    modified = page.last_published_at or page.latest_revision_created_at
    web_page = {"@type": "WebPage", "@id": url}
    if page.review:
        reviewer, credentials, reviewed_at = page.review
        web_page["reviewedBy"] = person(reviewer, credentials)
        if reviewed_at:
            web_page["lastReviewed"] = reviewed_at.date().isoformat()
    data = {
        "@context": SCHEMA,
        "@type": "BlogPosting",
        "headline": page.title[:110],
        "description": page.search_description or page.intro,
        "datePublished": page.date_published.isoformat(),
        "dateModified": (modified or page.date_published).isoformat(),
        "url": url,
        "mainEntityOfPage": web_page,
        "inLanguage": language_code(page, request),
        "publisher": {"@id": clinic_id(clinic), "name": clinic.display_name},
    }
    if image_url:
        data["image"] = image_url
    if keywords:
        data["keywords"] = list(keywords)
    if page.author_name:
        data["author"] = person(page.author_name)
    elif page.reviewer_name:
        data["author"] = person(page.reviewer_name, page.reviewer_credentials)
    return data


def language_code(page, request):
    from home.templatetags.home_tags import active_locale

    locale = active_locale(request)
    if locale.pk == page.locale_id:
        return locale.language_code
    return page.locale.language_code


def person(name, credentials=""):
    data = {"@type": "Person", "name": name}
    if credentials:
        data["honorificSuffix"] = credentials
    return data


def faq_page(page, clinic, language):
    """One FAQPage for every FAQ block of the page, or None when there is none;
    ``language``: the page's language code."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {
                "@type": "Answer",
                "text": strip_tags(expand_db_html(item["answer"].source)).strip(),
            },
        }
        for block in page.body
        if block.block_type == "faq"
        for item in block.value.questions(clinic.site_id)
    ]
    if not questions:
        return None
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "inLanguage": language,
        "mainEntity": questions,
    }
