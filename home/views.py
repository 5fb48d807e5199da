import logging
from collections import defaultdict

from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

from wagtail.models import Site

from home.languages import alternates_of
from home.sites import pages_in_site

logger = logging.getLogger(__name__)


@requires_csrf_token
def server_error(request):
    """The clinic's branded 500 page, or a plain one when the branded page cannot
    be built (the database being down is a common cause of a 500)."""
    try:
        html = render_to_string("500.html", request=request)
    except Exception:
        logger.exception("Could not render the branded error page")
        # The request alone, without context processors (they may need the
        # database): the page's inline style is allowed through it.
        html = render_to_string("500_plain.html", {"request": request})
    return HttpResponseServerError(html)


def robots_txt(request):
    """robots.txt of the site the request is for, naming that site's sitemap."""
    site = Site.find_for_request(request)
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    if site is not None:
        lines.append(f"Sitemap: {site.root_url}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def sitemap_xml(request):
    """The XML sitemap of one site: its live public pages in every language, each
    with its translations as ``hreflang`` alternates (and x-default, the default
    language's version)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    pages = list(
        pages_in_site(site.pk).live().public().specific().select_related("locale")
    )
    urls = []
    for page in pages:
        urls.extend(page.get_sitemap_urls(request))
    versions = defaultdict(dict)  # translation key: {language: URL}
    key_of_url = {}
    for page in pages:
        url = page.get_full_url(request)
        key_of_url[url] = page.translation_key
        if url and not getattr(page, "noindex", False):
            versions[page.translation_key][page.locale.language_code] = url
    for url in urls:
        url["alternates"] = alternates_of(versions[key_of_url.get(url["location"])])
    return render(
        request, "sitemap.xml", {"urls": urls}, content_type="application/xml"
    )
