"""Which pages may be private, answered from the content cache.

Wagtail checks a page's view restrictions on every view (its ``on_serve_page``
hook asks ``page.get_view_restrictions()``: one query for the page's ancestors,
one for their restrictions), and ``PageQuerySet.public()`` reads every
restriction. Our pages answer both from one cached list of paths: the pages
with a restriction, and the alias pages of those pages (Wagtail applies a source
page's restrictions to its aliases). A page under none of those paths has no
restriction; for one under such a path, Wagtail's own query decides, so the list
only ever skips work, never a restriction.

The list is kept per content generation of the install and of the page's site
(home.cache): a restriction's change starts a new install-wide generation, and
any page saved in a site (a new alias too) a new one for that site.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction

from home.cache import cached
from home.sites import site_id_for_page


def private_paths(site_id=None):
    """Paths of the pages whose views may be restricted, with their subtrees."""
    return cached("private-paths", restricted_and_alias_paths, site_id)


def restricted_and_alias_paths():
    restricted = dict(PageViewRestriction.objects.values_list("page_id", "page__path"))
    paths = set(restricted.values())
    seen = set(restricted)
    sources = set(restricted)
    while sources:  # aliases of restricted pages, and aliases of those
        aliases = dict(
            Page.objects.filter(alias_of_id__in=sources).values_list("pk", "path")
        )
        sources = set(aliases) - seen
        seen |= sources
        paths.update(aliases.values())
    return sorted(paths)


def may_be_private(page):
    """Kept on the page: a view asks twice (the page cache's hook and Wagtail's
    restriction check)."""
    if "_may_be_private" not in page.__dict__:
        paths = private_paths(site_id_for_page(page))
        page._may_be_private = bool(paths) and page.path.startswith(tuple(paths))
    return page._may_be_private


def public_q(site_id=None):
    """A filter of pages outside every private subtree (as Wagtail's
    ``.public()``, and aliases of private pages left out too)."""
    private = Q()
    for path in private_paths(site_id):
        private |= Q(path__startswith=path)
    return ~private if private else Q()


class CachedViewRestrictionsMixin:
    """For page models: no restriction queries for a page that cannot have one."""

    def get_view_restrictions(self):
        if may_be_private(self):
            return super().get_view_restrictions()
        return PageViewRestriction.objects.none()
