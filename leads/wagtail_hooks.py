from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.admin_url_finder import register_admin_url_finder
from wagtail.admin.ui.components import Component
from wagtail.contrib.settings.registry import (
    SettingMenuItem,
    SiteSettingAdminURLFinder,
)
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Site
from wagtail.permissions import register_permission_policy

from leads.bulk_actions import (
    ReleaseBulkAction,
    ResendBulkAction,
    SetStatusBulkAction,
)
from leads.health import delivery_health
from leads.models import Lead, LeadSettings
from leads.permissions import ANY, lead_permission_policy
from leads.routing import LeadSettingsEdit
from leads.site_permissions import lead_site_permission_forms
from leads.viewsets import lead_viewset

register_permission_policy(Lead, lead_permission_policy)


def register_superuser_setting(model, icon):
    """What ``register_setting`` does, less the group permission panel and the
    object permissions it adds to Settings → Groups: nobody but a superuser may
    hold this setting (see home.permissions.SuperuserOnlyPolicy)."""
    settings_registry.append(model)
    settings_registry._model_icons[model] = icon
    register_permission_policy(model, model.get_permission_policy())
    register_admin_url_finder(
        model,
        type(
            f"{model.__name__}URLFinder", (SiteSettingAdminURLFinder,), {"model": model}
        ),
    )
    hooks.register(
        "register_settings_menu_item", lambda: SettingMenuItem(model, icon=icon)
    )


register_superuser_setting(LeadSettings, icon="mail")


@hooks.register("register_actions")
def register_lead_settings_edit(registry):
    registry.register(LeadSettings, LeadSettingsEdit)


@hooks.register("register_admin_viewset")
def register_lead_viewset():
    return lead_viewset


for action in (SetStatusBulkAction, ReleaseBulkAction, ResendBulkAction):
    hooks.register("register_bulk_action", action)


for form_class in lead_site_permission_forms():
    hooks.register("register_group_permission_panel", lambda cls=form_class: cls)


@hooks.register("register_clinic_team_permissions")
def lead_team_permissions():
    """Return requests of the team's own clinic (see home.teams): moderators
    see them, managers handle, export and delete them."""
    return {
        "moderators": ["leads.view_lead"],
        "managers": [
            "leads.view_lead",
            "leads.change_lead",
            "leads.export_lead",
            "leads.delete_lead",
        ],
    }


@hooks.register("register_log_actions")
def register_lead_log_actions(actions):
    actions.register_action(
        "leads.view", _("View return request"), _("Return request viewed")
    )
    actions.register_action(
        "leads.export", _("Export return requests"), _("Return request exported")
    )
    actions.register_action(
        "leads.status", _("Change status"), _("Return request status changed")
    )
    actions.register_action(
        "leads.release",
        _("Release from quarantine"),
        _("Return request released from quarantine"),
    )
    actions.register_action(
        "leads.resend",
        _("Resend notification"),
        _("Return request notification resent"),
    )


class LeadsPanel(Component):
    """New, quarantined and failed return requests per clinic the user handles,
    and the delivery health of those clinics."""

    name = "return_requests"
    order = 50
    template_name = "leads/admin/dashboard_panel.html"

    def __init__(self, rows, health):
        self.rows = rows
        self.health = health

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows,
            "health": self.health,
            "index_url": reverse("leads:index"),
        }


def dashboard_rows(site_ids):
    counts = (
        Site.objects.filter(pk__in=site_ids)
        .annotate(
            new=Count("leads", filter=Q(leads__status=Lead.Status.NEW)),
            quarantined=Count("leads", filter=Q(leads__quarantined=True)),
            failed=Count("leads", filter=Q(leads__delivery=Lead.Delivery.FAILED)),
        )
        .order_by("site_name")
    )
    return list(counts)


@hooks.register("construct_homepage_panels")
def add_leads_panel(request, panels):
    if lead_permission_policy.user_has_any_permission(request.user, ANY):
        site_ids = lead_permission_policy.site_ids(request.user, ANY)
        panels.append(LeadsPanel(dashboard_rows(site_ids), delivery_health(site_ids)))


# ---------------------------------------------------------------------------
# Dashboard: every clinic's pages, return requests and delivery health, for
# superusers (leads/dashboard.py).
# ---------------------------------------------------------------------------

from leads import dashboard  # noqa: E402

hooks.register("construct_homepage_panels", dashboard.add_clinics_overview)
