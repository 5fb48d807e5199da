"""Editorial checks a clinic page must pass to be published or sent for review.

Wagtail's content checker runs axe on the preview and reports what it finds;
these checks refuse the publish or the submission instead, with the error on
the very block or field at fault. A draft saves with them, as Wagtail lets a
draft save with required fields still empty.

- Alt text that says nothing: a file name ("IMG_0042.jpg") or a placeholder
  ("image"), in an image block, in a post's hero alt text, and in the image
  library's description where a page shows that as the alt text.
- Headings out of order: an H3 before the page's first H2. The page title is
  the H1; headings, FAQs, calls to action and forms open H2 sections.
- Phone numbers: a call to action may only show the clinic's own number, and
  no text of the page may show another clinic's.

Two more checks live with their blocks: an FAQ answer with no words
(``blog.blocks.FAQItemBlock``) and an image with no alt text at all (Wagtail's
``ImageBlock``).
"""

import html
import re
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

import phonenumbers

from home.blocks import CallToActionBlock, HeadingBlock

FILE_NAME = re.compile(
    r"\.(avif|gif|heic|jpe?g|png|svg|tiff?|webp)$|^(dsc|dcim|img|pxl)[-_ ]?\d+|_",
    re.IGNORECASE,
)
PLACEHOLDERS = {
    "alt",
    "alt text",
    "foto",
    "graphic",
    "hero",
    "image",
    "imagen",
    "img",
    "photo",
    "picture",
    "untitled",
}

ALT_IS_FILE_NAME = _(
    "This alt text looks like a file name. Describe what the image shows, in a "
    "sentence a screen reader can read aloud."
)
ALT_IS_PLACEHOLDER = _(
    "“%(text)s” does not describe the image. Say what it shows, or mark it as "
    "decorative."
)
LIBRARY_ALT = _(
    "This image's alt text is its description in the image library: %(problem)s"
)
H3_BEFORE_H2 = _(
    "An H3 is a subsection: it must follow an H2. Make this heading an H2, or "
    "add an H2 section heading before it."
)
NOT_CLINIC_NUMBER = _(
    "%(number)s is not this clinic's number (%(own)s). A call to action shows "
    "the clinic's own number only; its call button already uses it."
)
OTHER_CLINIC_NUMBER = _(
    "%(number)s is the number of %(clinic)s, another clinic. Use this clinic's "
    "number, %(own)s."
)
TEL_LINK = re.compile(r"""href=["']tel:([^"']+)["']""", re.IGNORECASE)


def alt_text_problem(text):
    """Why ``text`` is no alt text for a visitor, or None."""
    text = (text or "").strip()
    if not text:
        return None  # missing alt text is Wagtail's check, or decorative
    if FILE_NAME.search(text):
        return ALT_IS_FILE_NAME
    if text.lower().rstrip(".") in PLACEHOLDERS:
        return ALT_IS_PLACEHOLDER % {"text": text}
    return None


class ClinicNumbers:
    """The phone numbers of the page's clinic and of every other clinic, in
    E.164 form."""

    def __init__(self, site_id):
        clinics = apps.get_model("home", "ClinicSettings").objects
        self.own = None
        self.own_label = ""
        self.others = {}
        for clinic in clinics.select_related("site"):
            if not clinic.phone:
                continue
            if clinic.site_id == site_id:
                self.own, self.own_label = clinic.phone_e164, clinic.phone_label
            else:
                self.others[clinic.phone_e164] = clinic.display_name

    def problems(self, text, *, in_call_to_action):
        """Errors for the numbers written or linked in ``text``."""
        for number, shown in numbers_in(text):
            if number == self.own:
                continue
            values = {"number": shown, "own": self.own_label}
            if number in self.others:
                yield OTHER_CLINIC_NUMBER % {**values, "clinic": self.others[number]}
            elif in_call_to_action and self.own:
                yield NOT_CLINIC_NUMBER % values


def numbers_in(text):
    """(E.164, as written) of each phone number in ``text``: plain text or rich
    text, whose ``tel:`` links count too. Numbers are read as US numbers unless
    they say otherwise."""
    if isinstance(text, RichText):
        text = text.source
    text = str(text or "")
    found = {}
    for href in TEL_LINK.findall(text):
        try:
            number = phonenumbers.parse(href, "US")
        except phonenumbers.NumberParseException:
            continue
        found.setdefault(e164(number), href)
    plain = html.unescape(strip_tags(text))
    for match in phonenumbers.PhoneNumberMatcher(plain, "US"):
        found.setdefault(e164(match.number), match.raw_string)
    return found.items()


def e164(number):
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# StreamField values


def walk(block, value, path=()):
    """(path, block, value) of ``block`` and of every block inside it; a path is
    the stream and list indexes and struct names that lead to the block."""
    yield path, block, value
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for index, child in enumerate(value):
            yield from walk(child.block, child.value, (*path, index))
    elif isinstance(block, blocks.ListBlock):
        for index, child in enumerate(value.bound_blocks):
            yield from walk(child.block, child.value, (*path, index))
    elif isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
        for name, child_block in block.child_blocks.items():
            yield from walk(child_block, value.get(name), (*path, name))


def shaped_error(block, value, found):
    """A ValidationError shaped like ``block`` (so the admin shows each message
    on its own block) from ``found``: {path below ``block``: [messages]}."""
    if () in found:
        return ValidationError(found[()])
    below = defaultdict(dict)
    for path, messages in found.items():
        below[path[0]][path[1:]] = messages
    if isinstance(block, blocks.StreamBlock):
        return blocks.StreamBlockValidationError(
            block_errors={
                index: shaped_error(value[index].block, value[index].value, sub)
                for index, sub in below.items()
            }
        )
    if isinstance(block, blocks.ListBlock):
        children = value.bound_blocks
        return blocks.ListBlockValidationError(
            block_errors={
                index: shaped_error(children[index].block, children[index].value, sub)
                for index, sub in below.items()
            }
        )
    struct_value = value if isinstance(value, blocks.StructValue) else {}
    return blocks.StructBlockValidationError(
        block_errors={
            name: shaped_error(block.child_blocks[name], struct_value.get(name), sub)
            for name, sub in below.items()
        }
    )


def stream_problems(stream, numbers):
    """{path: [messages]} for one StreamField value."""
    found = defaultdict(list)
    for path, block, value in walk(stream.stream_block, stream):
        if isinstance(block, ImageBlock) and value is not None:
            problem = alt_text_problem(value.contextual_alt_text)
            if problem and not value.decorative:
                found[(*path, "alt_text")].append(problem)
        elif isinstance(value, (str, RichText)) and path:
            in_cta = isinstance(stream[path[0]].block, CallToActionBlock)
            found[path].extend(numbers.problems(value, in_call_to_action=in_cta))
    for index in headings_out_of_order(stream):
        found[(index, "level")].append(H3_BEFORE_H2)
    return {path: messages for path, messages in found.items() if messages}


def headings_out_of_order(stream):
    """Indexes of the H3 heading blocks that come before any H2-level block."""
    seen_h2 = False
    for index, child in enumerate(stream):
        if isinstance(child.block, HeadingBlock):
            if child.value["level"] == "h2":
                seen_h2 = True
            elif not seen_h2:
                yield index
        elif getattr(child.block, "opens_section", False):
            seen_h2 = True


# Form fields


def page_errors(cleaned_data, site_id):
    """(field name, ValidationError) for each field of a page form that fails a
    check."""
    numbers = ClinicNumbers(site_id)
    for name, value in list(cleaned_data.items()):
        if isinstance(value, blocks.StreamValue):
            found = stream_problems(value, numbers)
            if found:
                yield name, shaped_error(value.stream_block, value, found)
        elif name == "hero_image_alt":
            problem = alt_text_problem(value)
            if problem:
                yield name, ValidationError(problem)
        elif isinstance(value, AbstractImage) and f"{name}_alt" not in cleaned_data:
            problem = alt_text_problem(value.default_alt_text)
            if problem:
                yield name, ValidationError(LIBRARY_ALT % {"problem": problem})
