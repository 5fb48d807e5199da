import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from blog.blocks import FAQItemBlock
from home.cache import new_generation
from home.forms import SiteScopedForm

PROGRAMS = [
    ("iop", _("Intensive outpatient (IOP)")),
    ("php", _("Partial hospitalization (PHP)")),
    ("outpatient", _("Outpatient")),
    ("alumni", _("Alumni")),
    ("family", _("Family member")),
]


class SiteSnippet(
    TranslatableMixin,
    DraftStateMixin,
    RevisionMixin,
    PreviewableMixin,
    index.Indexed,
    models.Model,
):
    """A snippet that belongs to one clinic's site, with drafts, revisions and
    preview. Pages check the site before they show one."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("clinic site"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only pages of this clinic can show it."),
    )

    base_form_class = SiteScopedForm
    # A translation stays with its source's clinic: wagtail-localize may not
    # offer the site as an override.
    override_translatable_fields = [SynchronizedField("site", overridable=False)]

    class Meta(TranslatableMixin.Meta):
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    def get_preview_context(self, request, mode_name):
        from home.models import ClinicSettings

        context = super().get_preview_context(request, mode_name)
        context["clinic"] = ClinicSettings.for_site(self.site)
        return context


class Testimonial(SiteSnippet):
    quote = models.TextField(
        _("quote"), max_length=600, help_text=_("One to three sentences.")
    )
    attribution = models.CharField(
        _("attribution"), max_length=80, help_text=_("e.g. IOP Client. Never a name.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text=_("Shown after the attribution, e.g. 2024."),
    )
    program = models.CharField(
        _("program"),
        max_length=20,
        choices=PROGRAMS,
        blank=True,
        help_text=_("The program the story comes from, e.g. IOP. Optional."),
    )
    is_composite = models.BooleanField(
        _("composite or fictionalised story"),
        default=True,
        help_text=_(
            "Tick when the story blends or imagines experiences. The site says so "
            "beside it."
        ),
    )
    consent_recorded = models.BooleanField(
        _("consent recorded"),
        default=False,
        help_text=_("A real client's story needs their written consent on file."),
    )
    consent_reference = models.CharField(
        _("where the consent is kept"),
        max_length=120,
        blank=True,
        help_text=_("e.g. Consent form 2024-031. No health details."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional, decorative: never a client's photo without consent."),
    )
    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="testimonial"
    )

    panels = [
        FieldPanel("site"),
        FieldPanel("quote"),
        MultiFieldPanel(
            [FieldPanel("attribution"), FieldPanel("year"), FieldPanel("program")],
            heading=_("Attribution"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_composite"),
                FieldPanel("consent_recorded"),
                FieldPanel("consent_reference"),
            ],
            heading=_("Disclosure and consent"),
        ),
        FieldPanel("photo"),
        PublishingPanel(),
    ]

    # The admin's search box autocompletes over the AutocompleteFields; every
    # listing filter and sortable column needs a FilterField to apply to results.
    search_fields = [
        index.SearchField("quote"),
        index.AutocompleteField("quote"),
        index.SearchField("attribution"),
        index.AutocompleteField("attribution"),
        index.FilterField("site"),
        index.FilterField("locale"),
        index.FilterField("program"),
        index.FilterField("is_composite"),
    ]

    class Meta(SiteSnippet.Meta):
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-year", "attribution"]

    def __str__(self):
        quote = self.quote if len(self.quote) <= 40 else f"{self.quote[:40]}…"
        return f"{self.attribution_line}: {quote}"

    @property
    def attribution_line(self):
        """e.g. "IOP Client, 2024"."""
        if self.year:
            return f"{self.attribution}, {self.year}"
        return self.attribution

    def clean(self):
        super().clean()
        if not self.is_composite and not self.consent_recorded:
            raise ValidationError(
                {
                    "consent_recorded": _(
                        "A real client's story can be published only with their "
                        "recorded consent. Otherwise mark it as composite."
                    )
                }
            )
        if self.year and self.year > datetime.date.today().year:
            raise ValidationError({"year": _("The year cannot be in the future.")})

    def get_preview_template(self, request, mode_name):
        return "blog/previews/testimonial.html"


class FAQSet(SiteSnippet):
    title = models.CharField(
        _("title"),
        max_length=120,
        help_text=_("Editors see this, e.g. Returning to IOP."),
    )
    items = StreamField(
        [("item", FAQItemBlock())],
        verbose_name=_("questions"),
        help_text=_("Questions and answers, in the order visitors should read them."),
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="faq_set")

    panels = [
        FieldPanel("site"),
        FieldPanel("title"),
        FieldPanel("items"),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("title"),
        index.FilterField("site"),
        index.FilterField("locale"),
    ]

    class Meta(SiteSnippet.Meta):
        verbose_name = _("FAQ set")
        verbose_name_plural = _("FAQ sets")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_preview_template(self, request, mode_name):
        return "blog/previews/faq_set.html"


class Topic(TranslatableMixin, index.Indexed, models.Model):
    """A topic of one clinic's blog posts, e.g. IOP. Posts show their topics in
    the visitor's language, link to the blog filtered by the topic, and list
    posts that share one as related.

    Translatable, with the site synchronised and not overridable as on
    SiteSnippet, but without SiteSnippet's drafts, revisions and preview: a
    topic is only a name and a slug, a preview of it would show nothing a
    reader sees, and a draft topic would have to be left out of every post,
    filter and list that shows topics. Topics show on published posts only,
    whose publishing is moderated.
    """

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("clinic site"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Only posts of this clinic can have this topic."),
    )
    name = models.CharField(
        _("name"),
        max_length=60,
        help_text=_("As readers see it on posts, e.g. Returning to treatment."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        blank=True,
        help_text=_(
            "The topic in the blog's address, e.g. returning-to-treatment for "
            "/blog/?tag=returning-to-treatment. Leave empty to make it from the "
            "name. Translate it with the name."
        ),
    )

    base_form_class = SiteScopedForm
    # A translation stays with its source's clinic.
    override_translatable_fields = [SynchronizedField("site", overridable=False)]

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("slug")]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("name"),
        index.FilterField("slug"),
        index.FilterField("site"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "locale", "slug"],
                name="blog_topic_unique_slug",
                violation_error_message=_(
                    "This clinic has a topic with this slug in this language already."
                ),
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.fill_slug()
        super().clean_fields(exclude=exclude)

    def fill_slug(self):
        """A slug made from the name when there is none; a translator's slug
        is made a slug too (e.g. "Recaída" becomes "recaida")."""
        self.slug = slugify(self.slug or self.name)[:60].strip("-")


@receiver(post_save, sender=Topic)
@receiver(post_delete, sender=Topic)
@receiver(post_save, sender=Testimonial)
@receiver(post_delete, sender=Testimonial)
@receiver(post_save, sender=FAQSet)
@receiver(post_delete, sender=FAQSet)
def snippet_changed(sender, instance, **kwargs):
    """The clinic's pages show its testimonials, FAQ sets and topics (posts also
    cache their topics' names and slugs): a new generation for its site."""
    new_generation(instance.site_id)
