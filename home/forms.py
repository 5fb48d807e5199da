from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.permission_policies.sites import SitePermissionPolicy

from home.chosen_objects import ChoiceRules, chosen_object_errors


class ClinicObjectsForm(WagtailAdminModelForm):
    """Admin form of an object that belongs to one clinic (a snippet with a site,
    a site setting): refuses images, documents, pages and snippets of another
    clinic chosen in it, as ClinicPageForm does for pages."""

    def clinic_site_id(self):
        return self.instance.site_id

    def clean(self):
        cleaned_data = super().clean()
        site_id = self.clinic_site_id()
        if site_id is None:
            return cleaned_data
        rules = ChoiceRules(
            site_id=site_id,
            user=self.for_user,
            page=self.instance if self.instance.pk else None,
        )
        for name, error in chosen_object_errors(self, rules):
            self.add_error(name, error)
        return cleaned_data


class SiteScopedForm(ClinicObjectsForm):
    """Admin form of a site-owned snippet.

    A new snippet's ``site`` field offers only the clinics on which the user may
    add one; an existing snippet keeps its site: moving it would hand it, and the
    pages that show it, to another clinic.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("site")
        if field is None:
            return
        if self.instance.pk:
            field.disabled = True
            field.help_text = _("A clinic's content stays with that clinic.")
        elif for_user is not None:
            policy = SitePermissionPolicy(self._meta.model)
            field.queryset = policy.sites_user_has_permission_for(for_user, "add")

    def clinic_site_id(self):
        site = self.cleaned_data.get("site")
        return site.pk if site is not None else self.instance.site_id
