"""Translations of pages go through the clinic's review, as pages do.

wagtail-localize's translation editor replaces Wagtail's page editor for the
target of a translation, and its only way to save the target is "Publish"
(``translation.save_target(user, publish=True)``), refused without the publish
permission: a clinic editor's translation could never go live, and nothing put
it in front of the clinic's moderators. Here an editor submits a page's
translation for review instead, as Wagtail's "Submit for moderation" does for a
page:

1. the translation, as it stands in wagtail-localize (untranslated strings fall
   back to the source, as its own "Publish" does), becomes a draft revision of
   the translated page;
2. the page's workflow starts (the clinic's "<clinic> review", which add_clinic
   assigns to each language tree of the clinic), or, if the moderators had sent
   it back, resumes, as Wagtail's edit view does on resubmission.

The moderators then approve or reject it in Wagtail's own workflow views;
approval publishes the latest revision (Wagtail's ``publish_workflow_state``),
that is, this draft. Nobody publishes through this module.

The draft is saved without touching the live page: wagtail-localize's
``save_target(publish=False)`` writes the translated fields to the page's row
before saving a revision, and the row of a live page is what the site serves,
so an unreviewed translation would be public at once. Instead the translated
page is built in memory (``get_ephemeral_translated_instance``, what
wagtail-localize's preview shows) and only its revision is saved, as Wagtail's
own editor does for a live page. Only a translation whose page does not exist
yet is created with ``save_target(publish=False)``: the new page is not live.

Who may submit: whoever may edit the translated page, in one of their clinics,
and reach its source; the same checks, and the same 404 for another clinic's
translation, as wagtail-localize's translation views get from
home/translation_access.py (``guard_translation``). The action is offered, in the
translation editor (templates/wagtail_localize/admin/edit_translation.html) and
in the page listing's "More" menu, to those who may not publish; a user who may
publish can still use the URL, as Wagtail lets them submit a page for
moderation.

``GET`` shows a confirmation (the "More" menu holds links), ``POST`` submits.
"""

from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import Translation, TranslationLog

from home.translation_access import as_admin_urlpatterns, guard_translation

app_name = "clinic_translation_review"

SUBMITTED = _("The %(language)s translation of '%(title)s' was sent for review.")
RESUBMITTED = _(
    "The %(language)s translation of '%(title)s' was resubmitted for review."
)
ALREADY_IN_REVIEW = _(
    "The %(language)s translation of '%(title)s' is already awaiting review."
)
NO_WORKFLOW = _(
    "'%(title)s' has no review workflow: nobody could approve the translation."
)
LOCKED = _("'%(title)s' is locked: it cannot be submitted for review now.")
ALIAS = _(
    "'%(title)s' is still an alias of the original page: translate it before "
    "submitting it for review."
)
INVALID = _("The translation could not be saved: %(errors)s")
NOT_A_PAGE = _("Only translations of pages go through review.")


def page_translation(page):
    """The enabled wagtail-localize translation whose target is ``page``, or
    None: the same lookup as wagtail-localize's ``before_edit_page`` hook, which
    opens the translation editor for it."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def target_page(translation):
    """The translated page, or None if wagtail-localize has not created it."""
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist:
        return None


def review_url(translation, next_url=None):
    url = reverse(f"{app_name}:submit", args=[translation.pk])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


def save_translation_draft(translation, user):
    """Save the translation as a draft revision of its page, leaving what is live
    as it is; return the page. Raises ValidationError for an invalid page."""
    page = target_page(translation)
    if page is None:
        # A new page, created unpublished, with its first revision.
        translation.save_target(user=user, publish=False)
        return translation.get_target_instance()
    source = translation.source
    page = source.get_ephemeral_translated_instance(
        translation.target_locale, fallback=True
    )
    # As wagtail-localize does before saving: a translated slug may be taken.
    page.slug = find_available_slug(
        page.get_parent(), slugify(page.slug), ignore_page_id=page.pk
    )
    # Page.save_revision saves the revision and only the page's revision
    # bookkeeping fields (latest revision, draft title, unpublished changes).
    revision = page.save_revision(user=user, log_action=True)
    TranslationLog.objects.create(
        source=source, locale=translation.target_locale, revision=revision
    )
    return page


def active_workflow_state(page):
    """The page's workflow in progress or sent back, read afresh: the state
    refers to the page, whose latest revision has just changed."""
    return (
        WorkflowState.objects.active()
        .for_instance(page)
        .select_related("current_task_state")
        .first()
    )


def refusal(page):
    """Why ``page`` cannot be submitted now, or None."""
    names = {"title": page.get_admin_display_title()}
    if page.alias_of_id:
        return ALIAS % names
    state = active_workflow_state(page)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return ALREADY_IN_REVIEW % {**names, "language": language(page)}
    if page.get_workflow() is None:
        return NO_WORKFLOW % names
    return None


def language(page):
    return page.locale.get_display_name()


@transaction.atomic
def submit(translation, user):
    """Save the draft and start (or resume) the page's workflow; return the
    message to show. Raises ValidationError if the draft cannot be saved."""
    page = save_translation_draft(translation, user)
    page = Page.objects.get(pk=page.pk).specific
    names = {"title": page.get_admin_display_title(), "language": language(page)}
    state = active_workflow_state(page)
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return RESUBMITTED % names
    workflow = page.get_workflow()
    if workflow is None:
        # Only a page created just now gets here (``refusal`` checks the others):
        # raising undoes its creation.
        raise ValidationError(NO_WORKFLOW % names)
    workflow.start(page, user)
    return SUBMITTED % names


def edit_url(page):
    """The page's editor (the translation editor, for a translation), or the
    dashboard when there is no page yet."""
    if page is None:
        return reverse("wagtailadmin_home")
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def translated_page_or_404(translation):
    """The translated page, None if it is still to be created; 404 for a
    translation of something other than a page (snippets have no review here)."""
    page = target_page(translation)
    if page is None:
        try:
            source = translation.source.get_source_instance()
        except ObjectDoesNotExist as error:
            raise Http404 from error
        if not isinstance(source, Page):
            raise Http404(NOT_A_PAGE)
    elif not isinstance(page, Page):
        raise Http404(NOT_A_PAGE)
    return page


def confirmation(request, translation, page, next_url):
    total, translated = translation.get_progress()
    source = translation.source.get_source_instance()
    return TemplateResponse(
        request,
        "home/admin/submit_translation_for_review.html",
        {
            "translation": translation,
            "page": page,
            "title": (page or source).get_admin_display_title(),
            "language": translation.target_locale.get_display_name(),
            "workflow": (page or source).get_workflow(),
            "total_strings": total,
            "translated_strings": translated,
            "next_url": next_url or "",
            "back_url": next_url or edit_url(page),
        },
    )


@require_http_methods(["GET", "POST"])
def submit_for_review(request, translation_id):
    # 404 unless the user may edit the translated page (or, before it exists,
    # its source) in one of their clinics: the translation editor's own check.
    guard_translation(request, translation_id)
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"),
        pk=translation_id,
    )
    page = translated_page_or_404(translation)
    next_url = get_valid_next_url_from_request(request)

    if page is not None:
        problem = refusal(page)
        if problem is None and page.permissions_for_user(request.user).page_locked():
            problem = LOCKED % {"title": page.get_admin_display_title()}
        if problem:
            messages.error(request, problem)
            return redirect(next_url or edit_url(page))

    if request.method == "GET":
        return confirmation(request, translation, page, next_url)

    try:
        message = submit(translation, request.user)
    except ValidationError as error:
        messages.error(request, INVALID % {"errors": "; ".join(error.messages)})
        return redirect(next_url or edit_url(page))
    messages.success(request, message)
    return redirect(next_url or edit_url(target_page(translation)))


def may_offer(page, user):
    """Whether to offer "Submit for review" for ``page`` to ``user``: the target
    of a translation, editable by the user but not publishable, with a review
    workflow that is not already running. Returns the translation, or None."""
    if page.alias_of_id or page.is_root():
        return None
    permissions = page.permissions_for_user(user)
    if not permissions.can_edit() or permissions.can_publish():
        return None
    translation = page_translation(page)
    if translation is None or not page.has_workflow or page.workflow_in_progress:
        return None
    return translation


def page_listing_more_buttons(page, user, next_url=None):
    """Hook ``register_page_listing_more_buttons``: "Submit translation for
    review" for a translated page that the user may edit and not publish. It
    leads to the confirmation (the menu's items are links)."""
    translation = may_offer(page, user)
    if translation is None:
        return
    state = page.current_workflow_state
    resubmit = state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
    yield Button(
        _("Resubmit translation for review")
        if resubmit
        else _("Submit translation for review"),
        review_url(translation, next_url),
        icon_name="resubmit",
        priority=61,
    )


urlpatterns = as_admin_urlpatterns(
    [
        path(
            "clinic/translations/<int:translation_id>/submit-for-review/",
            submit_for_review,
            name="submit",
        ),
    ]
)
