"""The superusers' overview of every clinic on the dashboard: its pages, its
return requests and how their delivery is doing, one row per clinic.

It lives in leads, not home, because it is the one panel that needs both the
pages and the return requests: leads may use home (pages of a site:
``home.sites.pages_in_site``), home does not use leads. A clinic overview in
home with a hook for leads to add its columns would be machinery for a single
user of it.

Only superusers see it: everyone else sees their own clinics' figures in their
own panels (LeadsPanel for return requests, the page panels of home.dashboard).
"""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.models import Site, WorkflowState, get_default_page_content_type

from home.dashboard import UNPUBLISHED
from home.sites import pages_in_site
from leads.health import delivery_health
from leads.models import Lead

# What a clinic's delivery status (``DeliveryHealth.status``) says in the table.
HEALTH_LABELS = {
    "": _("OK"),
    "info": _("Sending"),
    "warning": _("At risk"),
    "critical": _("Delayed"),
}


@dataclass(frozen=True)
class ClinicRow:
    site: Site
    explore_url: str
    live: int
    drafts: int
    in_review: int
    new: int
    quarantined: int
    failed: int
    health_status: str
    health_label: str
    health_reason: str


def page_counts(site_id):
    """Live pages, drafts (as an editor's "Your drafts" counts them) and pages
    in review, in every language of the clinic."""
    pages = pages_in_site(site_id)
    in_review = (
        WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=get_default_page_content_type(),
        )
        .annotate(page_id=Cast("object_id", IntegerField()))
        .filter(page_id__in=pages.values("pk"))
    )
    return {
        "live": pages.filter(live=True).count(),
        "drafts": pages.filter(UNPUBLISHED).count(),
        "in_review": in_review.count(),
    }


def lead_counts(site_ids):
    """New, quarantined and failed return requests by site id, as the managers'
    LeadsPanel counts them."""
    counts = (
        Lead.objects.filter(site_id__in=site_ids)
        .values("site_id")
        .annotate(
            new=Count("pk", filter=Q(status=Lead.Status.NEW)),
            quarantined=Count("pk", filter=Q(quarantined=True)),
            failed=Count("pk", filter=Q(delivery=Lead.Delivery.FAILED)),
        )
    )
    return {row.pop("site_id"): row for row in counts}


def clinic_row(site, leads):
    """One clinic's line. Delivery health is asked per clinic: the worker and
    the mail server are shared, the waiting requests are not."""
    health = delivery_health([site.pk])
    return ClinicRow(
        site=site,
        explore_url=reverse("wagtailadmin_explore", args=[site.root_page_id]),
        **page_counts(site.pk),
        **(leads or {"new": 0, "quarantined": 0, "failed": 0}),
        health_status=health.status,
        health_label=HEALTH_LABELS.get(health.status, health.status),
        health_reason=health.reason,
    )


def clinic_rows():
    sites = list(Site.objects.order_by("site_name", "hostname"))
    leads = lead_counts([site.pk for site in sites])
    return [clinic_row(site, leads.get(site.pk)) for site in sites]


class ClinicsOverviewPanel(Component):
    """Every clinic at a glance, for superusers."""

    name = "every_clinic"
    order = 40
    template_name = "leads/admin/clinics_overview.html"

    def get_context_data(self, parent_context):
        return {"rows": clinic_rows(), "index_url": reverse("leads:index")}


def add_clinics_overview(request, panels):
    """Hook ``construct_homepage_panels``: superusers only."""
    if request.user.is_superuser:
        panels.append(ClinicsOverviewPanel())
