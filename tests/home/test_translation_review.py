"""A clinic editor's translation goes through the clinic's review, as a page does
(home/translation_review.py), end to end through the admin.

Two clinics made by add_clinic. Tal's Spanish tree (home page and blog) was
translated and published through wagtail-localize; a Tal post is submitted for
translation, its Spanish page a draft, and Tal's editor translates its lede in
wagtail-localize's editor. The editor cannot publish it there; they submit it for
review, Tal's moderator approves (or rejects, and the editor resubmits) and the
Spanish page is served at /es/ on Tal's host. TruHealing's people can neither
submit nor approve it.
"""

from django.urls import reverse

from wagtail.models import Page, WorkflowState
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

import pytest

from blog.factories import BlogIndexPageFactory, BlogPostPageFactory, TestimonialFactory
from blog.models import BlogPostPage
from tests.home.test_clinic_workflow import (
    act,
    client_of,
    mailed,
    task_state,
    workflow_status,
)
from tests.home.test_translation_access import admin_refused, put, refused

pytestmark = pytest.mark.django_db

ENGLISH_LEDE = "Leaving early does not close the door."
SPANISH_LEDE = "Irse antes no cierra la puerta."
SPANISH_LEDE_2 = "Irse antes de tiempo no cierra la puerta."


@pytest.fixture
def people(django_user_model, teams, team_member):
    member = team_member
    return {
        "editor": member("tal-editor", teams["tal"].editors),
        "moderator": member("tal-moderator", teams["tal"].moderators),
        "other editor": member("truhealing-editor", teams["truhealing"].editors),
        "other moderator": member(
            "truhealing-moderator", teams["truhealing"].moderators
        ),
        "superuser": django_user_model.objects.create_superuser(
            username="root", email="root@clinic.example", password="pw"
        ),
    }


@pytest.fixture
def clients(people, client):
    return {name: client_of(type(client), user) for name, user in people.items()}


def publish_translation(page, locale, capture):
    """What a translator who may publish does: translate and publish (the
    publication runs when the transaction commits)."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    with capture(execute=True):
        translation.save_target(publish=True)
    return translation


@pytest.fixture
def tal_blog(tal, teams, spanish, django_capture_on_commit_callbacks):
    """Tal's blog, with the Spanish home page and blog live."""
    blog = BlogIndexPageFactory(parent=tal.home)
    for page in (tal.home, blog):
        publish_translation(page, spanish, django_capture_on_commit_callbacks)
    return blog


@pytest.fixture
def post(tal_blog):
    return BlogPostPageFactory(
        parent=tal_blog, title="Coming back after a lapse", intro=ENGLISH_LEDE
    )


def start_translation(page, locale, *, create_page=True):
    """A page submitted for translation: its source, its translation and, as
    wagtail-localize makes it for a draft, its Spanish page, not live."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    if create_page:
        translation.save_target(publish=False)
    return translation


@pytest.fixture
def translation(post, spanish):
    return start_translation(post, spanish)


def spanish_page(translation):
    return BlogPostPage.objects.get(pk=translation.get_target_instance().pk)


def translate_lede(client, translation, text):
    """Type the lede's translation in wagtail-localize's editor (its API)."""
    segment = StringSegment.objects.get(
        source=translation.source, context__path="intro"
    )
    url = reverse(
        "wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]
    )
    response = put(client, url, text)
    assert response.status_code in (200, 201), response.content


def review_url(translation):
    return reverse("clinic_translation_review:submit", args=[translation.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def submit_for_review(client, translation, **data):
    return client.post(review_url(translation), data)


def public_page(client, page, host):
    _site_id, _root_url, path = page.get_url_parts()
    return client.get(path, HTTP_HOST=host)


def latest_intro(page):
    """The lede of the page's latest revision (the draft), read afresh."""
    return BlogPostPage.objects.get(pk=page.pk).get_latest_revision_as_object().intro


# wagtail-localize's own "Publish" stays closed to editors.


def test_the_editor_cannot_publish_through_the_translation_editor(clients, translation):
    editor = clients["editor"]
    translate_lede(editor, translation, SPANISH_LEDE)
    page = spanish_page(translation)

    response = editor.post(edit_url(page), {"action": "publish"})
    ajax = editor.post(
        edit_url(page),
        {"action": "publish"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")  # the admin's refusal
    assert ajax.status_code == 403
    page.refresh_from_db()
    assert page.live is False
    assert page.intro == ENGLISH_LEDE
    assert latest_intro(page) == ENGLISH_LEDE
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_the_translation_editor_offers_review_to_those_who_cannot_publish(
    clients, translation
):
    page = spanish_page(translation)

    for_editor = clients["editor"].get(edit_url(page)).content.decode()
    for_moderator = clients["moderator"].get(edit_url(page)).content.decode()

    assert "js-translation-editor" in for_editor
    assert f'action="{review_url(translation)}"' in for_editor
    assert "Submit for review" in for_editor
    assert "js-translation-editor" in for_moderator
    assert review_url(translation) not in for_moderator


# Submitting, approving, rejecting.


def test_submit_for_review_then_approval_publishes_the_translation(
    clients, people, translation, tal, mailoutbox
):
    editor = clients["editor"]
    translate_lede(editor, translation, SPANISH_LEDE)
    page = spanish_page(translation)

    response = submit_for_review(editor, translation, next=edit_url(page))

    assert response.status_code == 302
    assert response.url == edit_url(page)
    page.refresh_from_db()
    assert page.live is False
    assert latest_intro(page) == SPANISH_LEDE
    assert workflow_status(page) == WorkflowState.STATUS_IN_PROGRESS
    assert (
        task_state(page).task.name
        == "Tal Behavioral Health Cleveland moderators approve"
    )
    assert mailed(mailoutbox) == ["tal-moderator@clinic.example"]
    assert public_page(clients["editor"], page, tal.host).status_code == 404

    # TruHealing's moderator can neither approve it nor open it.
    other = clients["other moderator"]
    approve = act(other, page, "approve", comment="")
    assert approve.status_code in (302, 403, 404)
    assert approve.status_code != 302 or approve.url != edit_url(page)
    assert admin_refused(other.get(edit_url(page)))
    dashboard = other.get(reverse("wagtailadmin_home")).content.decode()
    assert "Coming back after a lapse" not in dashboard
    assert refused(submit_for_review(other, translation))
    assert workflow_status(page) == WorkflowState.STATUS_IN_PROGRESS
    assert not Page.objects.get(pk=page.pk).live

    response = act(clients["moderator"], page, "approve", comment="")

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert page.intro == SPANISH_LEDE
    assert workflow_status(page) == WorkflowState.STATUS_APPROVED
    assert task_state(page).finished_by == people["moderator"]
    public = public_page(clients["editor"], page, tal.host)
    assert public.status_code == 200
    assert page.get_url_parts()[2].startswith("/es/")
    assert SPANISH_LEDE in public.content.decode()


def test_rejection_then_resubmission(clients, translation, tal):
    editor = clients["editor"]
    translate_lede(editor, translation, SPANISH_LEDE)
    page = spanish_page(translation)
    submit_for_review(editor, translation)
    act(clients["moderator"], page, "reject", comment="Más natural, por favor.")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    translate_lede(editor, translation, SPANISH_LEDE_2)
    in_editor = editor.get(edit_url(page)).content.decode()
    response = submit_for_review(editor, translation)

    assert "Resubmit for review" in in_editor
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the same workflow
    assert latest_intro(page) == SPANISH_LEDE_2
    assert not Page.objects.get(pk=page.pk).live

    act(clients["moderator"], page, "approve", comment="")

    page.refresh_from_db()
    assert page.live is True
    assert SPANISH_LEDE_2 in public_page(editor, page, tal.host).content.decode()


def test_a_live_translation_stays_as_it_is_until_the_update_is_approved(
    clients, translation, tal
):
    """wagtail-localize's own draft saving writes the translation into the live
    page: the update would be public before review."""
    editor = clients["editor"]
    translate_lede(editor, translation, SPANISH_LEDE)
    submit_for_review(editor, translation)
    page = spanish_page(translation)
    act(clients["moderator"], page, "approve", comment="")

    translate_lede(editor, translation, SPANISH_LEDE_2)
    response = submit_for_review(editor, translation)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert page.has_unpublished_changes is True
    assert page.intro == SPANISH_LEDE
    assert latest_intro(page) == SPANISH_LEDE_2
    public = public_page(editor, page, tal.host).content.decode()
    assert SPANISH_LEDE in public
    assert SPANISH_LEDE_2 not in public
    assert workflow_status(page) == WorkflowState.STATUS_IN_PROGRESS

    act(clients["moderator"], page, "approve", comment="")

    assert SPANISH_LEDE_2 in public_page(editor, page, tal.host).content.decode()


def test_submitting_again_while_in_review_changes_nothing(clients, translation):
    editor = clients["editor"]
    translate_lede(editor, translation, SPANISH_LEDE)
    submit_for_review(editor, translation)
    page = spanish_page(translation)
    revisions = page.revisions.count()
    translate_lede(editor, translation, SPANISH_LEDE_2)

    response = submit_for_review(editor, translation)

    assert response.status_code == 302
    assert page.revisions.count() == revisions
    assert latest_intro(page) == SPANISH_LEDE
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    in_editor = editor.get(edit_url(page)).content.decode()
    assert "awaiting review" in in_editor
    assert review_url(translation) not in in_editor


def test_a_translation_whose_page_is_not_made_yet_is_created_as_a_draft(
    clients, post, spanish
):
    translation = start_translation(post, spanish, create_page=False)
    # wagtail-localize's editor needs the page: the string is stored directly.
    segment = StringSegment.objects.get(
        source=translation.source, context__path="intro"
    )
    StringTranslation.objects.create(
        translation_of_id=segment.string_id,
        locale=spanish,
        context_id=segment.context_id,
        data=SPANISH_LEDE,
    )

    response = submit_for_review(clients["editor"], translation)

    assert response.status_code == 302
    page = spanish_page(translation)
    assert page.live is False
    assert latest_intro(page) == SPANISH_LEDE
    assert workflow_status(page) == WorkflowState.STATUS_IN_PROGRESS


# Another clinic's translation.


def test_the_other_clinics_editor_cannot_submit_it(clients, translation):
    translate_lede(clients["editor"], translation, SPANISH_LEDE)
    page = spanish_page(translation)
    revisions = page.revisions.count()
    other = clients["other editor"]

    assert refused(other.get(review_url(translation)))
    assert refused(submit_for_review(other, translation))
    assert page.revisions.count() == revisions
    assert not WorkflowState.objects.filter(object_id=str(page.pk)).exists()


def test_a_snippets_translation_has_no_review_here(clients, tal, spanish):
    testimonial = TestimonialFactory(site=tal.site)
    source, _created = TranslationSource.get_or_create_from_instance(testimonial)
    translation = Translation.objects.create(source=source, target_locale=spanish)
    translation.save_target(publish=True)

    response = submit_for_review(clients["superuser"], translation)

    assert response.status_code == 404


# The page listing's "More" menu and its confirmation.


def test_the_page_listing_offers_review_of_a_translation(clients, translation):
    page = spanish_page(translation)
    explore = reverse("wagtailadmin_explore", args=[page.get_parent().pk])
    english = reverse(
        "wagtailadmin_explore",
        args=[translation.source.get_source_instance().get_parent().pk],
    )

    for_editor = clients["editor"].get(explore).content.decode()
    for_moderator = clients["moderator"].get(explore).content.decode()
    english_for_editor = clients["editor"].get(english).content.decode()

    assert review_url(translation) in for_editor
    assert "Submit translation for review" in for_editor
    assert review_url(translation) not in for_moderator
    assert "Submit translation for review" not in english_for_editor


def test_the_confirmation_names_the_page_and_what_is_untranslated(clients, translation):
    translate_lede(clients["editor"], translation, SPANISH_LEDE)

    response = clients["editor"].get(review_url(translation))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Coming back after a lapse" in html
    assert "Tal Behavioral Health Cleveland review" in html
    assert "strings are translated" in html
    assert not WorkflowState.objects.exists()


def test_an_editor_starts_a_translation_and_it_stays_a_draft(clients, post, spanish):
    """Clinic editors may translate (wagtail-localize's "Translate"), and the
    Spanish copy of a live page starts unpublished: it waits for review."""
    url = reverse("wagtail_localize:submit_page_translation", args=[post.pk])

    response = clients["editor"].post(url, {"locales": [spanish.pk]})

    assert response.status_code == 302, response.content.decode()[:300]
    translation = Translation.objects.get(source__object_id=post.translation_key)
    assert translation.target_locale == spanish
    assert spanish_page(translation).live is False


def test_other_clinics_editors_cannot_start_a_translation(clients, post, spanish):
    url = reverse("wagtail_localize:submit_page_translation", args=[post.pk])

    response = clients["other editor"].post(url, {"locales": [spanish.pk]})

    assert response.status_code == 404
    assert not Translation.objects.filter(
        source__object_id=post.translation_key
    ).exists()


@pytest.mark.parametrize("who, allowed", [("editor", False), ("moderator", True)])
def test_updating_and_publishing_at_once_needs_the_publish_permission(
    clients, post, spanish, who, allowed, django_capture_on_commit_callbacks
):
    translation = start_translation(post, spanish)
    post.intro = "Leaving early never closes the door."
    post.save_revision().publish()
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = clients[who].post(url, {"publish_translations": "on"})

    if allowed:
        assert response.status_code == 302
        assert spanish_page(translation).live is True
    else:
        # Wagtail's admin answers a refusal with its dashboard and a message.
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")
        assert spanish_page(translation).live is False
        # Refused before wagtail-localize ran: the source was not even synced.
        assert not StringSegment.objects.filter(
            source=translation.source,
            string__data="Leaving early never closes the door.",
        ).exists()
