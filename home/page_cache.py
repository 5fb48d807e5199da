"""The full-page cache: whole anonymous responses of published pages, per site.

A page is stored when an anonymous visitor's GET renders it and every rule below
holds; it is then served to every visitor without a session, on that host, at that
address, until its site's content changes (each entry holds the home.cache
generations it was rendered in; a newer one makes it a miss) or
PAGE_CACHE_TIMEOUT passes. Our public pages are the same for every
anonymous visitor by design (the return-request form has no CSRF token or time
stamp), so pages with the form are cached too.

Never served from the cache: a request with a session cookie (editors; the
password of a private page is kept in the session too), anything but GET and
HEAD, a query string with other parameters than the listed ones.
Never stored: a response that sets a cookie or varies on one, that says private
or no-store, that is not a 200, or that is not a live page served by Wagtail to
anonymous visitors (previews, private pages, the admin, return-request posts).

The cache alias "pages" is Redis when REDIS_URL is set (shared by every process),
failing soft: with Redis down pages are rendered, not cached, and nothing fails.
"""

import hashlib
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.http import parse_etags

from home.cache import generation, generation_keys
from home.restrictions import may_be_private
from home.routing import cached_site_fields

# Query parameters that change a page: the blog's page number and topic, a
# form's thank-you state. Others (search, anything unknown) are rendered afresh;
# tracking parameters are dropped from the key, as no page reads them.
KEYED_PARAMETERS = {"page", "tag", "sent"}
IGNORED_PARAMETERS = {"gclid", "fbclid", "msclkid", "dclid", "gbraid", "wbraid"}
# Headers a stored response leaves out: per response, or set again on the way out.
UNSTORED_HEADERS = {"set-cookie", "date", "x-page-cache"}


def mark_cacheable(page, request, serve_args, serve_kwargs):
    """A before_serve_page hook: the response to this request may be stored,
    unless the page may be private (the rules in ``storable`` still apply)."""
    if not may_be_private(page):
        request.page_cacheable = True


def anonymous(request):
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # Host -> site id, valid for one install-wide generation (a site's
        # hostname or port may change; that starts a new one).
        self.sites = {}
        self.sites_generation = None

    def __call__(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not anonymous(request):
            response = self.get_response(request)
            # Editors' pages (with the userbar) must not land in a shared cache.
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, private=True, no_cache=True)
            return response

        store = caches[settings.PAGE_CACHE_ALIAS]
        key, current, entry = self.lookup(request, store)
        if key is None:
            return self.get_response(request)
        if entry is not None and entry[0] == current:
            return self.replay(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and storable(request, response):
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_BROWSER_MAX_AGE,
                s_maxage=settings.PAGE_CDN_MAX_AGE,
            )
            response["ETag"] = etag(response.content)
            store.set(key, freeze(current, response), settings.PAGE_CACHE_TIMEOUT)
            response["X-Page-Cache"] = "miss"
        return response

    def lookup(self, request, store):
        """The entry's key (None when the request is not served from the cache),
        the content generation of the install and the host's site, and the entry
        stored under the key, read together in one round trip.

        Entries are kept under the address alone and hold the generation they
        were rendered in: an entry of an older generation is a miss."""
        address = self.address(request)
        if address is None:
            return None, None, None
        host = address.split("|", 2)[1]
        key = "page:" + hashlib.sha256(address.encode()).hexdigest()
        for _ in range(2):
            site_id = self.sites.get(host) or self.site(request, host, store)
            if site_id is None:
                return None, None, None
            values = store.get_many([*generation_keys(site_id), key])
            current = generation(site_id, store, values)
            if current.split(".", 1)[0] == self.sites_generation:
                break
            # A new install-wide generation: a site's hostname may have changed.
            self.sites = {}
        return key, current, values.get(key)

    def address(self, request):
        """Scheme, host, path and the query parameters that change a page, or
        None when the request is not served from the cache."""
        query = []
        for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), True):
            if name.startswith("utm_") or name in IGNORED_PARAMETERS:
                continue
            if name not in KEYED_PARAMETERS:
                return None
            query.append((name, value))
        try:
            host = request.get_host().lower()
        except DisallowedHost:
            return None
        return "|".join((request.scheme, host, request.path, urlencode(sorted(query))))

    def site(self, request, host, store):
        """The id of the host's site (home.routing's lookup). The host-to-site map
        is kept for one install-wide generation (a change to a Site starts one)."""
        install = generation(None, store)
        if install != self.sites_generation:
            self.sites, self.sites_generation = {}, install
        try:
            fields = cached_site_fields(request)
        except DatabaseError:
            return None  # rendered as usual, which says what failed
        self.sites[host] = site_id = fields["id"] if fields else None
        return site_id

    def replay(self, request, entry):
        _, status, headers, content = entry
        tag = dict(headers).get("ETag")
        wanted = parse_etags(request.headers.get("If-None-Match", ""))
        if tag and (tag in wanted or "*" in wanted):
            response = HttpResponseNotModified()
            for name, value in headers:
                if name in ("ETag", "Cache-Control", "Vary"):
                    response[name] = value
        else:
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


def storable(request, response):
    if not getattr(request, "page_cacheable", False):
        return False  # not a page served by Wagtail, or a private one
    if getattr(request, "is_preview", False) or response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        return False
    vary = {v.lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    if "cookie" in vary or "*" in vary:
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def freeze(current, response):
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in UNSTORED_HEADERS
    ]
    return current, response.status_code, headers, response.content


def etag(content):
    return f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


class LanguageFromPathMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware adds ``Vary: Accept-Language`` to every page at
    an address without a language prefix (ours in English), although with
    ``prefix_default_language=False`` the language comes from the address alone:
    that header would split every cache by each browser's languages."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.has_header("Vary"):
            kept = [
                value
                for value in cc_delim_re.split(response["Vary"])
                if value and value.lower() != "accept-language"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
