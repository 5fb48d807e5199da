from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import ContentStreamBlock, HomeStreamBlock
from home.chosen_objects import ClinicPageForm
from home.panels import SearchPreviewPanel
from home.routing import CachedChildRouteMixin, CachedLookupsMixin


class PromoteMixin(models.Model):
    """The Promote tab of every clinic page: the fields search engines and
    shared links read, a switch to keep the page out of search results, and a
    preview of both as the editor types."""

    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_(
            "Search engines will not list this page, and it is left out of the "
            "sitemap. Visitors with the link can still open it."
        ),
    )

    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
                FieldPanel("noindex"),
            ],
            heading=_("For search engines"),
        ),
        SearchPreviewPanel(heading=_("Preview in search results and when shared")),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("For site menus")),
    ]

    class Meta:
        abstract = True

    def get_sitemap_urls(self, request=None):
        if self.noindex:
            return []
        return super().get_sitemap_urls(request)


class HeroMixin(models.Model):
    """A large opening: heading, one or two sentences and an optional image."""

    hero_heading = models.CharField(
        _("hero heading"),
        max_length=120,
        blank=True,
        help_text=_("The page's main heading. Leave empty to use the title."),
    )
    hero_text = models.TextField(
        _("hero text"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the heading."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Optional. Its alt text is the image's title in the library."),
    )

    hero_panels = [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading=_("Hero"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def heading(self):
        return self.hero_heading or self.title


class HomePage(  # noqa: DJ008 (Page has __str__)
    CachedChildRouteMixin, CachedLookupsMixin, PromoteMixin, HeroMixin, Page
):
    """The root page of one clinic's site."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.StandardPage", "blog.BlogIndexPage", "leads.ContactPage"]
    base_form_class = ClinicPageForm

    body = StreamField(
        HomeStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("A few short sections under the hero."),
    )

    content_panels = Page.content_panels + HeroMixin.hero_panels + [FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("home page")


class StandardPage(CachedLookupsMixin, PromoteMixin, Page):  # noqa: DJ008 (Page has __str__)
    """A plain content page: about, programs, privacy policy."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]
    base_form_class = ClinicPageForm

    intro = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("A short summary shown under the title."),
    )
    body = StreamField(
        ContentStreamBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_(
            "Headings, paragraphs, images and calls to action. Start with a short "
            "paragraph; use H2 for sections."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")
