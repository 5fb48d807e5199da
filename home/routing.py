"""Lookups Wagtail makes on every page view, answered from the content cache.

To route a request Wagtail finds its Site (one query), the active Locale (one
query, in ``Page.localized``) and the site's root page as its specific type (one
query), then checks the page's view restrictions (two queries). Here:

- ``CachedSiteMiddleware`` gives the request its Site (``request._wagtail_site``,
  which ``Site.find_for_request`` returns when set), found as Wagtail finds it
  and cached per install generation, with its root page, specific, cached per
  generation of that site. Each request gets fresh instances.
- ``CachedLookupsMixin``, on our page models, answers ``localized_draft`` from
  the cached locale ids when the page is already in the active language, and
  view restrictions from home.restrictions. Anything else is Wagtail's own code.
- ``CachedChildRouteMixin``, on the home page, finds the page a path's first
  component names (the blog, the contact page) in the content cache.

The middleware also keeps what a request reads from the content cache in
memory for the rest of the request (``home.cache.request_scope``).

home/signals.py starts the generations: a Site or Locale change, the install's;
a page saved in a site, that site's.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import Http404
from django.http.request import split_domain_port
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail.models.sites import get_site_for_hostname

from home.cache import cached, request_memo, request_scope
from home.restrictions import CachedViewRestrictionsMixin
from home.sites import site_id_for_page


def locale_ids():
    """{language code: Locale id} of the install's locales."""
    return cached(
        "locale-ids", lambda: dict(Locale.objects.values_list("language_code", "pk"))
    )


class CachedLocaleMixin:
    @property
    def localized_draft(self):
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            try:
                code = get_supported_content_language_variant(
                    translation.get_language()
                )
            except LookupError:
                code = None
            if code is not None and locale_ids().get(code) == self.locale_id:
                return self
        return super().localized_draft


class CachedLookupsMixin(CachedViewRestrictionsMixin, CachedLocaleMixin):
    """For page models: the lookups above without their queries."""


class CachedChildRouteMixin:
    """Route to a child page, found by its slug, from the content cache (two
    queries otherwise: the page, then its specific row). Not for a preview,
    whose tree may be a draft's. The child then routes the rest of the path."""

    def route(self, request, path_components):
        if not path_components or getattr(request, "is_preview", False):
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = cached(
            f"child-page:{self.pk}:{slug}",
            lambda: self.child_by_slug(slug),
            site_id=site_id_for_page(self),
        )
        if child is None:
            raise Http404
        child._cached_parent_obj = self  # as Wagtail's Page.route
        return child.route(request, rest)

    def child_by_slug(self, slug):
        child = self.get_children().filter(slug=slug).first()
        return child and child.specific


def site_fields(hostname, port):
    """The fields of the Site that Wagtail picks for ``hostname:port``, or None."""
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    return {
        field.attname: getattr(site, field.attname)
        for field in Site._meta.concrete_fields
    }


def specific_page(page_id):
    return Page.objects.get(pk=page_id).specific


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            # Page views only: a form's POST finds its site in its own view, which
            # answers any database error there with the clinic's phone number.
            if request.method in ("GET", "HEAD"):
                try:
                    site = self.site_for(request)
                except DatabaseError:
                    site = None  # Wagtail looks again, and reports what failed
                if site is not None:
                    request._wagtail_site = site
                    # Where Wagtail keeps the site root paths for page URLs: read
                    # once for the request, with home.sites' lookups.
                    request._wagtail_cached_site_root_paths = request_memo(
                        "site-root-paths", Site.get_site_root_paths
                    )
            return self.get_response(request)

    def site_for(self, request):
        fields = cached_site_fields(request)
        if fields is None:
            return None
        site = Site(**fields)
        site.root_page = cached(
            f"root-page:{site.root_page_id}",
            lambda: specific_page(site.root_page_id),
            site_id=site.pk,
        )
        return site


def cached_site_fields(request):
    """The fields of the request's Site, as Site.find_for_request picks it, from
    the content cache; None for a host we do not serve, or no site."""
    try:
        request.get_host()  # no cache entries for hosts we do not serve
    except DisallowedHost:
        return None
    # As Site.find_for_request reads them.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    return cached(f"site-for:{hostname}:{port}", lambda: site_fields(hostname, port))
