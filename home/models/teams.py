from django.db import models
from django.utils.translation import gettext_lazy as _


class ClinicTeam(models.Model):
    """What ``add_clinic`` made for one clinic: the collection of its images and
    documents, and the groups of its editors, moderators and managers.

    Kept so that permissions can be granted again when the clinic's tree gains a
    language (see home.teams) and so that the command can find what it made.
    """

    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("clinic site"),
        on_delete=models.CASCADE,
        related_name="clinic_team",
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("collection"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    editors = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderators = models.OneToOneField(
        "auth.Group",
        verbose_name=_("moderators"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    managers = models.OneToOneField(
        "auth.Group",
        verbose_name=_("managers"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("clinic team")
        verbose_name_plural = _("clinic teams")

    def __str__(self):
        return str(self.site)

    def groups(self):
        return {
            "editors": self.editors,
            "moderators": self.moderators,
            "managers": self.managers,
        }
