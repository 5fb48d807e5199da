"""Blocks of a reentry blog post."""

import html

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from home.blocks import (
    PARAGRAPH_FEATURES,
    CallToActionBlock,
    FigureBlock,
    HeadingBlock,
    ParagraphBlock,
)
from leads.blocks import LeadFormBlock


class ListValue(blocks.StructValue):
    @property
    def tag(self):
        return "ol" if self.get("style") == "numbered" else "ul"


class ListStructBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", _("Bulleted")), ("numbered", _("Numbered"))],
        default="bulleted",
        help_text=_("Numbered for steps in order, bulleted for everything else."),
    )
    items = blocks.ListBlock(
        blocks.CharBlock(
            max_length=300,
            label=_("Item"),
            help_text=_("e.g. What felt helpful last time"),
        ),
        min_num=1,
        help_text=_("One point per item, a sentence or less."),
    )

    class Meta:
        icon = "list-ul"
        label = _("List")
        description = _("A bulleted or numbered list.")
        template = "blocks/list.html"
        value_class = ListValue
        preview_value = {
            "style": "bulleted",
            "items": ["What felt helpful last time", "What you need now"],
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(
        max_length=500,
        help_text=_("The words as they were said or written, up to 500 characters."),
    )
    attribution = blocks.CharBlock(
        required=False, max_length=120, help_text=_("Who said it. Optional.")
    )
    style = blocks.ChoiceBlock(
        choices=[("quote", _("Quote")), ("pull", _("Pull quote (large)"))],
        default="quote",
        help_text=_(
            "Quote for someone's words; pull quote to show a sentence of this "
            "post large."
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        description = _("A quotation, or a sentence of the post shown large.")
        template = "blocks/quote.html"
        preview_value = {
            "quote": "Returning doesn't mean repeating.",
            "attribution": "",
            "style": "pull",
        }


class StatBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=20, help_text=_("e.g. 40–60%"))
    label = blocks.CharBlock(max_length=160, help_text=_("What the number means."))

    class Meta:
        icon = "decimal"
        label = _("Figure")


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120,
        help_text=_("The point in a few words, e.g. Coming back is common."),
    )
    stats = blocks.ListBlock(
        StatBlock(),
        min_num=0,
        max_num=4,
        label=_("Figures"),
        help_text=_(
            "Up to four key figures. Optional; say below where they come from."
        ),
    )
    text = blocks.TextBlock(
        required=False,
        max_length=500,
        help_text=_("One or two sentences. Required when there are no figures."),
    )
    source = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text=_("Where the figures come from. Required when there are figures."),
    )

    class Meta:
        icon = "warning"
        label = _("Callout")
        description = _("A highlighted box: key figures or an important point.")
        template = "blocks/callout.html"
        preview_value = {
            "heading": "Coming back is common",
            "stats": [{"value": "40–60%", "label": "of people in recovery relapse"}],
            "text": "Relapse is part of many recoveries, not the end of one.",
            "source": "National Institute on Drug Abuse",
        }

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned["stats"] and not cleaned["source"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "source": ValidationError(_("Say where these figures come from."))
                }
            )
        if not cleaned["stats"] and not cleaned["text"]:
            raise blocks.StructBlockValidationError(
                block_errors={"text": ValidationError(_("Add figures or text."))}
            )
        return cleaned


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        max_length=200,
        help_text=_("As a visitor would ask it, e.g. Do I have to start over?"),
    )
    answer = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES,
        help_text=_(
            "A short, plain answer: two or three sentences, with a link if useful."
        ),
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        cleaned = super().clean(value)
        answer = strip_tags(cleaned["answer"].source if cleaned["answer"] else "")
        if not self.is_deferred_validation and not html.unescape(answer).strip():
            raise blocks.StructBlockValidationError(
                block_errors={
                    "answer": ValidationError(
                        _(
                            "Write the answer: visitors who open this question "
                            "would find it empty."
                        )
                    )
                }
            )
        return cleaned


class SiteSnippetChooserBlock(SnippetChooserBlock):
    """Chooses a site-owned snippet, loading its related objects in the same query
    (one query per block type however many are chosen)."""

    def __init__(self, target_model, select_related=(), **kwargs):
        self.select_related = list(select_related)
        super().__init__(target_model, **kwargs)

    def bulk_to_python(self, values):
        objects = self.model_class.objects.select_related(*self.select_related).in_bulk(
            values
        )
        return [objects.get(value) for value in values]

    def deconstruct(self):
        # Migrations see a plain SnippetChooserBlock: the query hint is not schema.
        kwargs = dict(self._constructor_args[1])
        kwargs.pop("select_related", None)
        opts = self.target_model._meta
        target = f"{opts.app_label}.{opts.object_name}"
        return "wagtail.snippets.blocks.SnippetChooserBlock", [target], kwargs


class FAQValue(blocks.StructValue):
    def questions(self, site_id):
        """Inline questions, then those of the chosen FAQ set if it belongs to
        ``site_id`` and is published."""
        items = list(self.get("items"))
        faq_set = self.get("faq_set")
        if faq_set is not None and faq_set.site_id == site_id and faq_set.live:
            items += [child.value for child in faq_set.items]
        return items


class FAQBlock(blocks.StructBlock):
    opens_section = True  # its heading is an H2 (home.content_checks)

    heading = blocks.CharBlock(
        max_length=120,
        default=_("Frequently asked questions"),
        help_text=_("Shown above the questions, e.g. Frequently asked questions."),
    )
    faq_set = SiteSnippetChooserBlock(
        "blog.FAQSet",
        required=False,
        help_text=_("A reusable set of this clinic's questions. Optional."),
    )
    items = blocks.ListBlock(
        FAQItemBlock(),
        min_num=0,
        label=_("Questions"),
        help_text=_(
            "Questions for this post only, shown before those of the FAQ set. "
            "Add some, choose a set, or both."
        ),
    )

    class Meta:
        icon = "help"
        label = _("FAQ")
        description = _(
            "Questions and answers that open on tap. Search engines read them too."
        )
        template = "blocks/faq.html"
        value_class = FAQValue
        preview_value = {
            "heading": "Frequently asked questions",
            "items": [
                {
                    "question": "Do I have to start over?",
                    "answer": "<p>Not unless you want to.</p>",
                }
            ],
        }

    def clean(self, value):
        cleaned = super().clean(value)
        if not cleaned["faq_set"] and not cleaned["items"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "items": ValidationError(_("Choose an FAQ set or add questions."))
                }
            )
        return cleaned


class TestimonialBlock(SiteSnippetChooserBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            _(
                "Choose one of this clinic's testimonials from Snippets. Only a "
                "published one is shown."
            ),
        )
        super().__init__("blog.Testimonial", select_related=["photo"], **kwargs)

    class Meta:
        icon = "openquote"
        label = _("Testimonial")
        description = _("A client story of this clinic, from Snippets.")
        template = "blocks/testimonial.html"


class BlogStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = ListStructBlock()
    image = FigureBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    faq = FAQBlock()
    testimonial = TestimonialBlock()
    cta = CallToActionBlock()
    lead_form = LeadFormBlock()
