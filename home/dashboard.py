"""An editor's own work on the dashboard: their drafts, what was sent back to
them and what awaits review.

Each panel lists pages of the user's clinics only (``scope_pages``): a user may
have edited or submitted pages of a clinic they no longer belong to, and those
stay out. Superusers see their work in every clinic.

A page shows in one of these panels at most: a page in review is not also
listed as a draft. Wagtail's own "Your pages and snippets in a workflow" panel
stays (scoped in home/page_scoping.py): it also lists snippets, and pages the
user owns that someone else submitted.

The moderators' queue is Wagtail's "Awaiting your review" panel, scoped in
home/page_scoping.py; the managers' panel and the superusers' overview of every
clinic are in leads (they need the return requests, and home does not depend
on leads).

The translations panel lists what of the user's clinics waits for a Spanish
(or any other language's) version: English pages with none, and those whose
translation is behind the English page. Its rows are pages, not the user's own
work, so it is not one of the three above.
"""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name
from wagtail.models import (
    Locale,
    Page,
    Site,
    WorkflowState,
    get_default_page_content_type,
)
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import Translation, TranslationSource

from home.page_scoping import scope_pages
from home.sites import pages_in_sites, site_id_for_url_path, site_ids_for_user

# A draft: changes not yet live, or a page never published. Pages made in code
# may be live without a first publication date: those are not drafts.
UNPUBLISHED = Q(has_unpublished_changes=True) | Q(
    live=False, first_published_at__isnull=True
)


@dataclass(frozen=True)
class PageRow:
    """One line of a panel: the page, where it lives and when it happened."""

    title: str
    edit_url: str
    clinic: str
    at: datetime | None
    comment: str = ""
    reviewer: str = ""


def clinic_names():
    """Site names by id, to name each row's clinic without a query per page."""
    return {
        site.pk: site.site_name or site.hostname
        for site in Site.objects.only("site_name", "hostname")
    }


def page_row(page, names, at, row_class=PageRow, **extra):
    site_id = site_id_for_url_path(page.url_path)
    return row_class(
        title=page.get_admin_display_title(),
        edit_url=reverse("wagtailadmin_pages:edit", args=[page.pk]),
        clinic=names.get(site_id, ""),
        at=at,
        **extra,
    )


def page_workflow_states(user, status):
    """Workflow states of pages that ``user`` submitted, in ``status``, newest
    first. Snippets in a workflow are left to Wagtail's own panel."""
    return (
        WorkflowState.objects.filter(
            status=status,
            requested_by=user,
            base_content_type=get_default_page_content_type(),
        )
        .select_related("current_task_state__finished_by")
        .order_by("-current_task_state__started_at")
    )


def submitted_page_ids(user):
    """Ids of the pages ``user`` has in a running workflow, as a subquery
    (``object_id`` is text: it may name a snippet)."""
    return (
        WorkflowState.objects.active()
        .filter(requested_by=user, base_content_type=get_default_page_content_type())
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )


def states_with_pages(user, states):
    """``(state, page)`` for the states whose page the user may see."""
    states = list(states)
    pages = scope_pages(
        Page.objects.filter(pk__in=[int(state.object_id) for state in states]), user
    ).in_bulk()
    return [
        (state, pages[int(state.object_id)])
        for state in states
        if int(state.object_id) in pages
    ]


def user_drafts(user):
    """Pages of the user's clinics that they own or edited last, with changes
    not yet live (or never published), and not in review."""
    mine = Q(owner=user) | Q(latest_revision__user=user)
    pages = (
        Page.objects.filter(mine, UNPUBLISHED, depth__gt=1)
        .exclude(pk__in=submitted_page_ids(user))
        .order_by("-latest_revision_created_at", "-pk")
    )
    return scope_pages(pages, user)


class PageRowsPanel(Component):
    """A dashboard panel listing pages as ``PageRow``s; shows nothing when there
    are none, as Wagtail's own panels do."""

    template_name = "home/admin/dashboard_pages.html"
    heading = ""
    time_label = ""
    # Whether rows carry the reviewer's comment (pages sent back).
    shows_review = False

    def get_rows(self, user):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "time_label": self.time_label,
            "shows_review": self.shows_review,
            "rows": self.get_rows(parent_context["request"].user),
        }


class DraftsPanel(PageRowsPanel):
    name = "your_drafts"
    order = 200
    heading = _("Your drafts")
    time_label = _("Last edited")

    def get_rows(self, user):
        names = clinic_names()
        return [
            page_row(page, names, page.latest_revision_created_at)
            for page in user_drafts(user)
        ]


def reviewer_name(task_state):
    """Who rejected, or "" if their account is gone."""
    user = task_state.finished_by
    return get_user_display_name(user) if user else ""


class SentBackPanel(PageRowsPanel):
    """What a moderator rejected, with their comment: the editor's next task."""

    name = "sent_back_to_you"
    order = 190
    heading = _("Sent back to you")
    time_label = _("Sent back")
    shows_review = True

    def get_rows(self, user):
        names = clinic_names()
        states = page_workflow_states(user, WorkflowState.STATUS_NEEDS_CHANGES)
        return [
            page_row(
                page,
                names,
                state.current_task_state.finished_at,
                comment=state.current_task_state.get_comment(),
                reviewer=reviewer_name(state.current_task_state),
            )
            for state, page in states_with_pages(user, states)
        ]


class AwaitingReviewPanel(PageRowsPanel):
    name = "your_pages_awaiting_review"
    order = 205
    heading = _("Awaiting review")
    time_label = _("Submitted")

    def get_rows(self, user):
        names = clinic_names()
        states = page_workflow_states(user, WorkflowState.STATUS_IN_PROGRESS)
        return [
            page_row(page, names, state.current_task_state.started_at)
            for state, page in states_with_pages(user, states)
        ]


# Translations


@dataclass(frozen=True)
class TranslationRow(PageRow):
    """A page of the default language and what its version in ``language``
    needs: a first translation, or an update."""

    language: str = ""
    outdated: bool = False
    # wagtail-localize's view to act in; "" if the user may not use it.
    action_url: str = ""


# At most this many pages, most recently published first: a clinic that starts
# translating has every page to do, and the dashboard is not the place to list
# them all.
TRANSLATION_ROWS = 20


def editable_pages(user):
    """Pages the user may edit (or publish), in their own clinics only. A
    superuser's are every clinic's, not pages outside every site (Wagtail's
    first page, left behind when a clinic took its place): no clinic's."""
    pages = PagePermissionPolicy().instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    if user.is_superuser:
        return pages.filter(pk__in=pages_in_sites(site_ids_for_user(user)).values("pk"))
    return scope_pages(pages, user)


def pages_needing_translation(user, default_locale, locales):
    """Live pages of ``default_locale`` that the user may edit, with, for each
    locale of ``locales``, whether a translation exists (``translated_<id>``:
    a page of that locale, not an alias, as wagtail-localize counts them) and
    whether wagtail-localize's copy of the source is older than the page's
    last publication (``outdated_<id>``), and the id of that copy
    (``translation_source_id``). One query, whatever the number of pages.

    "Outdated" is no status wagtail-localize keeps: a translation is made from
    its TranslationSource, which is synced from the page only when someone
    submits or syncs it (``last_updated_at``); a page published since then
    has changes the translation lacks. Only enabled (synced) translations
    count: a translation whose sync was stopped is edited by hand."""
    source = TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=default_locale.pk
    )
    annotations = {"translation_source_id": Subquery(source.values("pk")[:1])}
    needs_work = Q()
    for locale in locales:
        translated = f"translated_{locale.pk}"
        outdated = f"outdated_{locale.pk}"
        annotations[translated] = Exists(
            Page.objects.filter(
                translation_key=OuterRef("translation_key"),
                locale_id=locale.pk,
                alias_of__isnull=True,
            )
        )
        annotations[outdated] = Exists(
            Translation.objects.filter(
                source__object_id=OuterRef("translation_key"),
                source__locale_id=default_locale.pk,
                source__last_updated_at__lt=OuterRef("last_published_at"),
                target_locale_id=locale.pk,
                enabled=True,
            )
        )
        needs_work |= Q(**{translated: False}) | Q(**{outdated: True})
    return (
        editable_pages(user)
        .filter(locale_id=default_locale.pk, live=True, depth__gt=1)
        .annotate(**annotations)
        .filter(needs_work)
        .order_by(F("last_published_at").desc(nulls_last=True), "-pk")
    )


def translate_url(page, locale):
    """wagtail-localize's "Translate this page", the locale ticked, back to the
    dashboard afterwards."""
    query = urlencode(
        {"select_locale": locale.language_code, "next": reverse("wagtailadmin_home")}
    )
    return (
        reverse("wagtail_localize:submit_page_translation", args=[page.pk])
        + "?"
        + query
    )


def update_url(source_id):
    """wagtail-localize's "Sync translated pages" for the page's source."""
    query = urlencode({"next": reverse("wagtailadmin_home")})
    return (
        reverse("wagtail_localize:update_translations", args=[source_id]) + "?" + query
    )


def translation_rows(user, limit=TRANSLATION_ROWS):
    """``(rows, more)``: a row per page and language needing work, and whether
    pages beyond ``limit`` were left out. A bounded number of queries."""
    default_locale = Locale.get_default()
    locales = list(Locale.objects.exclude(pk=default_locale.pk).order_by("pk"))
    if not locales:
        return [], False
    pages = list(pages_needing_translation(user, default_locale, locales)[: limit + 1])
    more = len(pages) > limit
    # wagtail-localize's submit and sync views require this permission.
    may_act = user.has_perm("wagtail_localize.submit_translation")
    names = clinic_names()
    rows = []
    for page in pages[:limit]:
        for locale in locales:
            if not getattr(page, f"translated_{locale.pk}"):
                outdated, url = False, translate_url(page, locale)
            elif getattr(page, f"outdated_{locale.pk}"):
                outdated, url = True, update_url(page.translation_source_id)
            else:
                continue
            rows.append(
                page_row(
                    page,
                    names,
                    page.last_published_at,
                    language=locale.get_display_name(),
                    outdated=outdated,
                    action_url=url if may_act else "",
                    row_class=TranslationRow,
                )
            )
    return rows, more


class TranslationsPanel(PageRowsPanel):
    """Pages of the user's clinics without a translation, or whose translation
    is behind the page, with a link to wagtail-localize's view to translate or
    update it (for those who may use it)."""

    name = "translations_to_do"
    order = 210
    heading = _("Translations to do")
    time_label = _("Published")
    template_name = "home/admin/dashboard_translations.html"

    def get_context_data(self, parent_context):
        rows, more = translation_rows(parent_context["request"].user)
        return {
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "time_label": self.time_label,
            "rows": rows,
            "more": more,
            "limit": TRANSLATION_ROWS,
        }


def add_editor_panels(request, panels):
    """Hook ``construct_homepage_panels``. Every user gets the panels; each shows
    only when it has something to list."""
    panels.extend(
        [SentBackPanel(), DraftsPanel(), AwaitingReviewPanel(), TranslationsPanel()]
    )
