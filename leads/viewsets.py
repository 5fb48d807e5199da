"""Return requests in the Wagtail admin: listing, details, status and notes,
export, quarantine release and resend, each limited to the clinics a user's
groups grant (leads.permissions) and written to the audit log."""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Site

import django_filters

from leads import delivery
from leads.models import Lead
from leads.permissions import lead_permission_policy

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

    class Meta:
        model = Lead
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if request is not None:
            self.filters[
                "site"
            ].queryset = lead_permission_policy.sites_user_has_any_permission_for(
                request.user, ["view", "change", "delete", "export"]
            ).order_by("site_name")


class LeadIndexView(generic.IndexView):
    any_permission_required = ["view", "change", "delete", "export"]
    template_name = "leads/admin/index.html"

    def get_base_queryset(self):
        actions = ["export"] if self.is_export else self.any_permission_required
        return lead_permission_policy.leads_for(
            self.request.user, actions
        ).select_related("site")

    def user_has_permission(self, permission):
        return permission != "add" and super().user_has_permission(permission)

    @property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="lead"),
            *super().columns,
        ]

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
    """Single-lead views see only leads of the user's sites: others are 404."""

    scope_actions = ["view", "change", "delete", "export"]

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
    """The lead's details; staff change its status and notes. Viewing it is
    logged, as it shows personal data."""

    permission_required = None
    any_permission_required = ["view", "change"]

    def user_has_permission(self, permission):
        return lead_permission_policy.user_has_permission(self.request.user, permission)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        log(self.object, "leads.view", user=request.user)
        return response

    def post(self, request, *args, **kwargs):
        if not lead_permission_policy.user_has_permission_for_instance(
            request.user, "change", self.get_object()
        ):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

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
        context = super().get_context_data(**kwargs)
        user, lead = self.request.user, self.object
        can_change = lead_permission_policy.user_has_permission_for_instance(
            user, "change", lead
        )
        context["can_change"] = can_change
        context["lead"] = lead
        return context


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
        return lead_permission_policy.leads_for(self.request.user)


class LeadHistoryView(LeadObjectScopedMixin, generic.HistoryView):
    pass


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
        "created_at",
        "status",
        "verification",
        "quarantined",
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


def mark_status(leads, status, user):
    """Set the status of several leads; log each change."""
    with transaction.atomic():
        changed = [lead for lead in leads if lead.status != status]
        for lead in changed:
            previous = lead.status
            lead.status = status
            lead.save(update_fields=["status"])
            log(lead, "leads.status", user=user, data={"from": previous, "to": status})
    return changed
