"""Who may see and handle which clinic's return requests.

Wagtail's SitePermissionPolicy: a permission on Lead granted to a group for a site
(``wagtail.models.GroupSitePermission``, set in Settings → Groups) covers that
site's leads only; a global Django permission or superuser status covers all.

- view_lead: see the listing and a lead's details;
- change_lead: also set status and notes, release from quarantine, resend;
- export_lead: download the listing as XLSX or CSV;
- delete_lead: delete.
"""

from wagtail.permission_policies.sites import SitePermissionPolicy

from leads.models import Lead

ANY = ["view", "change", "delete", "export"]
# What opens a lead's details (and its history): export and delete alone do not.
DETAILS = ["view", "change"]


class LeadPermissionPolicy(SitePermissionPolicy):
    def __init__(self):
        super().__init__(Lead)

    def site_ids(self, user, actions=ANY):
        return set(
            self.sites_user_has_any_permission_for(user, actions).values_list(
                "pk", flat=True
            )
        )

    def leads_for(self, user, actions=ANY):
        return Lead.objects.filter(site_id__in=self.site_ids(user, actions))


lead_permission_policy = LeadPermissionPolicy()
