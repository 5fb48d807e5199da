from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home import contacts, teams
from home.cache import new_generation
from home.models import ClinicSettings, Notice


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_changed(sender, **kwargs):
    new_generation()


@receiver(post_delete, sender=Page)
@receiver(post_save, sender=ClinicSettings)
@receiver(post_delete, sender=ClinicSettings)
@receiver(post_save, sender=Notice)
@receiver(post_delete, sender=Notice)
@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def content_changed(sender, **kwargs):
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
