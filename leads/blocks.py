"""The return-request form as a StreamField block, and what every rendering of
the form (block or contact page) needs in its template."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import blocks

from home import security
from home.fragments import PerRequestBlock
from home.models import ClinicSettings
from leads.forms import ReturnRequestForm
from leads.models import LeadSettings

FULL, COMPACT = "full", "compact"


def build_form(form_id, *, compact, data=None):
    """The form of one place on one page. Field ids carry ``form_id`` so that two
    forms on a page never share an id."""
    return ReturnRequestForm(data, compact=compact, auto_id=f"lead-{form_id}-%s")


def form_state(context, *, form_id, config):
    """Template variables for a form: a blank form, the visitor's own input with
    its errors (after a failed POST, see leads.views), or the thank-you state
    (after the redirect, ``?sent=<form_id>``)."""
    request = context.get("request")
    compact = config.get("variant") == COMPACT
    posted = getattr(request, "lead_form", None)
    if posted is not None and posted[0] == form_id:
        form = posted[1]
    else:
        form = build_form(form_id, compact=compact)
    page = context.get("page")
    clinic = context.get("clinic")
    if clinic is None and page is not None:
        clinic = ClinicSettings.for_page(page, request)
    sent = (
        request is not None
        and request.method == "GET"
        and request.GET.get("sent") == form_id
    )
    anchor = f"lead-{form_id}"
    routing = LeadSettings.cached_for_site_id(clinic.site_id) if clinic else None
    recaptcha_key = (
        routing.recaptcha_site_key if routing and routing.recaptcha_enabled else ""
    )
    if recaptcha_key:
        # lead-form.js loads Google's script once the visitor starts on the form.
        security.allow_recaptcha(request)
    return {
        "form": form,
        "form_id": form_id,
        "config": config,
        "compact": compact,
        "anchor": anchor,
        "sent": sent,
        "action": f"{reverse('lead_submit')}#{anchor}",
        "source_page": page,
        "clinic": clinic,
        "recaptcha_site_key": recaptcha_key,
    }


def find_in_stream(stream, form_id):
    """The value of the ``lead_form`` block with id ``form_id`` in ``stream``."""
    for child in stream:
        if child.block_type == "lead_form" and child.id == form_id:
            return child.value
    return None


class LeadFormBlock(PerRequestBlock, blocks.StructBlock):
    """Editors choose the words; the fields and their checks are the product's.
    Rendered for every request, also inside a published fragment (its errors and
    thank-you state are the visitor's)."""

    opens_section = True  # its heading is an H2 (home.content_checks)

    variant = blocks.ChoiceBlock(
        choices=[
            (FULL, _("Full: contact method, time, message")),
            (COMPACT, _("Compact: name, phone or email, consent")),
        ],
        default=FULL,
        label=_("Form"),
        help_text=_(
            "Full also asks how and when to reach them and has room for a message. "
            "Compact fits in the middle of a post."
        ),
    )
    heading = blocks.CharBlock(
        max_length=120,
        default=_("Ask about coming back"),
        label=_("Heading"),
        help_text=_("Above the form, e.g. Ask about coming back."),
    )
    intro = blocks.TextBlock(
        required=False,
        max_length=400,
        label=_("Intro"),
        help_text=_(
            "Optional. One or two sentences under the heading, e.g. Leave a "
            "number or an email and we will reach out."
        ),
    )
    button_text = blocks.CharBlock(
        max_length=40,
        default=_("Send my request"),
        label=_("Button text"),
        help_text=_("A few words on what the button does, e.g. Send my request."),
    )
    thank_you_heading = blocks.CharBlock(
        max_length=120,
        default=_("Thank you. We have your request."),
        label=_("Thank-you heading"),
        help_text=_("Replaces the form once the request is sent."),
    )
    thank_you_text = blocks.TextBlock(
        max_length=400,
        default=_("Someone from our team will reach out the way you asked."),
        label=_("Thank-you text"),
        help_text=_(
            "What happens next, e.g. who will reach out and how. Up to 400 characters."
        ),
    )

    class Meta:
        icon = "form"
        label = _("Return request form")
        description = _("Where visitors ask the clinic to contact them.")
        template = "leads/lead_form_block.html"
        preview_value = {
            "variant": FULL,
            "heading": "Ask about coming back",
            "intro": "Leave a number or an email and we will reach out.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        block = context.get("block")
        form_id = context.get("block_id") or getattr(block, "id", None) or "preview"
        context["lead"] = form_state(context, form_id=form_id, config=value)
        return context
