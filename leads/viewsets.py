"""Return requests in the Wagtail admin: listing, details, status and notes,
export, quarantine release and resend, each limited to the clinics a user's
groups grant (leads.permissions) and written to the audit log."""

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

import django_filters

from leads import delivery
from leads.health import delivery_health
from leads.models import Lead
from leads.permissions import ANY, DETAILS, lead_permission_policy

# Cells that a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def log_leads(leads, action, user, data=None):
    """One audit-log entry per lead, in one query. Labels are ``str(lead)``,
    which carries no personal data."""
    content_type = ContentType.objects.get_for_model(Lead, for_concrete_model=False)
    now = timezone.now()
    ModelLogEntry.objects.bulk_create(
        ModelLogEntry(
            content_type=content_type,
            label=str(lead),
            action=action,
            user=user,
            object_id=str(lead.pk),
            timestamp=now,
            data=data or {},
        )
        for lead in leads
    )


class LeadFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label=_("Clinic site"), queryset=Site.objects.all()
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Lead.Status.choices)
    verification = django_filters.ChoiceFilter(
        label=_("Verification"), choices=Lead.Verification.choices
    )
    quarantined = django_filters.BooleanFilter(label=_("In quarantine"))
    delivery = django_filters.ChoiceFilter(
        label=_("Delivery"), choices=Lead.Delivery.choices
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Received"), widget=DateRangePickerWidget
    )
    language_code = django_filters.ChoiceFilter(
        label=_("Language"), choices=settings.LANGUAGES
    )

    class Meta:
        model = Lead
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters[
                "site"
            ].queryset = lead_permission_policy.sites_user_has_any_permission_for(
                request.user, ANY
            ).order_by("site_name")


class LeadIndexView(generic.IndexView):
    any_permission_required = ANY
    template_name = "leads/admin/index.html"

    def get_base_queryset(self):
        actions = ["export"] if self.is_export else self.any_permission_required
        return lead_permission_policy.leads_for(
            self.request.user, actions
        ).select_related("site")

    def user_has_permission(self, permission):
        return permission != "add" and super().user_has_permission(permission)

    def search_queryset(self, queryset):
        queryset = super().search_queryset(queryset)
        if self.is_searching:
            # The search looks in personal data: only where the user may read it.
            readable = lead_permission_policy.site_ids(
                self.request.user, [*DETAILS, "export"]
            )
            queryset = queryset.filter(site_id__in=readable)
        return queryset

    @cached_property
    def delivery_health(self):
        return delivery_health(
            lead_permission_policy.site_ids(
                self.request.user, self.any_permission_required
            )
        )

    @cached_property
    def detail_site_ids(self):
        return lead_permission_policy.site_ids(self.request.user, DETAILS)

    def get_edit_url(self, instance):
        """The row's link to its details: for the sites where the user may see
        or handle requests (Wagtail's would ask for "change" on any site)."""
        if instance.site_id in self.detail_site_ids:
            return reverse(self.edit_url_name, args=[instance.pk])
        return None

    @property
    def columns(self):
        """Wagtail's columns, with what staff need to act after the request's
        number: first name, contact method and preferred time, only where the
        user may read the clinic's requests (export or delete alone shows
        numbers and statuses)."""
        number, *others = super().columns
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="lead"),
            number,
            self.personal("first_name", _("First name"), lambda lead: lead.first_name),
            self.personal(
                "contact_method",
                _("Contact by"),
                lambda lead: lead.get_contact_method_display(),
            ),
            self.personal(
                "contact_time",
                _("Preferred time"),
                lambda lead: lead.get_contact_time_display(),
            ),
            *others,
        ]

    def personal(self, name, label, value):
        readable = self.detail_site_ids
        return Column(
            name,
            label=label,
            accessor=lambda lead: value(lead) if lead.site_id in readable else "—",
        )

    def render_to_response(self, context, **response_kwargs):
        if self.is_export:
            if not lead_permission_policy.user_has_permission(
                self.request.user, "export"
            ):
                raise PermissionDenied
            leads = list(context["object_list"])
            log_leads(
                leads,
                "leads.export",
                self.request.user,
                {"format": self.request.GET.get("export")},
            )
            return self.as_spreadsheet(leads, self.request.GET.get("export"))
        return super().render_to_response(context, **response_kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        return super().as_spreadsheet(_ListAsQuerySet(queryset), spreadsheet_format)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: formula_safe(
                    self.preprocess_field_value(field, value, self.FORMAT_CSV)
                )
                for field, value in row_dict.items()
            }
        )

    @property
    def show_export_buttons(self):
        return lead_permission_policy.user_has_permission(self.request.user, "export")


class _ListAsQuerySet(list):
    """Exported rows already fetched (and logged), with the model the heading
    lookup asks for."""

    model = Lead


class LeadScopedMixin:
    """Single-lead views see only leads of the sites where the user has one of
    ``scope_actions``: others are 404."""

    scope_actions = DETAILS

    def get_queryset(self):
        return lead_permission_policy.leads_for(
            self.request.user, self.scope_actions
        ).select_related("site", "page")


class LeadDetailsPanel(Panel):
    """What the visitor sent, read-only."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "leads/admin/details_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["lead"] = self.instance
            context["can_change"] = (
                lead_permission_policy.user_has_permission_for_instance(
                    self.request.user, "change", self.instance
                )
            )
            return context


class LeadEditView(LeadScopedMixin, generic.EditView):
    """The lead's details; staff who may handle it change its status and notes,
    staff who may only see it get the same page read-only. Viewing it is logged,
    as it shows personal data."""

    permission_required = None
    any_permission_required = DETAILS
    template_name = "leads/admin/edit.html"

    def user_has_permission(self, permission):
        return lead_permission_policy.user_has_permission(self.request.user, permission)

    @cached_property
    def can_change(self):
        return lead_permission_policy.user_has_permission_for_instance(
            self.request.user, "change", self.object
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "leads.view", user=request.user)
        return response

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        if not self.can_change:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.disabled = field.disabled or not self.can_change
        return form

    def save_instance(self):
        previous = Lead.objects.values_list("status", flat=True).get(pk=self.object.pk)
        instance = super().save_instance()
        if instance.status != previous:
            log(
                instance,
                "leads.status",
                user=self.request.user,
                data={"from": previous, "to": instance.status},
            )
        return instance

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_change": self.can_change,
            "lead": self.object,
        }


class LeadDeleteView(LeadScopedMixin, generic.DeleteView):
    scope_actions = ["delete"]


class LeadActionView(LeadScopedMixin, View):
    """POST-only: release one lead from quarantine, or resend its notification."""

    scope_actions = ["change"]
    action = None  # "release" or "resend"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        lead = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        done = ACTIONS[self.action]([lead.pk])
        if done:
            log(lead, f"leads.{self.action}", user=request.user)
            messages.success(request, ACTION_MESSAGES[self.action] % {"lead": lead})
        else:
            messages.warning(request, NOTHING_TO_DO[self.action] % {"lead": lead})
        return redirect("leads:edit", lead.pk)


ACTIONS = {"release": delivery.release, "resend": delivery.resend}
ACTION_MESSAGES = {
    "release": _("%(lead)s was released and its notification queued."),
    "resend": _("%(lead)s: its notification was queued again."),
}
NOTHING_TO_DO = {
    "release": _("%(lead)s is not in quarantine."),
    "resend": _("%(lead)s has no failed delivery to resend."),
}


class NoAddView(View):
    """Return requests come from visitors only; nobody adds one by hand."""

    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class LeadObjectScopedMixin:
    def get_base_object_queryset(self):
        return lead_permission_policy.leads_for(self.request.user, DETAILS)


class LeadHistoryView(LeadObjectScopedMixin, generic.HistoryView):
    # Wagtail's asks for add, change or delete; whoever sees a lead sees its log.
    any_permission_required = DETAILS


class LeadUsageView(LeadObjectScopedMixin, generic.UsageView):
    pass


class LeadViewSet(ModelViewSet):
    model = Lead
    icon = "mail"
    menu_label = _("Return requests")
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "leads"
    name = "leads"
    copy_view_enabled = False
    inspect_view_enabled = False

    index_view_class = LeadIndexView
    edit_view_class = LeadEditView
    delete_view_class = LeadDeleteView
    history_view_class = LeadHistoryView
    usage_view_class = LeadUsageView
    filterset_class = LeadFilterSet
    list_display = [
        "__str__",
        "site",
        DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        "status",
        "verification",
        Column(
            "quarantined",
            label=_("Quarantine"),
            accessor=lambda lead: _("Held") if lead.quarantined else "",
            sort_key="quarantined",
        ),
        "delivery",
    ]
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["name", "email", "phone"]
    search_backend_name = None  # the database, not a search index
    list_export = [
        "id",
        "site",
        "created_at",
        "status",
        "verification",
        "quarantined",
        "spam_signals",
        "delivery",
        "name",
        "phone",
        "email",
        "contact_method",
        "contact_time",
        "returning_client",
        "message",
        "language_code",
        "source_url",
        "staff_notes",
    ]
    export_filename = "return-requests"
    edit_handler = ObjectList(
        [
            LeadDetailsPanel(heading=_("Request")),
            FieldPanel("status"),
            FieldPanel("staff_notes"),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),  # the first one is the menu's
            path(
                "release/<int:pk>/",
                LeadActionView.as_view(action="release"),
                name="release",
            ),
            path(
                "resend/<int:pk>/",
                LeadActionView.as_view(action="resend"),
                name="resend",
            ),
        ]

    @property
    def add_view(self):
        return NoAddView.as_view()


lead_viewset = LeadViewSet()


def listing_queryset(request):
    """The leads the listing shows for ``request``: the user's sites, with the
    filters and search of its query string, found by the listing view itself."""
    view = lead_viewset.index_view
    listing = view.view_class(**view.view_initkwargs)
    listing.setup(request)
    return listing.get_queryset()
