"""Which clinic a page belongs to, and which clinics a user may edit."""

from wagtail.models import GroupSitePermission, Page, Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.cache import request_memo


def site_id_for_url_path(url_path):
    """The id of the site whose tree (in any language) holds ``url_path``, or None.

    Uses Wagtail's cached site root paths, as page URLs do.
    """
    roots = request_memo("site-root-paths", Site.get_site_root_paths)
    for root in roots:  # most specific first
        if url_path.startswith(root.root_path):
            return root.site_id
    return None


def site_id_for_page(page, parent=None):
    """The site of ``page``, or of a page about to be created under ``parent``."""
    if page.url_path:
        return site_id_for_url_path(page.url_path)
    if parent is not None:
        return site_id_for_url_path(parent.url_path)
    return None


def site_ids_for_user(user):
    """Ids of the sites whose pages ``user`` may add, edit or publish; every site
    for superusers. A permission anywhere in a site's tree counts for that site."""
    if user.is_superuser:
        return set(Site.objects.values_list("pk", flat=True))
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["add", "change", "publish"]
    )
    paths = list(pages.values_list("url_path", flat=True))
    site_ids = set()
    for root in Site.get_site_root_paths():
        if any(
            path.startswith(root.root_path) or root.root_path.startswith(path)
            for path in paths
        ):
            site_ids.add(root.site_id)
    return site_ids


def sites_for_user(user):
    return Site.objects.filter(pk__in=site_ids_for_user(user))


def pages_in_site(site_id):
    """Pages of one site, in every language."""
    roots = [root for root in Site.get_site_root_paths() if root.site_id == site_id]
    query = Page.objects.none()
    for root in roots:
        query |= Page.objects.filter(url_path__startswith=root.root_path)
    return query


def clinic_site_ids_for_user(user):
    """Ids of the user's clinics: the sites of their page permissions, and those
    they hold a site permission on. A clinic's managers hold no page permission,
    yet choose its contact and privacy pages in its settings."""
    site_ids = site_ids_for_user(user)
    if not user.is_superuser:
        site_ids |= set(
            GroupSitePermission.objects.filter(group__user=user).values_list(
                "site_id", flat=True
            )
        )
    return site_ids


def pages_in_sites(site_ids):
    """Pages of these sites, in every language."""
    query = Page.objects.none()
    for site_id in site_ids:
        query |= pages_in_site(site_id)
    return query


def pages_for_user(user):
    """Pages of the user's clinics, in every language: what the admin's choosers,
    listings and reports may show them (home/page_scoping.py)."""
    return pages_in_sites(clinic_site_ids_for_user(user))
