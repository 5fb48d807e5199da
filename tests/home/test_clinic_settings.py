"""ClinicSettings rules: phone in E.164, readable brand colour, valid inboxes, hours."""

import datetime

from django.core.exceptions import ValidationError

from wagtail.blocks import StructBlockValidationError

import pytest
from wagtail_factories import ImageFactory

from home.blocks import OfficeHoursBlock
from home.factories import NoticeFactory, StandardPageFactory
from home.models.settings import contrast_with_white
from home.teams import add_clinic


def test_phone_is_stored_in_e164_and_shown_as_written(truhealing):
    clinic = truhealing.settings
    clinic.phone = "(888) 643-9118"
    clinic.phone_display = ""
    clinic.full_clean()
    clinic.save()
    clinic.refresh_from_db()

    assert clinic.phone_e164 == "+18886439118"
    assert clinic.phone_label == "(888) 643-9118"

    clinic.phone_display = "888-643-9118"
    assert clinic.phone_label == "888-643-9118"


def test_invalid_phone_is_refused(truhealing):
    truhealing.settings.phone = "555-01"

    with pytest.raises(ValidationError) as error:
        truhealing.settings.full_clean()

    assert "phone" in error.value.message_dict


@pytest.mark.parametrize("colour", ["#1d5c63", "#5b2a86", "#000000"])
def test_dark_brand_colours_pass_wcag_aa(truhealing, colour):
    truhealing.settings.brand_colour = colour
    truhealing.settings.full_clean()


def test_pale_brand_colour_is_refused_with_its_contrast(truhealing):
    truhealing.settings.brand_colour = "#7fd1c1"

    with pytest.raises(ValidationError) as error:
        truhealing.settings.full_clean()

    assert error.value.message_dict["brand_colour"] == [
        "White text on #7fd1c1 has a contrast of 1.8:1; WCAG AA needs 4.5:1. "
        "Choose a darker colour."
    ]


def test_contrast_matches_wcag_reference_values():
    assert contrast_with_white("#000000") == pytest.approx(21.0)
    assert contrast_with_white("#ffffff") == pytest.approx(1.0)
    assert contrast_with_white("#767676") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", ["teal", "#1d5c6", "#1d5c63;}", "1d5c63"])
def test_malformed_brand_colour_is_refused(truhealing, colour):
    truhealing.settings.brand_colour = colour

    with pytest.raises(ValidationError) as error:
        truhealing.settings.full_clean()

    assert error.value.message_dict["brand_colour"][0] == (
        "Enter a colour as #RRGGBB, e.g. #1d5c63."
    )


def test_opening_hours_group_consecutive_days(truhealing):
    clinic = truhealing.settings
    weekdays = [
        ("hours", {"weekday": str(day), "opens": "08:00", "closes": "20:00"})
        for day in range(5)
    ]
    saturday = ("hours", {"weekday": "5", "opens": "09:30", "closes": "13:00"})
    clinic.office_hours = [saturday, *weekdays]
    clinic.save()
    clinic.refresh_from_db()

    assert clinic.opening_hours() == [
        ("Monday – Friday", "8 a.m. – 8 p.m."),
        ("Saturday", "9:30 a.m. – 1 p.m."),
    ]


def test_office_hours_must_close_after_they_open():
    block = OfficeHoursBlock()
    value = block.to_python({"weekday": "0", "opens": "17:00", "closes": "09:00"})

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)

    assert error.value.block_errors["closes"].message == (
        "Closing time must be after opening time."
    )
    assert block.clean(
        block.to_python({"weekday": "0", "opens": "09:00", "closes": "17:00"})
    )["closes"] == datetime.time(17, 0)


def test_settings_fall_back_to_site_name_until_named(truhealing):
    truhealing.settings.clinic_name = ""

    assert truhealing.settings.display_name == "TruHealing Cincinnati"


def test_settings_refuse_another_clinics_notices_and_pages(truhealing, tal):
    clinic = truhealing.settings
    clinic.crisis_notice = NoticeFactory(site=tal.site, name="Tal crisis notice")
    clinic.privacy_policy_page = StandardPageFactory(parent=tal.home, slug="privacy")
    clinic.contact_page = StandardPageFactory(parent=truhealing.home, slug="contact")

    with pytest.raises(ValidationError) as error:
        clinic.full_clean()

    assert error.value.message_dict == {
        "crisis_notice": ["Choose a notice of this clinic."],
        "privacy_policy_page": ["Choose a page of this clinic's site."],
    }


def test_settings_refuse_another_clinics_logo(truhealing, tal):
    tal_team, _created = add_clinic(hostname=tal.host, name=tal.site.site_name)
    clinic = truhealing.settings
    clinic.logo = ImageFactory(collection=tal_team.collection)

    with pytest.raises(ValidationError) as error:
        clinic.full_clean()

    assert error.value.message_dict == {
        "logo": ["This image belongs to another clinic."]
    }
