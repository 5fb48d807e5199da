"""Give every notice a clinic, copying a notice two clinics shared, and take
Wagtail's default Editors and Moderators groups off the root page and the root
collection: a permission there covers every clinic."""

import uuid

from django.db import migrations

NOTICE_FIELDS = ("disclaimer", "crisis_notice", "footer_text")


def own_notices(apps, schema_editor):
    Notice = apps.get_model("home", "Notice")
    ClinicSettings = apps.get_model("home", "ClinicSettings")
    Site = apps.get_model("wagtailcore", "Site")
    for settings in ClinicSettings.objects.order_by("pk"):
        changed = False
        for field in NOTICE_FIELDS:
            notice_id = getattr(settings, f"{field}_id")
            if notice_id is None:
                continue
            notice = Notice.objects.get(pk=notice_id)
            if notice.site_id is None:
                give_to_site(Notice, notice, settings.site_id)
            elif notice.site_id != settings.site_id:
                setattr(
                    settings,
                    f"{field}_id",
                    copy_for_site(Notice, notice, settings.site_id),
                )
                changed = True
        if changed:
            settings.save()
    default_site = (
        Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    )
    orphans = Notice.objects.filter(site__isnull=True)
    if default_site is None:
        orphans.delete()
    else:
        orphans.update(site_id=default_site.pk)


def give_to_site(Notice, notice, site_id):
    """The notice and its translations (same translation key) go to the site."""
    Notice.objects.filter(translation_key=notice.translation_key).update(
        site_id=site_id
    )


def copy_for_site(Notice, notice, site_id):
    """A copy of ``notice`` and its translations for ``site_id``; the copy's id."""
    key = uuid.uuid4()
    copy_id = None
    for version in Notice.objects.filter(translation_key=notice.translation_key):
        original_pk = version.pk
        version.pk = None
        version.translation_key = key
        version.site_id = site_id
        version.save()
        if original_pk == notice.pk:
            copy_id = version.pk
    return copy_id


def strip_default_groups(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    defaults = ["Editors", "Moderators"]
    GroupPagePermission.objects.filter(group__name__in=defaults, page__depth=1).delete()
    GroupCollectionPermission.objects.filter(
        group__name__in=defaults, collection__depth=1
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_clinic_teams"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.RunPython(own_notices, migrations.RunPython.noop),
        migrations.RunPython(strip_default_groups, migrations.RunPython.noop),
    ]
