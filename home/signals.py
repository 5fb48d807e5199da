from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import contacts, frontend_cache, teams
from home.cache import new_generation
from home.models import ClinicSettings, ClinicTeam, Notice
from home.sites import site_id_for_page

# Content changes start a new content generation (home.cache): of the site whose
# pages show the content, or of the whole install when every site may show it.


@receiver(page_published)
@receiver(page_unpublished)  # also a scheduled unpublish (publish_scheduled)
def page_published_or_unpublished(sender, instance, **kwargs):
    page_changed(instance)
    frontend_cache.purge_page(instance)


@receiver(post_save)
@receiver(post_delete)
def page_saved_or_deleted(sender, instance, raw=False, **kwargs):
    # Any save of a page, a draft's too: publishing, unpublishing and the admin's
    # moves all save the page; a draft flushes its site's cache needlessly, which
    # costs one render per page, never a stale one.
    if isinstance(instance, Page) and not raw:
        page_changed(instance)


def page_changed(page):
    new_generation(site_id_for_page(page))


@receiver(post_page_move)
def page_moved(sender, **kwargs):
    # It may leave one site for another: both change, and the site root paths.
    new_generation()


@receiver(post_save, sender=ClinicSettings)
@receiver(post_delete, sender=ClinicSettings)
@receiver(post_save, sender=Notice)
@receiver(post_delete, sender=Notice)
def site_content_changed(sender, instance, **kwargs):
    new_generation(instance.site_id)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restriction_changed(sender, instance, **kwargs):
    # home.page_cache keeps every site's restricted pages under one key.
    new_generation()


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def image_changed(sender, instance, **kwargs):
    """An image in a clinic's collection shows on that clinic's pages; one in a
    shared collection may show anywhere."""
    new_generation(site_id_for_collection(instance.collection_id))


def site_id_for_collection(collection_id):
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        return None
    teams = ClinicTeam.objects.filter(
        collection__in=collection.get_ancestors(inclusive=True)
    )
    site_ids = set(teams.values_list("site_id", flat=True))
    return site_ids.pop() if len(site_ids) == 1 else None


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def install_changed(sender, **kwargs):
    new_generation()


@receiver(post_save, sender=ClinicSettings)
@receiver(post_delete, sender=ClinicSettings)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def clinic_contacts_changed(sender, **kwargs):
    transaction.on_commit(contacts.refresh)


@receiver(post_migrate)
def refresh_clinic_contacts(sender, app_config, **kwargs):
    if app_config.name == "home":
        contacts.refresh()


@receiver(post_save)
def clinic_locale_tree(sender, instance, created, raw=False, **kwargs):
    """A translation of a clinic's home page (a new locale tree) gets the
    clinic team's page permissions, as add_clinic gave the original."""
    if created and not raw and isinstance(instance, Page) and instance.depth == 2:
        teams.grant_new_locale_tree(instance)
