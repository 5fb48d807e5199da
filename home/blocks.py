"""Blocks shared by every clinic page type, and the blocks of ClinicSettings."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

# Rich text stays small on purpose: structure comes from blocks, not from editors
# styling paragraphs by hand.
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link"]


class HeadingValue(blocks.StructValue):
    @property
    def anchor(self):
        """The id a table of contents links to."""
        return slugify(self.get("text")) or "section"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text=_("Keep headings short."))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (H2)")), ("h3", _("Subsection (H3)"))],
        default="h2",
        help_text=_("Use H2 for sections and H3 inside a section."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        description = _("A section heading, with an anchor for links to it.")
        template = "blocks/heading.html"
        value_class = HeadingValue
        preview_value = {"text": "You can come back", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault(
            "help_text",
            _(
                "Text with bold, italic and links. Keep paragraphs short: three or "
                "four sentences."
            ),
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        description = _("Text with bold, italic and links.")
        template = "blocks/paragraph.html"
        preview_value = (
            "<p>Leaving a program early does not close the door. "
            "Many people return, and we plan the next step with you.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(
        help_text=_(
            "Describe what the image shows for people who cannot see it, "
            "or mark it as decorative."
        )
    )
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text=_("Shown under the image.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        description = _("An image with alt text and an optional caption.")
        template = "blocks/figure.html"


class CallToActionBlock(blocks.StructBlock):
    # Its heading is an H2: home.content_checks counts it in the outline.
    opens_section = True

    heading = blocks.CharBlock(
        max_length=120, help_text=_("For example: Ready to come back?")
    )
    text = blocks.TextBlock(
        required=False, max_length=400, help_text=_("One or two short sentences.")
    )
    link_text = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text=_("Label of the second button, e.g. Send a return request."),
    )
    link_page = blocks.PageChooserBlock(
        required=False,
        help_text=_(
            "Where the second button goes. Leave empty to use the clinic's "
            "contact page from Settings. The call button always uses the "
            "clinic's phone number."
        ),
    )

    class Meta:
        icon = "mail"
        label = _("Call to action")
        description = _("A call button with the clinic's phone, and a link.")
        template = "blocks/call_to_action.html"
        preview_value = {
            "heading": "Ready when you are",
            "text": "Call us, or tell us how to reach you.",
            "link_text": "Send a return request",
        }


class ContentStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    cta = CallToActionBlock()


class HomeStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    cta = CallToActionBlock()


# Blocks of ClinicSettings


WEEKDAYS = [
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
]


class OfficeHoursBlock(blocks.StructBlock):
    weekday = blocks.ChoiceBlock(
        choices=WEEKDAYS,
        help_text=_("The day these hours are for. Add a row for each open day."),
    )
    opens = blocks.TimeBlock(help_text=_("Clinic's local time."))
    closes = blocks.TimeBlock(help_text=_("Clinic's local time."))

    class Meta:
        icon = "time"
        label = _("Opening hours")

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned["opens"] >= cleaned["closes"]:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "closes": ValidationError(
                        _("Closing time must be after opening time.")
                    )
                }
            )
        return cleaned


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("x", "X"),
    ("tiktok", "TikTok"),
]


class SocialLinkValue(blocks.StructValue):
    @property
    def label(self):
        return dict(SOCIAL_NETWORKS).get(self.get("network"), self.get("network"))


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        choices=SOCIAL_NETWORKS,
        help_text=_(
            "The network of the profile. Its name is the link text in the footer."
        ),
    )
    url = blocks.URLBlock(help_text=_("The full address of the clinic's profile."))

    class Meta:
        icon = "link-external"
        label = _("Social link")
        value_class = SocialLinkValue
