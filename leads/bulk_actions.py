"""Acting on several return requests from the listing: set a status, release
from quarantine, resend failed notifications. Only leads of the user's sites are
acted on; each change is written to the audit log."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin.views.bulk_action import BulkAction
from wagtail.log_actions import log

from leads.models import Lead
from leads.permissions import lead_permission_policy
from leads.viewsets import ACTIONS, listing_queryset


class LeadBulkAction(BulkAction):
    models = [Lead]
    template_name = "leads/admin/bulk_confirm.html"
    permission_action = "change"

    def get_queryset(self, model, object_ids):
        # Leads of other clinics are left out, not listed as refused.
        return lead_permission_policy.leads_for(
            self.request.user, [self.permission_action]
        ).filter(pk__in=object_ids)

    def get_all_objects_in_listing_query(self, parent_id):
        """ "Select all in listing": the leads the listing shows with the filters
        and search it was opened with (its query string comes along), as the
        listing's own view finds them."""
        return listing_queryset(self.request).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self}

    def get_execution_context(self):
        return {"user": self.request.user}


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Lead.Status.choices)


class SetStatusBulkAction(LeadBulkAction):
    display_name = _("Set status")
    action_type = "set_status"
    aria_label = _("Set the status of the selected return requests")
    action_priority = 10
    form_class = StatusForm

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "status": self.cleaned_form.cleaned_data["status"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, status=None, **kwargs):
        changed = 0
        for lead in objects:
            if lead.status == status:
                continue
            previous, lead.status = lead.status, status
            lead.save(update_fields=["status"])
            log(lead, "leads.status", user=user, data={"from": previous, "to": status})
            changed += 1
        return changed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d return request changed status.",
            "%(count)d return requests changed status.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class DeliveryBulkAction(LeadBulkAction):
    """Release or resend, as the single-lead buttons do (leads.viewsets.ACTIONS,
    by ``action_type``); each lead acted on is logged."""

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        done = set(ACTIONS[cls.action_type]([lead.pk for lead in objects]))
        for lead in objects:
            if lead.pk in done:
                log(lead, f"leads.{cls.action_type}", user=user)
        return len(done), 0


class ReleaseBulkAction(DeliveryBulkAction):
    display_name = _("Release")
    action_type = "release"
    aria_label = _("Release the selected return requests from quarantine")
    action_priority = 20

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d return request released; its notification is queued.",
            "%(count)d return requests released; their notifications are queued.",
            num_parent_objects,
        ) % {"count": num_parent_objects}


class ResendBulkAction(DeliveryBulkAction):
    display_name = _("Resend")
    action_type = "resend"
    aria_label = _("Resend the notifications of the selected failed return requests")
    action_priority = 30

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext(
            "%(count)d notification queued again.",
            "%(count)d notifications queued again.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
