"""wagtail-localize's views reach only the objects of the user's own clinics.

Each endpoint is requested by a Tal editor twice: on TruHealing's object it is
refused and the database is left as it was; on Tal's own object the same request
works, so the refusal is the clinic check and not a blanket one. Translations are
real ones, made with wagtail-localize's own API.

A few of these wagtail-localize already refused on its own, with the admin's
redirect home; the guards of home.translation_access refuse them first, with a
404. Submitting, syncing, the snippets API and the report it did not refuse.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse

from wagtail.models import GroupPagePermission, GroupSitePermission, Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)

import pytest
import wagtail_factories

from blog import models as blog_models
from blog.factories import TestimonialFactory
from home import translation_access
from home.factories import StandardPageFactory
from home.models import Notice, StandardPage

MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}


@dataclass
class Translated:
    """One clinic's home page, a page and a testimonial, each with its Spanish
    translation."""

    home_translation: Translation
    page: StandardPage
    page_translation: Translation
    testimonial: blog_models.Testimonial
    testimonial_translation: Translation

    @property
    def spanish_page(self):
        return self.page_translation.get_target_instance()

    @property
    def spanish_testimonial(self):
        return self.testimonial_translation.get_target_instance()

    def translation(self, kind):
        return {
            "page": self.page_translation,
            "testimonial": self.testimonial_translation,
        }[kind]


def translate(instance, locale):
    """What "Translate" does: a source, a translation record, a saved target."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=True)
    return translation


def translated(clinic, spanish):
    # An image is a synchronised field: the home page's translation can override it.
    clinic.home.hero_image = wagtail_factories.ImageFactory()
    clinic.home.save()
    home_translation = translate(clinic.home, spanish)
    name = clinic.site.site_name
    page = StandardPageFactory(parent=clinic.home, title=f"{name} privacy")
    testimonial = TestimonialFactory(site=clinic.site, quote=f"{name} story")
    return Translated(
        home_translation=home_translation,
        page=page,
        page_translation=translate(page, spanish),
        testimonial=testimonial,
        testimonial_translation=translate(testimonial, spanish),
    )


@pytest.fixture
def spanish(db):
    return Locale.objects.create(language_code="es")


@pytest.fixture
def truhealing_es(truhealing, spanish):
    return translated(truhealing, spanish)


@pytest.fixture
def tal_es(tal, spanish):
    return translated(tal, spanish)


@pytest.fixture
def tal_editor(django_user_model, tal, tal_es):
    """An editor of Tal: pages of Tal's tree in both languages (as add_clinic grants
    them, on the home page and each translation of it), testimonials on Tal's site,
    and wagtail-localize's own permission to submit translations."""
    group = Group.objects.create(name="Tal editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="submit_translation"),
    )
    for home in tal.home.get_translations(inclusive=True):
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group,
                page=home,
                permission=Permission.objects.get(codename=codename),
            )
    for codename in ("add_testimonial", "change_testimonial", "publish_testimonial"):
        GroupSitePermission.objects.create(
            group=group,
            site=tal.site,
            permission=Permission.objects.get(codename=codename),
        )
    user = django_user_model.objects.create_user(username="tal-editor", password="pw")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def superuser(django_user_model):
    user = django_user_model.objects.create_superuser(username="root", password="pw")
    client = Client()
    client.force_login(user)
    return client


def localize_url(name, *args):
    return reverse(f"wagtail_localize:{name}", args=args)


def string_translations(translation):
    return StringTranslation.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
    )


def overrides(translation):
    return SegmentOverride.objects.filter(
        locale=translation.target_locale,
        context__object_id=translation.source.object_id,
    )


def refused(response):
    return response.status_code in (403, 404)


# Every URL is guarded.


def test_every_wagtail_localize_admin_url_has_a_guard_or_a_replacement():
    """A URL added by a wagtail-localize upgrade must be reviewed here: until then
    it is refused to everyone but superusers."""
    (localize_include,) = localize_hooks.register_admin_urls()
    names = {pattern.name for pattern in localize_include.url_patterns}

    unknown = (
        names - set(translation_access.GUARDS) - set(translation_access.REPLACEMENTS)
    )

    assert unknown == set()


def test_every_wagtail_localize_url_resolves_to_its_guarded_view(tal_es):
    """Wagtail's admin still holds wagtail-localize's own views at the same paths:
    ours must come first in cms/urls.py, under the same prefix."""
    (localize_include,) = localize_hooks.register_admin_urls()
    args = {
        "page_id": tal_es.page.pk,
        "app_label": "blog",
        "model_name": "testimonial",
        "pk": str(tal_es.testimonial.pk),
        "translation_source_id": tal_es.page_translation.source_id,
        "translation_id": tal_es.page_translation.pk,
        "string_segment_id": 1,
        "overridable_segment_id": 1,
        "mode": "default",
    }
    for pattern in localize_include.url_patterns:
        kwargs = {name: args[name] for name in pattern.pattern.converters}
        url = reverse(f"wagtail_localize:{pattern.name}", kwargs=kwargs)

        assert getattr(resolve(url).func, "clinic_guard", None), url


def test_anonymous_visitors_are_sent_to_the_login_before_any_guard(tal_es):
    """The guards run inside Wagtail's admin access check, as the admin's own
    URLs do: a visitor who is not signed in is asked to sign in."""
    url = localize_url("download_pofile", tal_es.page_translation.pk)

    response = Client().get(url)

    assert url.startswith("/admin/localize/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# Submitting a page or a snippet for translation.


def test_submitting_another_clinics_page_is_refused(
    tal_editor, truhealing, tal_es, spanish
):
    page = StandardPageFactory(parent=truhealing.home, title="TruHealing about")
    url = localize_url("submit_page_translation", page.pk)

    assert refused(tal_editor.get(url))
    assert refused(tal_editor.post(url, {"locales": [spanish.pk]}))
    assert not page.get_translations().exists()
    assert not TranslationSource.objects.filter(object_id=page.translation_key).exists()


def test_submitting_own_page_translates_it(tal_editor, tal, tal_es, spanish):
    page = StandardPageFactory(parent=tal.home, title="Tal about")
    url = localize_url("submit_page_translation", page.pk)

    assert tal_editor.get(url).status_code == 200
    response = tal_editor.post(url, {"locales": [spanish.pk]})

    assert response.status_code == 302
    assert page.get_translations().get().locale == spanish


def test_submitting_another_clinics_snippet_is_refused(
    tal_editor, truhealing, tal_es, spanish
):
    testimonial = TestimonialFactory(site=truhealing.site, quote="TruHealing new")
    url = localize_url(
        "submit_snippet_translation", "blog", "testimonial", testimonial.pk
    )

    assert refused(tal_editor.get(url))
    assert refused(tal_editor.post(url, {"locales": [spanish.pk]}))
    assert not testimonial.get_translations().exists()


def test_submitting_own_snippet_translates_it(tal_editor, tal, tal_es, spanish):
    testimonial = TestimonialFactory(site=tal.site, quote="Tal new")
    url = localize_url(
        "submit_snippet_translation", "blog", "testimonial", testimonial.pk
    )

    assert tal_editor.get(url).status_code == 200
    response = tal_editor.post(url, {"locales": [spanish.pk]})

    assert response.status_code == 302
    assert testimonial.get_translations().get().locale == spanish


# Updating ("syncing") the translations of a source.


def retitle(translated, kind, text):
    """Change the source object, so that a sync would have something to carry."""
    if kind == "page":
        translated.page.title = text
        translated.page.save()
    else:
        translated.testimonial.quote = text
        translated.testimonial.save()


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_updating_another_clinics_translations_is_refused(
    tal_editor, truhealing_es, kind
):
    source = truhealing_es.translation(kind).source
    before = source.object_repr
    retitle(truhealing_es, kind, "Changed by TruHealing")
    url = localize_url("update_translations", source.pk)

    assert refused(tal_editor.get(url))
    assert refused(tal_editor.post(url, {"publish_translations": "on"}))
    source.refresh_from_db()
    assert source.object_repr == before


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_updating_own_translations_works(tal_editor, tal_es, kind):
    source = tal_es.translation(kind).source
    retitle(tal_es, kind, "Changed by Tal")
    url = localize_url("update_translations", source.pk)

    assert tal_editor.get(url).status_code == 200
    response = tal_editor.post(url, {"publish_translations": "on"})

    assert response.status_code == 302
    source.refresh_from_db()
    assert "Changed by Tal" in source.object_repr


# The translation editor's own endpoints, on one translation. wagtail-localize
# lets only users with a global snippet permission edit a snippet's translation
# (see the report on this module), so Tal's own requests are made on a page.


def first_segment(model, translation):
    return model.objects.filter(source=translation.source).first()


def put(client, url, value):
    return client.put(
        url,
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_editing_a_string_of_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, kind
):
    translation = truhealing_es.translation(kind)
    segment = first_segment(StringSegment, translation)
    url = localize_url("edit_string_translation", translation.pk, segment.pk)
    StringTranslation.objects.create(
        translation_of_id=segment.string_id,
        locale=translation.target_locale,
        context_id=segment.context_id,
        data="Traducción de TruHealing",
    )

    assert refused(put(tal_editor, url, "Traducción de Tal"))
    assert refused(tal_editor.delete(url))
    assert list(string_translations(translation).values_list("data", flat=True)) == [
        "Traducción de TruHealing"
    ]


def test_editing_a_string_of_own_translation_works(tal_editor, tal_es):
    translation = tal_es.page_translation
    segment = first_segment(StringSegment, translation)
    url = localize_url("edit_string_translation", translation.pk, segment.pk)

    assert put(tal_editor, url, "Privacidad").status_code == 201
    assert string_translations(translation).get().data == "Privacidad"
    assert tal_editor.delete(url).status_code == 200
    assert not string_translations(translation).exists()


def override_of(translated, kind, path):
    """The translation of the home page (its hero image) or of the testimonial (its
    site), with the overridable segment at ``path``."""
    translation = {
        "page": translated.home_translation,
        "testimonial": translated.testimonial_translation,
    }[kind]
    segment = OverridableSegment.objects.get(
        source=translation.source, context__path=path
    )
    return translation, localize_url("edit_override", translation.pk, segment.pk)


def test_overriding_a_segment_of_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, tal
):
    translation, url = override_of(truhealing_es, "page", "hero_image")

    assert refused(put(tal_editor, url, str(tal.site.pk)))
    assert refused(tal_editor.delete(url))
    assert not overrides(translation).exists()


def test_overriding_a_segment_of_own_translation_works(tal_editor, tal_es):
    translation, url = override_of(tal_es, "page", "hero_image")
    image = wagtail_factories.ImageFactory()

    assert put(tal_editor, url, str(image.pk)).status_code == 201
    assert overrides(translation).get().data == str(image.pk)
    assert tal_editor.delete(url).status_code == 200
    assert not overrides(translation).exists()


def test_no_one_moves_a_snippets_translation_to_another_clinic(tal, tal_es):
    """Overriding a site-owned snippet's site would hand its translation to
    another clinic: the site is synchronised, never offered as an override."""
    translation = tal_es.testimonial_translation

    assert tal_es.spanish_testimonial.site == tal.site
    assert not OverridableSegment.objects.filter(
        source=translation.source, context__path="site"
    ).exists()


@pytest.mark.parametrize("who", ["tal_editor", "superuser"])
def test_overriding_a_snippets_site_in_the_translation_editor_changes_nothing(
    request, who, tal, truhealing, tal_es, django_capture_on_commit_callbacks
):
    """Were the site ever offered as an override (an older wagtail-localize
    extracted every synchronised field), the editor's override call is refused
    for everyone, and the translation stays on its clinic's site."""
    client = request.getfixturevalue(who)
    translation = tal_es.testimonial_translation
    segment = OverridableSegment.objects.create(
        source=translation.source,
        context=TranslationContext.objects.get_or_create(
            object_id=translation.source.object_id, path="site"
        )[0],
        order=99,
        data_json=str(tal.site.pk),
    )
    url = localize_url("edit_override", translation.pk, segment.pk)

    assert refused(put(client, url, str(truhealing.site.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    assert not overrides(translation).exists()
    assert tal_es.spanish_testimonial.site == tal.site


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_downloading_another_clinics_po_file_is_refused(
    tal_editor, truhealing_es, kind
):
    translation = truhealing_es.translation(kind)

    response = tal_editor.get(localize_url("download_pofile", translation.pk))

    assert refused(response)
    assert "TruHealing" not in response.content.decode()


def test_downloading_own_po_file_works(tal_editor, tal_es):
    translation = tal_es.page_translation

    response = tal_editor.get(localize_url("download_pofile", translation.pk))

    assert response.status_code == 200
    assert "Tal Behavioral Health Cleveland privacy" in response.content.decode()


def po_upload(translation):
    """The translation's own PO file, every string translated, as a browser uploads
    it."""
    po = translation.export_po()
    for entry in po:
        entry.msgstr = f"ES {entry.msgid}"
    return {"file": SimpleUploadedFile("es.po", str(po).encode())}


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_uploading_another_clinics_po_file_is_refused(tal_editor, truhealing_es, kind):
    translation = truhealing_es.translation(kind)
    url = localize_url("upload_pofile", translation.pk)

    assert refused(tal_editor.post(url, po_upload(translation)))
    assert not string_translations(translation).exists()


def test_uploading_own_po_file_works(tal_editor, tal_es):
    translation = tal_es.page_translation
    url = localize_url("upload_pofile", translation.pk)

    assert tal_editor.post(url, po_upload(translation)).status_code == 302
    assert string_translations(translation).exists()


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_machine_translating_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, settings, kind
):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = MACHINE_TRANSLATOR
    translation = truhealing_es.translation(kind)

    response = tal_editor.post(localize_url("machine_translate", translation.pk))

    assert refused(response)
    assert not string_translations(translation).exists()


def test_machine_translating_own_translation_works(tal_editor, tal_es, settings):
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = MACHINE_TRANSLATOR
    translation = tal_es.page_translation

    response = tal_editor.post(localize_url("machine_translate", translation.pk))

    assert response.status_code == 302
    assert string_translations(translation).exists()


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_previewing_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, kind
):
    translation = truhealing_es.translation(kind)

    response = tal_editor.get(localize_url("preview_translation", translation.pk))

    assert refused(response)
    assert "TruHealing" not in response.content.decode()


def test_previewing_own_translation_works(tal_editor, tal_es):
    translation = tal_es.page_translation

    response = tal_editor.get(localize_url("preview_translation", translation.pk))

    assert response.status_code == 200
    assert "Tal Behavioral Health Cleveland privacy" in response.content.decode()


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_stopping_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, kind
):
    translation = truhealing_es.translation(kind)

    response = tal_editor.post(localize_url("stop_translation", translation.pk))

    assert refused(response)
    translation.refresh_from_db()
    assert translation.enabled is True


def test_stopping_own_translation_works(tal_editor, tal_es):
    translation = tal_es.page_translation

    response = tal_editor.post(localize_url("stop_translation", translation.pk))

    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.enabled is False


def test_converting_another_clinics_page_to_an_alias_is_refused(
    tal_editor, truhealing_es
):
    spanish_page = truhealing_es.spanish_page
    url = localize_url("convert_to_alias", spanish_page.pk)

    assert refused(tal_editor.get(url))
    assert refused(tal_editor.post(url))
    spanish_page.refresh_from_db()
    assert spanish_page.alias_of_id is None
    assert Translation.objects.filter(pk=truhealing_es.page_translation.pk).exists()


def test_converting_own_page_to_an_alias_works(tal_editor, tal_es):
    spanish_page = tal_es.spanish_page
    url = localize_url("convert_to_alias", spanish_page.pk)

    assert tal_editor.get(url).status_code == 200
    assert tal_editor.post(url).status_code == 302
    spanish_page.refresh_from_db()
    assert spanish_page.alias_of_id == tal_es.page.pk


# The translation editor opened from Wagtail's own edit views, and its "Start
# Synced translation" button: Wagtail refuses the object before wagtail-localize's
# hooks run (the admin's refusal is a redirect to its home page).


def edit_url(instance):
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse("wagtailsnippets_blog_testimonial:edit", args=[instance.pk])


def target(translated, kind):
    return translated.spanish_page if kind == "page" else translated.spanish_testimonial


def admin_refused(response):
    return refused(response) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_translation_editor_of_another_clinic_is_refused(
    tal_editor, truhealing_es, kind
):
    response = tal_editor.get(edit_url(target(truhealing_es, kind)))

    assert admin_refused(response)


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_translation_editor_of_own_clinic_opens(tal_editor, tal_es, kind):
    response = tal_editor.get(edit_url(target(tal_es, kind)))

    assert response.status_code == 200
    assert "js-translation-editor" in response.content.decode()


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_restarting_another_clinics_translation_is_refused(
    tal_editor, truhealing_es, kind
):
    translation = truhealing_es.translation(kind)
    Translation.objects.filter(pk=translation.pk).update(enabled=False)

    response = tal_editor.post(
        edit_url(target(truhealing_es, kind)), {"localize-restart-translation": "1"}
    )

    assert admin_refused(response)
    translation.refresh_from_db()
    assert translation.enabled is False


@pytest.mark.parametrize("kind", ["page", "testimonial"])
def test_restarting_own_translation_works(tal_editor, tal_es, kind):
    translation = tal_es.translation(kind)
    Translation.objects.filter(pk=translation.pk).update(enabled=False)
    url = edit_url(target(tal_es, kind))

    response = tal_editor.post(url, {"localize-restart-translation": "1"})

    assert response.status_code == 302
    assert response.url == url
    translation.refresh_from_db()
    assert translation.enabled is True


# The snippets API of the translation editor.


def test_snippets_api_lists_only_own_clinics_snippets(
    tal_editor, truhealing_es, tal_es
):
    response = tal_editor.get(
        localize_url("snippets_api_listing", "blog", "testimonial")
    )

    assert response.status_code == 200
    titles = [snippet["title"] for snippet in response.json()]
    assert any("Tal Behavioral Health Cleveland story" in title for title in titles)
    assert not any("TruHealing" in title for title in titles)


def test_snippets_api_refuses_another_clinics_snippet(
    tal_editor, truhealing_es, tal_es
):
    def detail(testimonial):
        url = localize_url("snippets_api_detail", "blog", "testimonial", testimonial.pk)
        return tal_editor.get(url)

    assert refused(detail(truhealing_es.testimonial))
    assert refused(detail(truhealing_es.spanish_testimonial))
    assert detail(tal_es.testimonial).status_code == 200
    assert detail(tal_es.spanish_testimonial).status_code == 200


# The Translations report.


def report_html(client, name="translations_report", **params):
    url = localize_url(name)
    if params:
        url += "?" + urlencode(params)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["translations_report", "translations_report_results"])
def test_report_lists_only_own_clinics_translations(
    tal_editor, truhealing_es, tal_es, name
):
    html = report_html(tal_editor, name)

    assert "Tal Behavioral Health Cleveland privacy" in html
    assert "Tal Behavioral Health Cleveland story" in html
    assert "TruHealing" not in html


def test_report_filters_stay_within_own_clinics(tal_editor, truhealing_es, tal_es):
    testimonials = ContentType.objects.get_for_model(blog_models.Testimonial)
    notices = ContentType.objects.get_for_model(Notice)

    searched = report_html(tal_editor, source_title="Cincinnati")
    filtered = report_html(tal_editor, content_type=testimonials.pk)
    options = report_html(tal_editor)

    assert "No translations found." in searched
    assert "TruHealing Cincinnati" not in searched
    assert "Tal Behavioral Health Cleveland story" in filtered
    assert "TruHealing Cincinnati" not in filtered
    assert f'value="{testimonials.pk}"' in options
    # The Tal editor holds no permission on notices, on any site.
    assert f'value="{notices.pk}"' not in options


def test_superuser_reaches_every_clinic(superuser, truhealing_es, tal_es):
    html = report_html(superuser)
    po_file = superuser.get(
        localize_url("download_pofile", truhealing_es.testimonial_translation.pk)
    )

    assert "TruHealing Cincinnati privacy" in html
    assert "Tal Behavioral Health Cleveland privacy" in html
    assert po_file.status_code == 200
