"""Panels on the group edit page (Settings → Groups): for each lead permission,
the clinic sites on which the group has it (GroupSitePermission rows)."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.settings.forms import SitePermissionForm

from leads.models import Lead

PANELS = [
    ("view", _("Return requests: see")),
    ("change", _("Return requests: handle (status, notes, release, resend)")),
    ("export", _("Return requests: export")),
    ("delete", _("Return requests: delete")),
]


class LeadSitePermissionForm(SitePermissionForm):
    settings_model = Lead
    action = "view"
    heading = ""

    def __init__(self, *args, instance, **kwargs):
        kwargs.setdefault("prefix", f"leads_lead_{self.action}_site_permissions")
        # SitePermissionForm looks up "change" only; the rest is the same.
        self.permission = Permission.objects.get(
            content_type=ContentType.objects.get_for_model(Lead),
            codename=f"{self.action}_lead",
        )
        self.instance = instance
        if instance and instance.pk is not None:
            kwargs["initial"] = {
                "sites": [
                    permission.site
                    for permission in self.get_existing_permissions().select_related(
                        "site"
                    )
                ]
            }
        super(SitePermissionForm, self).__init__(*args, **kwargs)

    def as_admin_panel(self):
        return render_to_string(
            self.template_name,
            {
                "heading": self.heading,
                "form": self,
                "panel_id": f"leads-lead-{self.action}-permissions",
            },
        )


def lead_site_permission_forms():
    return [
        type(
            f"Lead{action.title()}SitePermissionForm",
            (LeadSitePermissionForm,),
            {"action": action, "heading": heading},
        )
        for action, heading in PANELS
    ]
