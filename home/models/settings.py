import re

from django.core.exceptions import ValidationError
from django.core.validators import (
    RegexValidator,
    validate_email,
)
from django.db import models
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import (
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from phonenumber_field.modelfields import PhoneNumberField

from home.blocks import WEEKDAYS, OfficeHoursBlock, SocialLinkBlock
from home.cache import cached
from home.chosen_objects import ChoiceRules
from home.sites import site_id_for_page


def split_addresses(value):
    return [
        item.strip() for item in value.replace("\n", ",").split(",") if item.strip()
    ]


def validate_email_list(value):
    for address in split_addresses(value):
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("“%(address)s” is not a valid email address."),
                code="invalid",
                params={"address": address},
            ) from None


HEX_COLOUR = re.compile(r"\A#[0-9a-fA-F]{6}\Z")


def relative_luminance(hex_colour):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_with_white(hex_colour):
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_brand_colour(value):
    # Buttons and the header put white text on the brand colour.
    if not HEX_COLOUR.fullmatch(value):
        return  # hex_colour_validator says what is wrong
    ratio = contrast_with_white(value)
    if ratio < 4.5:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio).1f:1; "
                "WCAG AA needs 4.5:1. Choose a darker colour."
            ),
            code="low_contrast",
            params={"colour": value, "ratio": ratio},
        )


def day_range(first, last):
    names = dict(WEEKDAYS)
    if first == last:
        return str(names[str(first)])
    return f"{names[str(first)]} – {names[str(last)]}"


hex_colour_validator = RegexValidator(
    HEX_COLOUR, _("Enter a colour as #RRGGBB, e.g. #1d5c63.")
)

# A fixed list: deriving it from the system's tz database would make migrations
# differ between machines.
TIME_ZONE_CHOICES = [
    ("America/New_York", _("Eastern Time")),
    ("America/Chicago", _("Central Time")),
    ("America/Denver", _("Mountain Time")),
    ("America/Phoenix", _("Arizona Time")),
    ("America/Los_Angeles", _("Pacific Time")),
    ("America/Anchorage", _("Alaska Time")),
    ("Pacific/Honolulu", _("Hawaii Time")),
]


@register_setting(icon="site")
class ClinicSettings(BaseSiteSetting):
    """One clinic's facts, per Wagtail Site.

    Wherever a page is known, look them up with :meth:`for_page` (by the page's
    site), not :meth:`for_request` (by the Host header).
    """

    clinic_name = models.CharField(
        _("clinic name"),
        max_length=100,
        help_text=_("As visitors should read it, e.g. TruHealing Cincinnati."),
    )
    phone = PhoneNumberField(
        _("phone number"),
        help_text=_("The number visitors call, e.g. (888) 643-9118."),
    )
    phone_display = models.CharField(
        _("phone number as shown"),
        max_length=30,
        blank=True,
        help_text=_(
            "How the clinic writes the number. Leave empty for the standard "
            "format, e.g. (888) 643-9118."
        ),
    )
    street_address = models.CharField(
        _("street address"),
        max_length=150,
        blank=True,
        help_text=_("Street and number."),
    )
    locality = models.CharField(
        _("city"), max_length=100, blank=True, help_text=_("e.g. Cincinnati")
    )
    region = models.CharField(
        _("state"), max_length=50, blank=True, help_text=_("e.g. OH")
    )
    postal_code = models.CharField(
        _("ZIP code"), max_length=10, blank=True, help_text=_("e.g. 45202")
    )
    service_areas = models.TextField(
        _("service areas"),
        blank=True,
        help_text=_("Cities and counties the clinic serves, one per line."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        default="America/New_York",
        help_text=_("Office hours are in this time zone."),
    )
    office_hours = StreamField(
        [("hours", OfficeHoursBlock())],
        blank=True,
        verbose_name=_("office hours"),
        help_text=_("One row per day the office answers. Days left out are closed."),
    )

    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in the header. Its alt text is the clinic name."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default="#1d5c63",
        validators=[hex_colour_validator, validate_brand_colour],
        help_text=_(
            "Header and button colour as #RRGGBB. It must be dark enough for "
            "white text (WCAG AA)."
        ),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        verbose_name=_("social links"),
        help_text=_("Shown in the footer."),
    )

    disclaimer = models.ForeignKey(
        "home.Notice",
        verbose_name=_("medical disclaimer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Ends every post and shows in the footer. Translatable."),
    )
    crisis_notice = models.ForeignKey(
        "home.Notice",
        verbose_name=_("crisis notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown at the top of every page. Leave empty for the standard "
            "988 / 911 notice."
        ),
    )
    response_time_notice = models.ForeignKey(
        "home.Notice",
        verbose_name=_("response time"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown beside every return-request form and on its thank-you state, "
            "e.g. “We call back within an hour.” A notice, so it can be "
            "translated. Leave empty for the standard text."
        ),
    )
    after_hours_notice = models.ForeignKey(
        "home.Notice",
        verbose_name=_("after-hours message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown with the office hours beside every return-request form and on "
            "its thank-you state: what happens to a request sent while the office "
            "is closed. A notice, so it can be translated. Leave empty for the "
            "standard text."
        ),
    )
    footer_text = models.ForeignKey(
        "home.Notice",
        verbose_name=_("footer text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A short line in the footer, e.g. accreditation."),
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where calls to action send visitors who prefer not to call."),
    )
    privacy_policy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy policy page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer and beside every consent box."),
    )

    select_related = [
        "site__root_page",
        "logo",
        "disclaimer",
        "crisis_notice",
        "footer_text",
        "response_time_notice",
        "after_hours_notice",
        "contact_page",
        "privacy_policy_page",
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("clinic_name"),
                    MultiFieldPanel(
                        [FieldPanel("phone"), FieldPanel("phone_display")],
                        heading=_("Phone"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("street_address"),
                            FieldPanel("locality"),
                            FieldPanel("region"),
                            FieldPanel("postal_code"),
                        ],
                        heading=_("Address"),
                    ),
                    FieldPanel("service_areas"),
                    FieldPanel("time_zone"),
                    FieldPanel("office_hours"),
                ],
                heading=_("Clinic"),
            ),
            ObjectList(
                [
                    FieldPanel("response_time_notice"),
                    FieldPanel("after_hours_notice"),
                ],
                heading=_("Return requests"),
            ),
            ObjectList(
                [
                    FieldPanel("logo"),
                    FieldPanel("brand_colour"),
                    FieldPanel("social_links"),
                ],
                heading=_("Brand"),
            ),
            ObjectList(
                [
                    FieldPanel("disclaimer"),
                    FieldPanel("crisis_notice"),
                    FieldPanel("footer_text"),
                    FieldPanel("contact_page"),
                    FieldPanel("privacy_policy_page"),
                ],
                heading=_("Text and links"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("clinic settings")
        verbose_name_plural = _("clinic settings")

    def clean(self):
        super().clean()
        self.check_own_clinic()

    def check_own_clinic(self):
        """The notices, pages and logo chosen here must be this clinic's own: another
        clinic's crisis notice or privacy policy would be shown, and changed, by
        a team that is not this one."""
        errors = {}
        for name in ("disclaimer", "crisis_notice", "footer_text"):
            notice = getattr(self, name)
            if notice is not None and notice.site_id != self.site_id:
                errors[name] = _("Choose a notice of this clinic.")
        for name in ("contact_page", "privacy_policy_page"):
            page = getattr(self, name)
            if page is not None and site_id_for_page(page) != self.site_id:
                errors[name] = _("Choose a page of this clinic's site.")
        if self.logo is not None:
            refusal = ChoiceRules(site_id=self.site_id, user=None).refusal(self.logo)
            if refusal:
                errors["logo"] = refusal
        if errors:
            raise ValidationError(errors)

    @classmethod
    def for_page(cls, page, request=None):
        """The settings of the site ``page`` belongs to, from the content cache
        and then cached on ``request``.

        Falls back to the request's site for a page not yet in the tree (the
        preview of a page being created).
        """
        url_parts = page.get_url_parts(request)
        if url_parts is None:
            return cls.for_request(request)
        site_id = url_parts[0]
        on_request = (
            request.__dict__.setdefault("_clinic_settings", {}) if request else {}
        )
        if site_id not in on_request:
            on_request[site_id] = cached(
                f"clinic-settings:{site_id}",
                lambda: cls.for_site_id(site_id),
                site_id=site_id,
            )
            on_request[site_id]._request = request
        return on_request[site_id]

    @classmethod
    def for_site_id(cls, site_id):
        instance, _created = cls.base_queryset().get_or_create(site_id=site_id)
        return instance

    @property
    def display_name(self):
        return self.clinic_name or self.site.site_name or self.site.hostname

    @property
    def phone_e164(self):
        return self.phone.as_e164 if self.phone else ""

    @property
    def phone_label(self):
        if self.phone_display:
            return self.phone_display
        return self.phone.as_national if self.phone else ""

    @property
    def service_area_list(self):
        return [
            line.strip() for line in self.service_areas.splitlines() if line.strip()
        ]

    @property
    def has_address(self):
        return any([self.street_address, self.locality, self.region, self.postal_code])

    def opening_hours(self):
        """Rows to display: consecutive days with the same hours are grouped,
        e.g. ("Monday – Friday", "8 a.m. – 8 p.m.")."""
        rows = sorted(
            (int(block.value["weekday"]), block.value["opens"], block.value["closes"])
            for block in self.office_hours
        )
        runs = []  # [first day, last day, opens, closes]
        for day, opens, closes in rows:
            if runs and runs[-1][1] == day - 1 and runs[-1][2:] == [opens, closes]:
                runs[-1][1] = day
            else:
                runs.append([day, day, opens, closes])
        return [
            (day_range(first, last), f"{time_format(opens)} – {time_format(closes)}")
            for first, last, opens, closes in runs
        ]
