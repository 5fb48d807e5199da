"""The return-request form: its fields and validation belong to the product;
editors only choose the texts around it (see :mod:`leads.blocks`)."""

import unicodedata
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from phonenumber_field.formfields import PhoneNumberField

from leads.models import Lead

# Bump when the consent sentence changes: each lead records the version it saw.
CONSENT_VERSION = "2026-11"

# Characters a person does not type: C0/C1 controls (CR and LF included), the
# Unicode line and paragraph separators, and U+FFFD, which is what bytes that
# were not UTF-8 decode to.
UNREADABLE = {"\u2028", "\u2029", "\ufffd"}


# Invisible formatting characters that are kept: joiners (emoji, Indic and
# Persian script) and the left-to-right and right-to-left marks.
KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d", "\u200e", "\u200f"}


def without_invisible_formatting(value):
    """The text without Unicode format characters (category Cf: bidirectional
    overrides and isolates, zero-width spaces, byte-order marks, soft hyphens)
    but those above. Nothing a person sees is lost, and an override cannot make
    a name read backwards in the admin or the email."""
    return "".join(
        char
        for char in value
        if unicodedata.category(char) != "Cf" or char in KEPT_FORMAT_CHARACTERS
    )


def check_text(value, *, multiline=False):
    if not value:
        return
    allowed = {"\n", "\t"} if multiline else set()
    for char in value:
        if char in allowed:
            continue
        if char in UNREADABLE or unicodedata.category(char) == "Cc":
            if char in "\r\n" and not multiline:
                raise ValidationError(
                    _("Please keep this to one line."), code="line_break"
                )
            raise ValidationError(
                _(
                    "This contains characters we cannot read. Please type it "
                    "again without them."
                ),
                code="unreadable",
            )


class TextCheckMixin:
    """Refuse control characters before any other validation sees the value."""

    multiline = False

    def to_python(self, value):
        if isinstance(value, str):
            value = without_invisible_formatting(value)
            if self.multiline:
                value = value.replace("\r\n", "\n")
            check_text(value, multiline=self.multiline)
        return super().to_python(value)


class LineField(TextCheckMixin, forms.CharField):
    pass


class MessageField(TextCheckMixin, forms.CharField):
    multiline = True


class EmailLineField(TextCheckMixin, forms.EmailField):
    pass


class PhoneLineField(TextCheckMixin, PhoneNumberField):
    def validate(self, value):
        super().validate(value)
        if value and value.extension:
            # Stored as E.164, which has no room for one: say so, lose nothing.
            raise ValidationError(
                _("Please leave out the extension; we will ask for it when we call."),
                code="extension",
            )

    def to_python(self, value):
        # The length of what was typed: the parsed number can be shorter (an
        # extension, say, is dropped from its text form).
        if isinstance(value, str) and self.max_length and len(value) > self.max_length:
            raise ValidationError(
                _("Please use at most %(limit)d characters.")
                % {"limit": self.max_length},
                code="max_length",
            )
        return super().to_python(value)


class ConsentCheckbox(forms.CheckboxInput):
    """Ticked only when the browser sends what a ticked checkbox sends ("on"):
    Django's checkbox would take "0", "off" or "no" for a tick."""

    def value_from_datadict(self, data, files, name):
        return data.get(name) == "on"


class LenientUUIDField(forms.CharField):
    """The browser's submission id: a bad value is ignored, never an error the
    visitor could not fix."""

    def to_python(self, value):
        try:
            return uuid.UUID(str(value)) if value else None
        except ValueError:
            return None


class LenientIntegerField(forms.CharField):
    def to_python(self, value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None
        return number if 0 <= number < 10**9 else None


class ReturnRequestForm(forms.Form):
    """What a visitor sends. ``compact`` keeps the name, a way to reach them and
    the consent; the rest takes its default."""

    # Django's own widget templates, rendered by Jinja2: the same HTML as the
    # Django template engine makes (but for line breaks) in about half the time
    # (bench/RESULTS.md). Only this form: the admin's widgets have Django
    # templates of their own.
    default_renderer = Jinja2()  # one instance: it keeps its compiled templates

    name = LineField(
        label=_("Your name"),
        max_length=100,
        help_text=_("A first name is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": _("Please tell us what to call you.")},
    )
    phone = PhoneLineField(
        label=_("Phone number"),
        required=False,
        max_length=30,
        region="US",
        help_text=_("A phone number or an email address, so we can reach you."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        error_messages={
            "invalid": _(
                "Enter a phone number with its area code, e.g. (513) 555-0123, "
                "or an international number starting with +."
            )
        },
    )
    email = EmailLineField(
        label=_("Email address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an email address like name@example.com.")},
    )
    contact_method = forms.ChoiceField(
        label=_("How should we reach you?"),
        choices=Lead.ContactMethod.choices,
        initial=Lead.ContactMethod.PHONE,
        widget=forms.RadioSelect,
    )
    contact_time = forms.ChoiceField(
        label=_("When is a good time?"),
        choices=Lead.ContactTime.choices,
        initial=Lead.ContactTime.ANY,
        required=False,
    )
    returning_client = forms.ChoiceField(
        label=_("Have you been a client of ours before?"),
        choices=Lead.Returning.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    message = MessageField(
        label=_("Anything you would like us to know (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Please do not include health details here. We will talk about them "
            "privately when we reach you."
        ),
    )
    consent = forms.BooleanField(
        widget=ConsentCheckbox,
        label=_(
            "I agree that the clinic may contact me about my request by the means "
            "I chose."
        ),
        error_messages={
            "required": _("Please tick this box so that we may contact you.")
        },
    )

    # Filled by the browser: the id of this form fill, and how long it took.
    submission_id = LenientUUIDField(required=False, widget=forms.HiddenInput)
    fill_ms = LenientIntegerField(required=False, widget=forms.HiddenInput)
    # Honeypot: hidden from people (and from screen readers), filled by bots.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    COMPACT_OMITS = ("contact_method", "contact_time", "returning_client", "message")

    def __init__(self, *args, compact=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.compact = compact
        if compact:
            for name in self.COMPACT_OMITS:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        phone, email = data.get("phone"), data.get("email")
        if "phone" in self.errors or "email" in self.errors:
            return data
        if self.compact:
            data["contact_method"] = (
                Lead.ContactMethod.PHONE if phone else Lead.ContactMethod.EMAIL
            )
        method = data.get("contact_method")
        if not phone and not email:
            self.add_error(
                "phone",
                ValidationError(
                    _("Give a phone number or an email address, so we can reach you."),
                    code="no_contact",
                ),
            )
        elif (
            method in (Lead.ContactMethod.PHONE, Lead.ContactMethod.TEXT) and not phone
        ):
            self.add_error(
                "phone",
                ValidationError(
                    _("You asked for a call or a text: please add a phone number."),
                    code="phone_needed",
                ),
            )
        elif method == Lead.ContactMethod.EMAIL and not email:
            self.add_error(
                "email",
                ValidationError(
                    _("You asked for an email: please add an email address."),
                    code="email_needed",
                ),
            )
        return data

    def lead_fields(self):
        """Model fields from the cleaned data (the visitor's part of a Lead)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "phone": data.get("phone") or "",
            "email": data.get("email", ""),
            "contact_method": data["contact_method"],
            "contact_time": data.get("contact_time") or Lead.ContactTime.ANY,
            "returning_client": data.get("returning_client", ""),
            "message": data.get("message", ""),
            "consent_given": True,
            "consent_version": CONSENT_VERSION,
        }

    def fingerprint(self, site_id):
        """A keyed hash of what was sent to which site, to recognise the same
        request sent twice when the browser could not give it an id."""
        fields = self.lead_fields()
        phone = fields["phone"].as_e164 if fields["phone"] else ""
        payload = "\x1f".join(
            [
                str(site_id),
                " ".join(fields["name"].lower().split()),
                phone,
                fields["email"].lower(),
                fields["contact_method"],
                " ".join(fields["message"].split()),
            ]
        )
        return salted_hmac("leads.fingerprint", payload, algorithm="sha256").hexdigest()
