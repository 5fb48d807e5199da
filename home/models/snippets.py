from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.fields import RichTextField
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.forms import SiteScopedForm


class Notice(TranslatableMixin, index.Indexed, models.Model):
    """Text every visitor reads, kept out of ClinicSettings so it can be translated.

    ClinicSettings points at notices for the medical disclaimer, the crisis notice
    and the footer text; templates render ``notice.localized``. Each notice belongs
    to one clinic, whose team alone may change it: two clinics never share one.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("clinic site"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only this clinic's settings and pages can show it."),
    )

    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_("Only editors see this, e.g. 'Medical disclaimer (TruHealing)'."),
    )
    body = RichTextField(
        _("text"),
        features=["bold", "italic", "link"],
        help_text=_("What visitors read. Keep it short and plain."),
    )

    # The admin's language filters (listing and chooser) and the listing's sortable
    # columns apply to search results too: each needs a FilterField.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("locale"),
        index.FilterField("site"),
    ]

    base_form_class = SiteScopedForm
    # A translation stays with its source's clinic: wagtail-localize may not
    # offer the site as an override.
    override_translatable_fields = [SynchronizedField("site", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["name"]

    def __str__(self):
        return self.name
