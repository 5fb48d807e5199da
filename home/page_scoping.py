"""Other clinics' pages stay out of the admin's choosers, listings and reports.

Wagtail checks page permissions before editing a page, but several views that
only show pages do not: the page chooser lists the whole tree, the page types
usage report names the last edited page of every type, the explorer shows the
title of any page below the user's explorable root (the tree root, once a
clinic has a Spanish tree beside its English one). Here those views show a
non-superuser only the pages of their own clinics (``pages_for_user``, in every
language), and refuse another clinic's page. Superusers see everything.

home/wagtail_hooks.py registers all of it. The chooser views and the page types
report answer Wagtail's URL names at paths of their own (hooks cannot take over
Wagtail's paths); cms/urls.py mounts ``wagtail_path_overrides`` in front of the
admin, so that Wagtail's views at their own paths are scoped too.

Views Wagtail already limits to the pages a user holds permissions on (aging
pages, locked pages, site history, workflow reports, a page's history and
usage) are left as they are: those permissions never reach beyond the user's
clinics.
"""

import copy

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.urls import include, path, reverse
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.views import chooser
from wagtail.admin.views.home import (
    LockedPagesPanel,
    RecentEditsPanel,
    UserObjectsInWorkflowModerationPanel,
    WorkflowObjectsToModeratePanel,
)
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.pages.listing import ExplorableIndexView, GenericPageFilterSet
from wagtail.admin.views.pages.search import SearchView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.reports.page_types_usage import (
    PageTypesUsageReportFilterSet,
    PageTypesUsageReportView,
)
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageLogEntry, Site
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.utils.urlpatterns import decorate_urlpatterns

from home.sites import clinic_site_ids_for_user, pages_for_user

# The report replacing Wagtail's page types usage report.
PAGE_TYPES_REPORT = "clinic_reports:page_types_usage"


# What a user may see


def scope_pages(pages, user):
    """``pages`` without other clinics' pages. Unchanged for superusers.

    Filters by primary key, as Wagtail's own listings do, so that the result can
    still go through the search backend.
    """
    if user.is_superuser:
        return pages
    return pages.filter(pk__in=pages_for_user(user).values("pk"))


def may_see_page(user, page_id):
    """Whether ``user`` may see the page ``page_id`` (a missing page: no).

    The tree root belongs to no clinic: it is where choosers start.
    """
    if user.is_superuser:
        return True
    visible = Q(depth=1) | Q(pk__in=pages_for_user(user).values("pk"))
    return Page.objects.filter(visible, pk=page_id).exists()


def visible_items(user, items, page_of):
    """The items whose page (``page_of(item)``) the user may see; items about
    something other than a page (a snippet in a workflow) are kept."""
    items = list(items)
    if user.is_superuser:
        return items
    page_ids = [page_of(item).pk for item in items if isinstance(page_of(item), Page)]
    visible = set(
        scope_pages(Page.objects.filter(pk__in=page_ids), user).values_list(
            "pk", flat=True
        )
    )
    return [
        item
        for item in items
        if not isinstance(page_of(item), Page) or page_of(item).pk in visible
    ]


# Page chooser


def scope_page_chooser(pages, request):
    """Hook ``construct_page_chooser_queryset``: the chooser's pages, browsed or
    searched, without other clinics' pages.

    The chooser shows the page it browses above its children, title and all.
    This hook runs in every page chooser view, Wagtail's own at its original URL
    included, so it refuses another clinic's page there.
    """
    match = request.resolver_match
    parent_page_id = match.kwargs.get("parent_page_id") if match else None
    if parent_page_id is not None and not may_see_page(request.user, parent_page_id):
        raise Http404
    return scope_pages(pages, request.user)


def chooser_start_page_id(request):
    """Where the chooser opens when no page is given: the first common ancestor of
    the user's own pages of the wanted types, or None to leave it to Wagtail.

    Wagtail opens on the common ancestor of every such page, in any clinic: when
    only another clinic has them, one of its pages, whose title it shows.
    """
    page_type = request.GET.get("page_type") or chooser.base_page_type_string
    try:
        page_models = chooser.page_models_from_string(page_type)
    except (ValueError, LookupError):
        return None  # Wagtail answers 404
    if page_models == (Page,):
        return None  # the root, as Wagtail does
    own_pages = scope_pages(Page.objects.type(*page_models), request.user)
    return own_pages.first_common_ancestor().pk


class ScopedBrowseView(chooser.BrowseView):
    """Wagtail's page chooser, opening among the user's own pages."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is None and not request.user.is_superuser:
            parent_page_id = chooser_start_page_id(request)
        return super().get(request, parent_page_id)


class ScopedChosenMultipleView(chooser.ChosenMultipleView):
    """Refuses to describe (title, URL) pages of other clinics by their ids."""

    def get(self, request):
        ids = set(request.GET.getlist("id"))
        try:
            found = scope_pages(Page.objects.filter(pk__in=ids), request.user).count()
        except ValueError as error:
            raise Http404 from error
        if found != len(ids):
            raise Http404
        return super().get(request)


# Explorer, admin search and the pages of one type


def scope_explorer_pages(parent_page, pages, request):
    """Hook ``construct_explorer_page_queryset``: the explorer's listing, and the
    sidebar's page explorer, without other clinics' pages."""
    return scope_pages(pages, request.user)


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions, with explorable pages kept to the user's
    clinics: the admin search and the listings of one page type list the
    explorable pages, which include the ancestors of the user's pages.

    Their searches filter by it only while WAGTAILADMIN_PAGE_SEARCH_FILTER_BY_
    PERMISSIONS is True, Wagtail's default, which this project keeps.
    """

    def explorable_instances(self, user):
        return scope_pages(super().explorable_instances(user), user)


scoped_page_permission_policy = ScopedPagePermissionPolicy()


class ScopedPageFilterSet(GenericPageFilterSet):
    """The explorer's filters, offering only the user's own sites, and only the
    owners and editors of their own pages (not every clinic's names)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request else None
        if user is None or user.is_superuser:
            return
        own_pages = pages_for_user(user)
        choices = {
            "site": Site.objects.filter(pk__in=clinic_site_ids_for_user(user)),
            "owner": get_user_model().objects.filter(
                pk__in=own_pages.values("owner_id")
            ),
            "edited_by": get_user_model().objects.filter(
                pk__in=PageLogEntry.objects.filter(
                    action="wagtail.edit", page_id__in=own_pages.values("pk")
                ).values("user_id")
            ),
        }
        for name, queryset in choices.items():
            if name in self.filters:
                self.filters[name].queryset = queryset


class ScopedExplorableIndexView(ExplorableIndexView):
    """Refuses to explore another clinic's page.

    Wagtail lets a user explore any page below their explorable root, which is
    the tree root once their clinic has a Spanish tree: the listing of another
    clinic's page is empty (see ``scope_explorer_pages``), but its header would
    still show the page's title, status and translations.
    """

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None and not may_see_page(
            request.user, parent_page_id
        ):
            raise PermissionDenied
        return super().get(request, parent_page_id)


class ScopedSearchView(SearchView):
    """The admin's page search, over the user's own clinics only."""

    permission_policy = scoped_page_permission_policy


class ScopedContentTypeUseView(ContentTypeUseView):
    """The pages of one type (linked from the page types usage report), of the
    user's own clinics only; its breadcrumb leads back to our report."""

    permission_policy = scoped_page_permission_policy

    def get_breadcrumbs_items(self):
        wagtail_report = reverse("wagtailadmin_reports:page_types_usage")
        return [
            {**item, "url": reverse(PAGE_TYPES_REPORT)}
            if item.get("url") == wagtail_report
            else item
            for item in super().get_breadcrumbs_items()
        ]


class ScopedPageViewSet(PageViewSet):
    """The views of every page type (registered for the base Page model, it
    replaces Wagtail's default page viewset at the same URLs)."""

    index_view_class = ScopedExplorableIndexView
    search_view_class = ScopedSearchView
    content_type_use_view_class = ScopedContentTypeUseView
    filterset_class = ScopedPageFilterSet


page_viewset = ScopedPageViewSet()


# Page types usage report


def annotate_page_type_usage(content_types, pages, language_code, site_root_path):
    """Wagtail's page types usage figures (how many pages of each type, and the
    last edited one), counted over ``pages`` only."""
    if language_code:
        pages = pages.filter(locale__language_code=language_code)
    if site_root_path:
        pages = pages.filter(path__startswith=site_root_path)
    last_edited = pages.filter(content_type=OuterRef("pk")).order_by(
        F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
    )
    return content_types.annotate(
        count=Count("pages", filter=Q(pages__in=pages.values("pk"))),
        last_edited_page_id=Subquery(last_edited.values("pk")[:1]),
    )


class ScopedPageTypesUsageReportFilterSet(PageTypesUsageReportFilterSet):
    """Offers only the user's own sites to filter by (none if they have one)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.request.user if self.request else None
        if user is None or user.is_superuser or "site" not in self.filters:
            return
        own_site_ids = clinic_site_ids_for_user(user)
        own_sites = [site for pk, site in self.sites.items() if pk in own_site_ids]
        if len(own_sites) < 2:
            del self.filters["site"]
            return
        self.filters["site"].extra["choices"] = [
            (site.root_page.path, str(site)) for site in own_sites
        ]


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """The page types usage report, counting and naming the user's own pages only."""

    filterset_class = ScopedPageTypesUsageReportFilterSet
    index_url_name = PAGE_TYPES_REPORT
    index_results_url_name = "clinic_reports:page_types_usage_results"

    def get_queryset(self):
        user = self.request.user
        if user.is_superuser:
            return super().get_queryset()
        pages = scope_pages(Page.objects.all(), user)
        queryset = ContentType.objects.filter(model__in=self.page_models)
        page_content_type = ContentType.objects.get_for_model(Page)
        if not pages.filter(content_type=page_content_type).exists():
            queryset = queryset.exclude(pk=page_content_type.pk)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        cleaned_data = self.filters.form.cleaned_data if self.filters else {}
        queryset = annotate_page_type_usage(
            queryset, pages, cleaned_data.get("page_locale"), cleaned_data.get("site")
        )
        return queryset.order_by("-count", "app_label", "model")


def use_scoped_page_types_report(request, menu_items):
    """Hook ``construct_reports_menu``: the menu's page types usage item leads to
    our report. Menu items are shared between requests: the item is copied."""
    for index, item in enumerate(menu_items):
        if item.name == "page-types-usage":
            item = copy.copy(item)
            item.url = reverse(PAGE_TYPES_REPORT)
            menu_items[index] = item


# Dashboard


class ScopedWorkflowObjectsToModeratePanel(WorkflowObjectsToModeratePanel):
    """A reviewer's tasks, on their own clinics' pages only: a task's group may
    review in every clinic a workflow covers."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        user = parent_context["request"].user
        context["states"] = visible_items(user, context["states"], lambda s: s["obj"])
        return context


class ScopedUserObjectsInWorkflowModerationPanel(UserObjectsInWorkflowModerationPanel):
    """The user's pages in moderation, of the clinics they still edit."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["workflow_states"] = visible_items(
            parent_context["request"].user,
            context["workflow_states"],
            lambda state: state.content_object,
        )
        return context


class ScopedRecentEditsPanel(RecentEditsPanel):
    """The user's last edits, on pages of the clinics they still edit."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["last_edits"] = visible_items(
            parent_context["request"].user, context["last_edits"], lambda e: e[1]
        )
        return context


class ScopedLockedPagesPanel(LockedPagesPanel):
    """The pages the user locked, in the clinics they still edit."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["locked_pages"] = scope_pages(
            context["locked_pages"], parent_context["request"].user
        )
        return context


SCOPED_PANELS = {
    WorkflowObjectsToModeratePanel: ScopedWorkflowObjectsToModeratePanel,
    UserObjectsInWorkflowModerationPanel: ScopedUserObjectsInWorkflowModerationPanel,
    RecentEditsPanel: ScopedRecentEditsPanel,
    LockedPagesPanel: ScopedLockedPagesPanel,
}


def scope_homepage_panels(request, panels):
    """Hook ``construct_homepage_panels``: Wagtail's page panels, scoped."""
    for index, panel in enumerate(panels):
        scoped_class = SCOPED_PANELS.get(type(panel))
        if scoped_class:
            panels[index] = scoped_class()


class ScopedPagesSummaryItem(PagesSummaryItem):
    """The dashboard's page count, of the user's own clinics: Wagtail counts every
    page below the user's explorable root, the whole tree once their clinic has
    a Spanish tree."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        if not self.request.user.is_superuser:
            context["total_pages"] = pages_for_user(self.request.user).count()
        return context


def scope_summary_items(request, summary_items):
    """Hook ``construct_homepage_summary_items`` (registered after Wagtail's own,
    which adds the page count)."""
    for index, item in enumerate(summary_items):
        if type(item) is PagesSummaryItem:
            summary_items[index] = ScopedPagesSummaryItem(request)


# Bulk actions


def scoped_page_bulk_action(action_class):
    """A page bulk action that leaves other clinics' pages out.

    Wagtail lists the pages a user may not act on, by title, on the confirmation
    page: any page id in the URL would show its title. Register with
    ``order=1`` so that it replaces Wagtail's own (registered at order 0).
    """

    def get_queryset(self, model, object_ids):
        pages = scope_pages(model.objects.all(), self.request.user)
        return get_list_or_404(pages, pk__in=object_ids)

    return type(
        f"Scoped{action_class.__name__}",
        (action_class,),
        {"get_queryset": get_queryset, "__module__": __name__},
    )


SCOPED_PAGE_BULK_ACTIONS = [
    scoped_page_bulk_action(action_class)
    for action_class in (
        DeleteBulkAction,
        MoveBulkAction,
        PublishBulkAction,
        UnpublishBulkAction,
    )
]


# URLs


def admin_urls():
    """Hook ``register_admin_urls``: our chooser views under Wagtail's URL names
    (the last URL of a name is the one ``reverse`` gives, and Wagtail's come
    first), and our page types usage report."""
    chooser_urls = [
        path(
            "",
            ScopedBrowseView.as_view(),
            name="wagtailadmin_choose_page",
        ),
        path(
            "<int:parent_page_id>/",
            ScopedBrowseView.as_view(),
            name="wagtailadmin_choose_page_child",
        ),
        path(
            "chosen-multiple/",
            ScopedChosenMultipleView.as_view(),
            name="wagtailadmin_choose_page_chosen_multiple",
        ),
    ]
    report_urls = [
        path(
            "page-types-usage/",
            ScopedPageTypesUsageReportView.as_view(),
            name="page_types_usage",
        ),
        path(
            "page-types-usage/results/",
            ScopedPageTypesUsageReportView.as_view(results_only=True),
            name="page_types_usage_results",
        ),
    ]
    return [
        path("clinic/choose-page/", include(chooser_urls)),
        path("clinic/reports/", include((report_urls, "clinic_reports"))),
    ]


def wagtail_path_overrides():
    """Our chooser and report views at Wagtail's own admin paths, for cms/urls.py
    to mount ahead of Wagtail's admin: ``path("admin/", include(...))`` before
    ``path("admin/", include(wagtailadmin_urls))``.

    Django serves the first URL that matches, and Wagtail adds the hooked URLs
    after its own: without these, its unscoped views would stay reachable at
    their paths, by hand. Wagtail's admin access check and caching come with
    them.
    """
    patterns = [
        path("choose-page/", ScopedBrowseView.as_view()),
        path("choose-page/<int:parent_page_id>/", ScopedBrowseView.as_view()),
        path("choose-page/chosen-multiple/", ScopedChosenMultipleView.as_view()),
        path(
            "reports/page-types-usage/",
            ScopedPageTypesUsageReportView.as_view(),
        ),
        path(
            "reports/page-types-usage/results/",
            ScopedPageTypesUsageReportView.as_view(results_only=True),
        ),
    ]
    patterns = decorate_urlpatterns(patterns, require_admin_access)
    return decorate_urlpatterns(patterns, never_cache)
