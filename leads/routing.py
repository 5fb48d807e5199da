"""Changes to a clinic's lead routing (LeadSettings): only superusers make them,
each is in the audit log with the fields it changed, and a change of the inboxes
is mailed to the inboxes that received the clinic's requests until then, so a
clinic learns that its requests now go somewhere else."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from django_tasks import task

from home.audit import AuditedSettingsEdit
from home.models import ClinicSettings
from leads.delivery import QUEUE
from leads.models import LeadSettings


class LeadSettingsEdit(AuditedSettingsEdit):
    def __init__(self, instance, user=None, **kwargs):
        stored = LeadSettings.objects.filter(pk=instance.pk).first()
        self.old_inboxes = stored.lead_inbox_list if stored else []
        super().__init__(instance, user=user, **kwargs)

    def _edit(self, skip_permission_checks=False):
        result = super()._edit(skip_permission_checks=skip_permission_checks)
        if "lead_inboxes" in self.changed and self.old_inboxes:
            site_id, inboxes = self.instance.site_id, self.old_inboxes
            changed_by = self.user.get_username() if self.user else ""
            transaction.on_commit(
                lambda: tell_old_inboxes.enqueue(site_id, inboxes, changed_by)
            )
        return result


@task(queue_name=QUEUE)
def tell_old_inboxes(site_id, inboxes, changed_by):
    """Mail the former inboxes that the clinic's requests go elsewhere now. The
    new addresses are left out: whoever reads an old inbox need not learn them."""
    clinic = ClinicSettings.objects.filter(site_id=site_id).first()
    name = clinic.display_name if clinic else str(site_id)
    with override(settings.LANGUAGE_CODE):
        subject = _("Return requests for %(clinic)s go to other inboxes now") % {
            "clinic": name
        }
        body = "\n".join(
            [
                _(
                    "The inboxes that receive return requests for %(clinic)s were "
                    "changed by %(user)s on %(time)s. This address no longer "
                    "receives them."
                )
                % {
                    "clinic": name,
                    "user": changed_by or _("an administrator"),
                    "time": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"),
                },
                "",
                _("If you did not expect this, tell your site administrator at once."),
            ]
        )
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=inboxes,
    ).send()
    return len(inboxes)
