import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from phonenumber_field.modelfields import PhoneNumberField

from home.cache import cached
from home.chosen_objects import ClinicPageForm
from home.models.pages import PromoteMixin
from home.models.settings import split_addresses, validate_email_list
from home.permissions import SuperuserOnlyPolicy
from home.routing import CachedLookupsMixin
from leads.recaptcha import validate_keys


class Lead(models.Model):
    """A return request: a person asking a clinic to contact them.

    Nothing a visitor typed may reach ``__str__``, admin titles, audit-log labels,
    task arguments or logs: those say "Lead #123, <clinic>" at most.
    """

    class ContactMethod(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        EMAIL = "email", _("Email")

    class ContactTime(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning")
        AFTERNOON = "afternoon", _("Afternoon")
        EVENING = "evening", _("Evening")

    class Returning(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")
        UNSURE = "unsure", _("Not sure")

    class Verification(models.TextChoices):
        VERIFIED = "verified", _("Verified")
        UNVERIFIED = "unverified", _("Unverified")
        SPAM = "spam", _("Suspected spam")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        CLOSED = "closed", _("Closed")

    class Delivery(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("clinic site"),
        on_delete=models.PROTECT,
        related_name="leads",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("source page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_url = models.URLField(_("source URL"), max_length=500, blank=True)
    language_code = models.CharField(_("language"), max_length=10, default="en")
    submission_id = models.UUIDField(
        _("submission id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_(
            "Made by the visitor's browser per form fill: repeats are one lead."
        ),
    )

    name = models.CharField(_("name"), max_length=100)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    contact_method = models.CharField(
        _("preferred contact method"), max_length=10, choices=ContactMethod.choices
    )
    contact_time = models.CharField(
        _("preferred time"),
        max_length=10,
        choices=ContactTime.choices,
        default=ContactTime.ANY,
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    returning_client = models.CharField(
        _("returning client"), max_length=10, choices=Returning.choices, blank=True
    )
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_version = models.CharField(_("consent text version"), max_length=20)
    consent_at = models.DateTimeField(_("consent time"), null=True, blank=True)

    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.NEW,
        help_text=_(
            "New until someone reaches out; Contacted once they have; Closed when "
            "nothing more is to be done."
        ),
    )
    staff_notes = models.TextField(
        _("staff notes"),
        blank=True,
        help_text=_(
            "For your team only, never sent to the person, e.g. Left a voicemail "
            "on Monday. Add no more health details than needed."
        ),
    )
    ip_hmac = models.CharField(_("client IP (keyed hash)"), max_length=64, blank=True)
    quarantined = models.BooleanField(
        _("in quarantine"),
        default=False,
        db_index=True,
        help_text=_(
            "Held for review: not sent to the clinic's inbox until staff release it."
        ),
    )
    spam_signals = models.CharField(
        _("spam signals"),
        max_length=200,
        blank=True,
        help_text=_("Why the request was held, e.g. honeypot, too fast."),
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the submission, to recognise a repeat."),
    )

    message_id = models.CharField(
        _("notification Message-ID"),
        max_length=200,
        unique=True,
        editable=False,
        help_text=_("The same on every attempt, so a repeated email is recognisable."),
    )
    delivery = models.CharField(
        _("delivery"),
        max_length=10,
        choices=Delivery.choices,
        default=Delivery.PENDING,
    )
    delivery_attempts = models.PositiveIntegerField(_("delivery attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_error = models.CharField(
        _("last delivery error"),
        max_length=200,
        blank=True,
        help_text=_("The kind of error only, never message content."),
    )
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_to = models.TextField(
        _("accepted by"),
        blank=True,
        editable=False,
        help_text=_(
            "The clinic inboxes whose mail server took the notification; a retry "
            "goes to the others only."
        ),
    )
    delivery_generation = models.PositiveIntegerField(
        _("delivery job number"),
        default=0,
        editable=False,
        help_text=_(
            "Counts the delivery jobs queued for this request: only the newest one "
            "may act, so a job thought dead can never start a second retry chain."
        ),
    )
    parked_at = models.DateTimeField(
        _("waiting for the mail server since"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set while the mail server is down (its circuit breaker open): the "
            "request is sent as soon as the server is back."
        ),
    )
    retry_from = models.DateTimeField(
        _("retrying since"),
        null=True,
        blank=True,
        help_text=_("Set by a resend: the retry budget counts from here."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["site", "delivery"])]
        permissions = [
            ("export_lead", _("Can export return requests")),
        ]

    def __str__(self):
        return _("Lead #%(id)s, %(clinic)s") % {
            "id": self.pk or "new",
            "clinic": self.site.site_name if self.site_id else "",
        }

    def save(self, *args, **kwargs):
        if not self.message_id:
            domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
            self.message_id = f"<lead-{uuid.uuid4().hex}@{domain}>"
        super().save(*args, **kwargs)

    @property
    def spam_signal_list(self):
        return [signal for signal in self.spam_signals.split(",") if signal]

    @property
    def delivered_inboxes(self):
        return [inbox for inbox in self.delivered_to.split(",") if inbox]

    @property
    def first_name(self):
        return self.name.split()[0] if self.name.split() else ""


class RateCounter(models.Model):
    """Requests counted per key (site, keyed client IP) and time window.

    Used when no shared cache (Redis) is configured: the database makes the
    count atomic across processes and machines.
    """

    key = models.CharField(max_length=150, unique=True)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self):
        return self.key


class MailServer(models.Model):
    """The circuit breaker of one mail transport (leads.breaker), shared by every
    worker on every host through the database."""

    key = models.CharField(_("transport"), max_length=255, unique=True)
    failures = models.PositiveIntegerField(_("transport failures in a row"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)
    down_since = models.DateTimeField(
        _("unreachable since"),
        null=True,
        blank=True,
        help_text=_("Set while the breaker is open: no request tries to send."),
    )
    probe_every = models.PositiveIntegerField(_("seconds between probes"), default=0)
    probe_generation = models.PositiveIntegerField(_("probe number"), default=0)

    class Meta:
        verbose_name = _("mail server")
        verbose_name_plural = _("mail servers")

    def __str__(self):
        return self.key

    @property
    def is_open(self):
        return self.down_since is not None


class LeadSettings(BaseSiteSetting):
    """Where one clinic's return requests go and how they are screened and kept.

    Apart from ClinicSettings (the clinic's public facts, which its managers
    edit): only superusers may change these, since a changed inbox sends health
    information somewhere else. See leads.wagtail_hooks.
    """

    lead_inboxes = models.TextField(
        _("return request inboxes"),
        blank=True,
        validators=[validate_email_list],
        help_text=_(
            "Return requests from this clinic's site go to these addresses, "
            "separated by commas or new lines."
        ),
    )
    from_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_(
            "Mail about this clinic is sent from this address. It must be allowed "
            "by the domain's SPF and DKIM. Leave empty for the server default."
        ),
    )
    lead_email_full_details = models.BooleanField(
        _("put the whole request in the email"),
        default=False,
        help_text=_(
            "Off: the email has the first name and preferred contact method only, "
            "and staff open the request in the admin. On: the email also carries "
            "the phone number, email address and message. Only turn this on if "
            "these inboxes are as protected as the admin."
        ),
    )
    lead_retention_days = models.PositiveIntegerField(
        _("keep return requests for (days)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "`manage.py purge_leads` deletes requests older than this, with their "
            "delivery records and audit-log entries."
        ),
    )
    recaptcha_site_key = models.CharField(
        _("reCAPTCHA site key"),
        max_length=100,
        blank=True,
        help_text=_(
            "reCAPTCHA v3 keys for this clinic's domain. Leave both empty to turn "
            "reCAPTCHA off; requests are then screened by the other checks only."
        ),
    )
    recaptcha_secret_key = models.CharField(
        _("reCAPTCHA secret key"),
        max_length=100,
        blank=True,
        help_text=_(
            "The secret key that pairs with the site key, from the reCAPTCHA "
            "admin console. Never share it."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("lead_inboxes"),
                FieldPanel("from_email"),
                FieldPanel("lead_email_full_details"),
            ],
            heading=_("Delivery"),
        ),
        FieldPanel("lead_retention_days"),
        MultiFieldPanel(
            [FieldPanel("recaptcha_site_key"), FieldPanel("recaptcha_secret_key")],
            heading=_("reCAPTCHA"),
        ),
    ]

    class Meta:
        verbose_name = _("return request routing")
        verbose_name_plural = _("return request routing")

    def __str__(self):
        return str(self.site)

    def clean(self):
        super().clean()
        validate_keys(self.recaptcha_site_key, self.recaptcha_secret_key)

    @classmethod
    def get_permission_policy(cls):
        return SuperuserOnlyPolicy(cls)

    @classmethod
    def for_site_id(cls, site_id):
        """The site's row, or an unsaved default one: rendering a page must not
        write to the database."""
        return cls.objects.filter(site_id=site_id).first() or cls(site_id=site_id)

    @classmethod
    def cached_for_site_id(cls, site_id):
        return cached(
            f"lead-settings:{site_id}",
            lambda: cls.for_site_id(site_id),
            site_id=site_id,
        )

    @property
    def recaptcha_enabled(self):
        return bool(self.recaptcha_site_key and self.recaptcha_secret_key)

    @property
    def lead_inbox_list(self):
        return split_addresses(self.lead_inboxes)


class ContactPage(CachedLookupsMixin, PromoteMixin, Page):
    """A clinic's contact page: a few words, the ways to reach the clinic and
    the full return-request form."""

    FORM_ID = "contact"

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "leads/contact_page.html"
    base_form_class = ClinicPageForm

    intro = RichTextField(
        _("intro"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("A few sentences above the form."),
    )
    form_heading = models.CharField(
        _("form heading"),
        max_length=120,
        default=_("Ask about coming back"),
        help_text=_("Above the form, e.g. Ask about coming back."),
    )
    form_intro = models.TextField(
        _("form intro"),
        max_length=400,
        blank=True,
        help_text=_(
            "Optional. One or two sentences under the heading, e.g. Leave a "
            "number or an email and we will reach out."
        ),
    )
    button_text = models.CharField(
        _("button text"),
        max_length=40,
        default=_("Send my request"),
        help_text=_("A few words on what the button does, e.g. Send my request."),
    )
    thank_you_heading = models.CharField(
        _("thank-you heading"),
        max_length=120,
        default=_("Thank you. We have your request."),
        help_text=_("Replaces the form once the request is sent."),
    )
    thank_you_text = models.TextField(
        _("thank-you text"),
        max_length=400,
        default=_("Someone from our team will reach out the way you asked."),
        help_text=_(
            "What happens next, e.g. who will reach out and how. Up to 400 characters."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("form_heading"),
                FieldPanel("form_intro"),
                FieldPanel("button_text"),
                FieldPanel("thank_you_heading"),
                FieldPanel("thank_you_text"),
            ],
            heading=_("Return request form"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def lead_form(self, form_id):
        """The settings of the form ``form_id`` on this page (see leads.views)."""
        if form_id != self.FORM_ID:
            return None
        return {
            "variant": "full",
            "heading": self.form_heading,
            "intro": self.form_intro,
            "button_text": self.button_text,
            "thank_you_heading": self.thank_you_heading,
            "thank_you_text": self.thank_you_text,
        }

    def get_context(self, request, *args, **kwargs):
        from leads.blocks import form_state  # leads.blocks imports this module

        context = super().get_context(request, *args, **kwargs)
        context["lead"] = form_state(
            context, form_id=self.FORM_ID, config=self.lead_form(self.FORM_ID)
        )
        return context
