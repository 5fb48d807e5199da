"""Visitor-facing text that lives outside pages is translatable from the start."""

from django.utils import translation

from wagtail.models import Locale

import pytest

from home.factories import StandardPageFactory
from home.models import Notice
from home.templatetags.home_tags import localized


@pytest.fixture
def spanish(db):
    return Locale.objects.create(language_code="es")


def test_notice_is_shown_in_the_visitors_language(truhealing, spanish, rf):
    english = truhealing.settings.disclaimer
    spanish_notice = english.copy_for_translation(spanish)
    spanish_notice.body = "<p>Esto no es consejo médico.</p>"
    spanish_notice.save()

    with translation.override("es"):
        shown = localized({"request": rf.get("/es/")}, english)
    with translation.override("en"):
        shown_in_english = localized({"request": rf.get("/")}, english)

    assert shown == spanish_notice
    assert shown.body == "<p>Esto no es consejo médico.</p>"
    assert shown_in_english == english


def test_untranslated_notice_falls_back_to_the_original(truhealing, spanish, rf):
    english = truhealing.settings.disclaimer

    with translation.override("es"):
        shown = localized({"request": rf.get("/es/")}, english)

    assert shown == english
    assert Notice.objects.filter(translation_key=english.translation_key).count() == 1


def test_draft_translation_of_a_page_is_not_linked(truhealing, spanish, rf):
    privacy = StandardPageFactory(parent=truhealing.home, slug="privacy-policy")
    truhealing.home.copy_for_translation(spanish)
    draft = privacy.copy_for_translation(spanish)  # wagtail-localize's drafts too
    assert draft.live is False

    with translation.override("es"):
        shown = localized({"request": rf.get("/es/")}, privacy)
        draft.save_revision().publish()
        shown_after_publishing = localized({"request": rf.get("/es/")}, privacy)

    assert shown == privacy
    assert shown_after_publishing.pk == draft.pk
