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
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import IntegerField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_user_display_name
from wagtail.models import Page, Site, WorkflowState, get_default_page_content_type

from home.page_scoping import scope_pages
from home.sites import site_id_for_url_path

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


def page_row(page, names, at, **extra):
    site_id = site_id_for_url_path(page.url_path)
    return PageRow(
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


def add_editor_panels(request, panels):
    """Hook ``construct_homepage_panels``. Every user gets the panels; each shows
    only when it has something to list."""
    panels.extend([SentBackPanel(), DraftsPanel(), AwaitingReviewPanel()])
