"""Bad input to the public return-request endpoint (POST /return-request/).

Whatever a visitor, a bot or a forger sends, the answer is a clear one: the page
again with the visitor's input and a specific error (400), not found (404),
forbidden (403) or method not allowed (405). Never a 500, and a refused request
leaves no Lead row and sends no mail. Input that only looks hostile (HTML,
tampered hidden fields) is saved as the text it is.
"""

import html
from urllib.parse import urlencode

from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from leads.models import Lead

pytestmark = pytest.mark.django_db

VISITOR_FIELDS = [
    "name",
    "phone",
    "email",
    "contact_method",
    "contact_time",
    "returning_client",
    "message",
]
ONE_LINE_FIELDS = ["name", "phone", "email"]
CHOICE_FIELDS = ["contact_method", "contact_time", "returning_client"]

ONE_LINE = "Please keep this to one line."
UNREADABLE = (
    "This contains characters we cannot read. Please type it again without them."
)
BAD_PHONE = (
    "Enter a phone number with its area code, e.g. (513) 555-0123, "
    "or an international number starting with +."
)
BAD_EMAIL = "Enter an email address like name@example.com."
NO_CONTACT = "Give a phone number or an email address, so we can reach you."
EMAIL_NEEDED = "You asked for an email: please add an email address."
PHONE_NEEDED = "You asked for a call or a text: please add a phone number."
NO_CONSENT = "Please tick this box so that we may contact you."
NO_NAME = "Please tell us what to call you."
FORBIDDEN = "This form can only be sent from the clinic's own website."


def too_long(limit, length):
    return f"Ensure this value has at most {limit} characters (it has {length})."


def bad_choice(value):
    return f"Select a valid choice. {value} is not one of the available choices."


@pytest.fixture
def tal_form(lead_forms):
    return lead_forms["tal"]


@pytest.fixture
def truhealing_form(lead_forms):
    return lead_forms["truhealing"]


def endpoint():
    return reverse("lead_submit")


def post_raw(client, form_page, body, content_type, **headers):
    """POST a body exactly as given, from the page's own site."""
    headers.setdefault("HTTP_HOST", form_page.host)
    headers.setdefault("HTTP_ORIGIN", form_page.origin)
    return client.generic(
        "POST", endpoint(), body, content_type=content_type, **headers
    )


def urlencoded(data):
    return urlencode(data).encode()


def assert_nothing_saved(mailoutbox):
    assert Lead.objects.count() == 0
    assert mailoutbox == []


def assert_one_lead_sent(form_page, mailoutbox):
    """The request was taken: one lead for the page's clinic, and its mail."""
    lead = Lead.objects.get()
    assert lead.site == form_page.clinic.site
    assert lead.page_id == form_page.page.pk
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == form_page.clinic.routing.lead_inbox_list
    return lead


def shown(form, name):
    """What the re-rendered form shows in the field ``name``."""
    if name == "message":
        return form.select_one("textarea[name=message]").get_text().removeprefix("\n")
    if name == "contact_time":
        option = form.select_one("select[name=contact_time] option[selected]")
        return option["value"] if option else ""
    if name in ("contact_method", "returning_client", "consent"):
        checked = form.select_one(f"input[name={name}][checked]")
        return checked.get("value", "on") if checked else ""
    return form.select_one(f"input[name={name}]").get("value", "")


def assert_form_again(response, form_page, data, *, errors):
    """A 400 with the page, its form, exactly ``errors`` ({field: message}) and
    every other field as the visitor typed it. Returns the parsed page."""
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one("form[data-lead-form]")
    assert form is not None
    assert form.select_one("input[name=page]")["value"] == str(form_page.page.pk)
    assert form.select_one("input[name=form]")["value"] == form_page.form_id
    prefix = f"#lead-{form_page.form_id}-"
    summary = {
        link["href"].removeprefix(prefix): link.get_text()
        for link in soup.select("[data-lead-errors] li a")
    }
    assert summary == errors
    for field, message in errors.items():
        if field != "website":  # the honeypot is hidden: the summary only
            inline = soup.select_one(f"#lead-{form_page.form_id}-{field}-error")
            assert inline.get_text() == message
    for field in [*VISITOR_FIELDS, "consent"]:
        if field not in errors:
            assert shown(form, field) == data.get(field, "")
    return soup


# Oversized fields and bodies

PHONE_WITH_EXTENSION = "+1 (513) 555-0123 ext. 1234567"  # 30 characters


def long_email(length):
    """A well-formed address of ``length`` characters (labels of 63 at most)."""
    domain_tail = "d" * (length - 64 - 1 - 64 - 64 - 4) + ".net"
    return f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{domain_tail}"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "N" * 101, too_long(100, 101)),
        ("phone", PHONE_WITH_EXTENSION + "8", "Please use at most 30 characters."),
        ("phone", "5" * 31, "Please use at most 30 characters."),
        ("email", long_email(255), too_long(254, 255)),
        ("message", "m" * 501, too_long(500, 501)),
        ("website", "w" * 201, too_long(200, 201)),
    ],
    ids=["name", "phone-extension", "phone-digits", "email", "message", "honeypot"],
)
def test_an_oversized_field_is_refused_with_its_limit(
    tal_form, client, mailoutbox, field, value, error
):
    data = tal_form.data(**{field: value})

    response = tal_form.post(client, data)

    assert_form_again(response, tal_form, data, errors={field: error})
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize(
    ("field", "value", "saved"),
    [
        ("name", "N" * 100, "N" * 100),
        ("email", long_email(254), long_email(254)),
        ("message", "m" * 500, "m" * 500),
    ],
    ids=["name", "email", "message"],
)
def test_a_field_at_its_limit_is_taken(
    tal_form, client, mailoutbox, field, value, saved
):
    response = tal_form.post(client, tal_form.data(**{field: value}))

    assert response.status_code == 303
    lead = assert_one_lead_sent(tal_form, mailoutbox)
    assert getattr(lead, field) == saved


def test_a_phone_number_with_an_extension_is_refused_not_cut(tal_form, client):
    # Phone numbers are stored as E.164, which has no room for an extension:
    # the visitor is told, rather than the extension silently dropped.
    response = tal_form.post(client, tal_form.data(phone=PHONE_WITH_EXTENSION))

    assert response.status_code == 400
    assert "Please leave out the extension" in response.text
    assert not Lead.objects.exists()


def test_a_message_at_its_limit_counts_each_line_break_once(
    tal_form, client, mailoutbox
):
    # Browsers count a line break as one character for maxlength, then send it
    # as CR LF: 50 lines of 9 are 499 characters typed, 548 sent.
    typed = "\n".join(["123456789"] * 50)

    response = tal_form.post(client, tal_form.data(message=typed.replace("\n", "\r\n")))

    assert response.status_code == 303
    assert assert_one_lead_sent(tal_form, mailoutbox).message == typed


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_body_over_the_upload_limit_is_a_400_not_a_500(
    tal_form, client, mailoutbox, settings, encoding
):
    data = tal_form.data(message="m" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    if encoding == "multipart":
        response = tal_form.post(client, data)
    else:
        body = urlencoded(data)
        response = post_raw(client, tal_form, body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_too_many_fields_is_a_400_not_a_500(
    tal_form, client, mailoutbox, settings, encoding
):
    extra = {f"x{i}": "1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)}
    data = {**tal_form.data(), **extra}

    if encoding == "multipart":
        response = tal_form.post(client, data)
    else:
        body = urlencoded(data)
        response = post_raw(client, tal_form, body, "application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert_nothing_saved(mailoutbox)


# Control characters and line breaks

LINE_BREAKS = {"CRLF": "\r\n", "LF": "\n", "CR": "\r"}
CONTROLS = {
    "NUL": "\x00",
    "BEL": "\x07",
    "TAB": "\t",
    "VT": "\x0b",
    "FF": "\x0c",
    "ESC": "\x1b",
    "DEL": "\x7f",
    "NEL": "\x85",
    "APC": "\x9f",
    "LSEP": "\u2028",
    "PSEP": "\u2029",
    "FFFD": "\ufffd",
}


def spliced(value, char):
    """``value`` with ``char`` in the middle, where stripping cannot reach it."""
    return value[:3] + char + value[3:]


def control_cases():
    for field in VISITOR_FIELDS:
        for label, char in {**LINE_BREAKS, **CONTROLS}.items():
            if field == "message" and char in ("\r\n", "\n", "\t"):
                continue  # allowed in the message, see below
            yield pytest.param(field, char, id=f"{field}-{label}")


@pytest.mark.parametrize(("field", "char"), list(control_cases()))
def test_control_characters_are_refused_in_every_field(
    tal_form, client, mailoutbox, field, char
):
    value = spliced(tal_form.data()[field], char)
    data = tal_form.data(**{field: value})

    response = tal_form.post(client, data)

    if field in CHOICE_FIELDS:
        error = bad_choice(value)
    elif field in ONE_LINE_FIELDS and char in LINE_BREAKS.values():
        error = ONE_LINE
    else:
        error = UNREADABLE
    assert_form_again(response, tal_form, data, errors={field: error})
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize(
    "char",
    ["\u202e", "\u2066", "\u200b", "\ufeff", "\u00ad"],
    ids=["right-to-left-override", "isolate", "zero-width-space", "bom", "soft-hyphen"],
)
def test_invisible_formatting_is_dropped_and_the_request_kept(tal_form, client, char):
    data = tal_form.data(name=f"Jor{char}dan", message=f"I left{char} early.")

    response = tal_form.post(client, data)

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert (lead.name, lead.message) == ("Jordan", "I left early.")


def test_joiners_and_direction_marks_stay():
    from leads.forms import without_invisible_formatting

    kept = "\u0645\u200c\u0646 \u200f\U0001f469\u200d\U0001f467"
    assert without_invisible_formatting(kept) == kept


def test_a_header_injection_in_the_name_is_one_line_too_many(
    tal_form, client, mailoutbox
):
    data = tal_form.data(name="Jordan\r\nBcc: everyone@example.net")

    response = tal_form.post(client, data)

    assert_form_again(response, tal_form, data, errors={"name": ONE_LINE})
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize(
    ("sent", "saved"),
    [
        ("First line\r\nSecond line\r\n\r\nLast", "First line\nSecond line\n\nLast"),
        ("First line\nSecond line", "First line\nSecond line"),
        ("Week\tthree", "Week\tthree"),
    ],
    ids=["CRLF", "LF", "TAB"],
)
def test_line_breaks_and_tabs_are_kept_in_the_message(
    tal_form, client, mailoutbox, sent, saved
):
    response = tal_form.post(client, tal_form.data(message=sent))

    assert response.status_code == 303
    assert assert_one_lead_sent(tal_form, mailoutbox).message == saved


# HTML and script

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><script>alert(2)</script>'


def test_html_is_saved_and_mailed_as_plain_text(tal_form, client, mailoutbox):
    tal_form.clinic.routing.lead_email_full_details = True
    tal_form.clinic.routing.save()

    response = tal_form.post(client, tal_form.data(name=SCRIPT, message=IMAGE))

    assert response.status_code == 303
    lead = assert_one_lead_sent(tal_form, mailoutbox)
    assert (lead.name, lead.message) == (SCRIPT, IMAGE)
    (mail,) = mailoutbox
    message = mail.message()
    assert not message.is_multipart()
    assert message.get_content_type() == "text/plain"
    assert getattr(mail, "alternatives", []) == []
    assert mail.attachments == []
    assert mail.subject == "New return request for Tal Behavioral Health Cleveland"
    for header, value in message.items():
        assert "alert" not in value, header
    # Plain text is shown as text by every mail client: the visitor's words are
    # there as typed, not as HTML and not escaped into entities.
    body_lines = mail.body.splitlines()
    assert f"First name: {SCRIPT}" in body_lines
    assert f"Name: {SCRIPT}" in body_lines
    assert IMAGE in body_lines
    assert "&lt;" not in mail.body
    thank_you = client.get(response["Location"], HTTP_HOST=tal_form.host)
    assert thank_you.status_code == 200
    assert "alert(1)" not in thank_you.text


# (field, hostile value, another value that makes the form invalid, the errors)
ESCAPE_CASES = [
    pytest.param("name", SCRIPT, {"phone": "123"}, {"phone": BAD_PHONE}, id="name"),
    pytest.param("name", BREAKOUT, {"phone": "123"}, {"phone": BAD_PHONE}, id="name2"),
    pytest.param("message", IMAGE, {"phone": "123"}, {"phone": BAD_PHONE}, id="msg"),
    pytest.param(
        "message",
        "</textarea>" + SCRIPT,
        {"phone": "123"},
        {"phone": BAD_PHONE},
        id="msg-breakout",
    ),
    pytest.param("phone", BREAKOUT, {}, {"phone": BAD_PHONE}, id="phone"),
    pytest.param("email", f"{SCRIPT}@x.net", {}, {"email": BAD_EMAIL}, id="email"),
    *[
        pytest.param(field, BREAKOUT, {}, {field: bad_choice(BREAKOUT)}, id=field)
        for field in CHOICE_FIELDS
    ],
]


@pytest.mark.parametrize(("field", "value", "invalid", "errors"), ESCAPE_CASES)
def test_html_is_escaped_when_the_form_comes_back(
    tal_form, client, mailoutbox, field, value, invalid, errors
):
    data = tal_form.data(**{field: value}, **invalid)

    response = tal_form.post(client, data)

    assert value not in response.text
    assert "<script>alert" not in response.text
    assert "<img src=x" not in response.text
    # The other fields, the hostile one included when it is valid, come back as
    # typed (assert_form_again compares the parsed, unescaped values).
    soup = assert_form_again(response, tal_form, data, errors=errors)
    if field not in CHOICE_FIELDS:  # an invalid text comes back as text too
        assert shown(soup.select_one("form[data-lead-form]"), field) == value
    assert_nothing_saved(mailoutbox)


# Invalid phone, email, contact method and consent


INVALID_VALUES = {
    "phone too short": ({"phone": "123"}, {"phone": BAD_PHONE}),
    "phone in words": ({"phone": "not a phone"}, {"phone": BAD_PHONE}),
    # Possible numbers that are not valid: 555 and 123 are no US area codes.
    "phone area code 555": ({"phone": "(555) 555-5555"}, {"phone": BAD_PHONE}),
    "phone area code 123": ({"phone": "(123) 456-7890"}, {"phone": BAD_PHONE}),
    "phone without area code": ({"phone": "555-0123"}, {"phone": BAD_PHONE}),
    "phone country code 999": ({"phone": "+999 1234567"}, {"phone": BAD_PHONE}),
    "email without domain": ({"email": "jordan@"}, {"email": BAD_EMAIL}),
    "email in words": ({"email": "not an email"}, {"email": BAD_EMAIL}),
    "email without TLD": ({"email": "jordan@example"}, {"email": BAD_EMAIL}),
    "email with two @": ({"email": "jordan@@example.net"}, {"email": BAD_EMAIL}),
    "phone and email empty": ({"phone": "", "email": ""}, {"phone": NO_CONTACT}),
    "phone and email missing": ({"phone": None, "email": None}, {"phone": NO_CONTACT}),
    "by email, email empty": (
        {"email": "", "contact_method": "email"},
        {"email": EMAIL_NEEDED},
    ),
    "by email, email missing": (
        {"email": None, "contact_method": "email"},
        {"email": EMAIL_NEEDED},
    ),
    "by phone, phone empty": (
        {"phone": "", "contact_method": "phone"},
        {"phone": PHONE_NEEDED},
    ),
    "by text, phone empty": (
        {"phone": "", "contact_method": "text"},
        {"phone": PHONE_NEEDED},
    ),
    "unknown contact method": (
        {"contact_method": "carrier-pigeon"},
        {"contact_method": bad_choice("carrier-pigeon")},
    ),
    "consent missing": ({"consent": None}, {"consent": NO_CONSENT}),
    "consent empty": ({"consent": ""}, {"consent": NO_CONSENT}),
    "consent false": ({"consent": "false"}, {"consent": NO_CONSENT}),
    "consent 0": ({"consent": "0"}, {"consent": NO_CONSENT}),
    "name missing": ({"name": None}, {"name": NO_NAME}),
    "name blank": ({"name": "   "}, {"name": NO_NAME}),
}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [pytest.param(*case, id=key) for key, case in INVALID_VALUES.items()],
)
def test_invalid_values_get_their_own_error(
    tal_form, client, mailoutbox, fields, errors
):
    data = tal_form.data(**fields)

    response = tal_form.post(client, data)

    assert_form_again(response, tal_form, data, errors=errors)
    assert_nothing_saved(mailoutbox)


# Forged page and form ids


FORGED_IDS = {
    "page without a form": lambda here, there: {"page": str(here.clinic.home.pk)},
    "page is text": {"page": "abc"},
    "page is empty": {"page": ""},
    "page is a decimal": {"page": "1.5"},
    "page is negative": {"page": "-1"},
    "page is too big for the column": {"page": "9" * 20},
    "page is missing": {"page": None},
    "page does not exist": {"page": "987654"},
    "form does not exist": {"form": "no-such-form"},
    "form is empty": {"form": ""},
    "form is missing": {"form": None},
    "form of the other clinic": lambda here, there: {"form": there.form_id},
    "page of the other clinic": lambda here, there: {"page": str(there.page.pk)},
}


@pytest.mark.parametrize(
    "forged", [pytest.param(value, id=key) for key, value in FORGED_IDS.items()]
)
def test_forged_ids_are_not_found(
    tal_form, truhealing_form, client, mailoutbox, forged
):
    fields = forged(tal_form, truhealing_form) if callable(forged) else forged

    response = tal_form.post(client, tal_form.data(**fields))

    assert response.status_code == 404
    assert_nothing_saved(mailoutbox)


def test_an_unpublished_page_is_not_found(tal_form, client, mailoutbox):
    tal_form.page.unpublish()

    response = tal_form.post(client)

    assert response.status_code == 404
    assert_nothing_saved(mailoutbox)


def test_a_form_only_in_an_unpublished_draft_is_not_found(tal_form, client, mailoutbox):
    page = tal_form.page
    page.body.append(("lead_form", {"variant": "compact"}))
    draft = page.save_revision().as_object()
    (draft_form_id,) = [
        child.id
        for child in draft.body
        if child.block_type == "lead_form" and child.id != tal_form.form_id
    ]

    response = tal_form.post(client, tal_form.data(form=draft_form_id))

    assert response.status_code == 404
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize("on", ["page", "parent"])
@pytest.mark.parametrize(
    "restriction_type",
    [
        PageViewRestriction.PASSWORD,
        PageViewRestriction.LOGIN,
        PageViewRestriction.GROUPS,
    ],
)
def test_a_private_page_is_not_found(
    tal_form, client, mailoutbox, restriction_type, on
):
    page = tal_form.page if on == "page" else tal_form.page.get_parent()
    PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, password="secret"
    )

    response = tal_form.post(client)

    assert response.status_code == 404
    assert_nothing_saved(mailoutbox)


def test_a_posted_site_is_ignored(tal_form, truhealing_form, client, mailoutbox):
    other = str(truhealing_form.clinic.site.pk)

    response = tal_form.post(client, tal_form.data(site=other, site_id=other))

    assert response.status_code == 303
    assert_one_lead_sent(tal_form, mailoutbox)


def test_the_origin_must_be_the_pages_site_even_with_that_host(
    tal_form, truhealing_form, client, mailoutbox
):
    response = tal_form.post(
        client, origin=truhealing_form.origin, HTTP_HOST=truhealing_form.host
    )

    assert response.status_code == 403
    assert_forbidden_page(response)
    assert_nothing_saved(mailoutbox)


def test_the_lead_goes_to_the_pages_clinic_whatever_the_host(
    tal_form, truhealing_form, client, mailoutbox
):
    response = tal_form.post(client, HTTP_HOST=truhealing_form.host)

    assert response.status_code == 303
    lead = assert_one_lead_sent(tal_form, mailoutbox)
    assert mailoutbox[0].to == ["intake@tal.example"]
    anchor = f"?sent={tal_form.form_id}#lead-{tal_form.form_id}"
    assert response["Location"] == tal_form.page.full_url + anchor
    assert lead.source_url == tal_form.page.full_url


# Bodies that are not UTF-8

FORM_TYPE = "application/x-www-form-urlencoded"


def body_with(form_page, field, raw):
    """The browser's urlencoded body, with ``raw`` bytes as the value of
    ``field``; returns (body, the other fields)."""
    others = form_page.data(**{field: None})
    return urlencoded(others) + b"&" + field.encode() + b"=" + raw, others


def multipart(fields, boundary="lead-boundary"):
    """A multipart body of ``fields`` (str values are sent as UTF-8)."""
    head = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n'
    parts = [
        head.format(boundary, name).encode()
        + (value if isinstance(value, bytes) else value.encode())
        + b"\r\n"
        for name, value in fields.items()
    ]
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


@pytest.mark.parametrize(
    "raw",
    [b"Jo%FF%FEan", b"%C3%28", b"%ED%A0%80", b"Jordan%80"],
    ids=["FF-FE", "broken-sequence", "surrogate", "lone-continuation"],
)
def test_percent_encoded_bytes_that_are_not_utf8_are_refused(
    tal_form, client, mailoutbox, raw
):
    body, others = body_with(tal_form, "name", raw)

    response = post_raw(client, tal_form, body, FORM_TYPE)

    assert_form_again(response, tal_form, others, errors={"name": UNREADABLE})
    assert_nothing_saved(mailoutbox)


def test_raw_utf8_bytes_are_read_as_utf8(tal_form, client, mailoutbox):
    # Not what a browser sends (it percent-encodes), but what curl --data does.
    body, _others = body_with(tal_form, "name", "Zoë Example".encode())

    response = post_raw(client, tal_form, body, FORM_TYPE)

    assert response.status_code == 303
    assert assert_one_lead_sent(tal_form, mailoutbox).name == "Zoë Example"


def test_a_raw_latin1_body_is_refused(tal_form, client, mailoutbox):
    body, others = body_with(tal_form, "name", "José Example".encode("latin-1"))

    response = post_raw(client, tal_form, body, FORM_TYPE)

    assert_form_again(response, tal_form, others, errors={"name": UNREADABLE})
    assert_nothing_saved(mailoutbox)


def test_one_latin1_byte_does_not_garble_the_rest_of_the_body(
    tal_form, client, mailoutbox
):
    # The name in raw UTF-8, the message with one raw latin-1 byte: the name must
    # not be saved as "ZoÃ«" (the whole body read as latin-1).
    others = tal_form.data(name=None, message=None)
    body = (
        urlencoded(others)
        + b"&name="
        + "Zoë".encode()
        + b"&message="
        + "Café".encode("latin-1")
    )

    response = post_raw(client, tal_form, body, FORM_TYPE)

    assert_form_again(
        response, tal_form, {**others, "name": "Zoë"}, errors={"message": UNREADABLE}
    )
    assert_nothing_saved(mailoutbox)


def test_raw_windows_1252_quotes_are_refused(tal_form, client, mailoutbox):
    body, others = body_with(tal_form, "name", "“Jo”".encode("cp1252"))

    response = post_raw(client, tal_form, body, FORM_TYPE)

    assert_form_again(response, tal_form, others, errors={"name": UNREADABLE})
    assert_nothing_saved(mailoutbox)


def test_a_body_declared_as_latin1_is_a_400_not_a_500(tal_form, client, mailoutbox):
    # Django 5.2 reads urlencoded bodies as UTF-8 only (our pages are UTF-8, so
    # browsers send UTF-8): another charset is a Bad Request before the view.
    body = urlencode(tal_form.data(name="José Example"), encoding="latin-1").encode()

    response = post_raw(client, tal_form, body, f"{FORM_TYPE}; charset=iso-8859-1")

    assert response.status_code == 400
    assert "Bad Request (400)" in response.text
    assert_nothing_saved(mailoutbox)


def test_latin1_in_a_multipart_body_is_refused(tal_form, client, mailoutbox):
    others = tal_form.data(name=None)
    body = multipart({**others, "name": "José Example".encode("latin-1")})

    response = post_raw(
        client, tal_form, body, "multipart/form-data; boundary=lead-boundary"
    )

    assert_form_again(response, tal_form, others, errors={"name": UNREADABLE})
    assert_nothing_saved(mailoutbox)


@pytest.mark.parametrize(
    ("content_type", "cut", "status"),
    [
        ("multipart/form-data", None, 400),
        ("multipart/form-data; boundary=", None, 400),
        # The page and form ids arrive, the rest does not: the form, with errors.
        ("multipart/form-data; boundary=lead-boundary", 200, 400),
        # Nothing can be read, not even which form it was.
        ("multipart/form-data; boundary=other-boundary", None, 404),
    ],
    ids=["no-boundary", "empty-boundary", "truncated", "wrong-boundary"],
)
def test_a_broken_multipart_body_is_refused_not_a_500(
    tal_form, client, mailoutbox, content_type, cut, status
):
    body = multipart(tal_form.data())[:cut]

    response = post_raw(client, tal_form, body, content_type)

    assert response.status_code == status
    assert_nothing_saved(mailoutbox)


# Methods other than POST


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def test_only_post_is_allowed(tal_form, client, mailoutbox, method):
    response = post_raw(
        client, tal_form, urlencoded(tal_form.data()), FORM_TYPE, REQUEST_METHOD=method
    )

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert_nothing_saved(mailoutbox)


# Where the request comes from


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://truhealing.localhost"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_ORIGIN": ""},
        {"HTTP_ORIGIN": "http://tal.localhost:8080"},
        {"HTTP_ORIGIN": "http://tal.localhost:443"},
        {"HTTP_ORIGIN": "https://tal.localhost:80"},
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "http://tal.localhost:not-a-port"},
        {"HTTP_ORIGIN": "ftp://tal.localhost"},
        {"HTTP_ORIGIN": "http://tal.localhost.evil.example"},
        {"HTTP_ORIGIN": "http://evil.example", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_SEC_FETCH_SITE": "none"},
    ],
    ids=lambda headers: " ".join(f"{k[5:]}={v!r}" for k, v in headers.items()),
)
def test_requests_from_elsewhere_are_forbidden(tal_form, client, mailoutbox, headers):
    response = client.post(
        endpoint(), tal_form.data(), HTTP_HOST=tal_form.host, **headers
    )

    assert response.status_code == 403
    assert_forbidden_page(response)
    assert_nothing_saved(mailoutbox)


def test_a_forbidden_request_does_not_get_its_input_back(tal_form, client, mailoutbox):
    data = tal_form.data(name=SCRIPT, phone="123")

    response = tal_form.post(client, data, origin="http://evil.example")

    assert response.status_code == 403
    assert_forbidden_page(response)
    assert "123" not in response.text
    assert_nothing_saved(mailoutbox)


def assert_forbidden_page(response):
    """A page that says why, and how to reach the clinic instead."""
    text = html.unescape(response.text)
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert FORBIDDEN in text
    assert 'href="tel:+12164804860"' in text  # Tal's phone
    assert 'href="tel:988"' in text


@pytest.mark.parametrize(
    ("headers", "secure"),
    [
        # A site on the standard port (80) is served over http and https alike,
        # each on its own default port.
        ({"HTTP_ORIGIN": "https://tal.localhost"}, True),
        ({"HTTP_ORIGIN": "https://tal.localhost:443"}, True),
        ({"HTTP_ORIGIN": "http://tal.localhost:80"}, False),
        ({"HTTP_ORIGIN": "http://TAL.localhost"}, False),
        ({"HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        # A page with a no-referrer policy: the browser hides the origin.
        ({"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"}, False),
        ({}, False),  # not a browser: no cross-site request to fear
    ],
    ids=lambda value: (
        value
        if isinstance(value, bool)
        else " ".join(f"{k[5:]}={v!r}" for k, v in value.items()) or "no-headers"
    ),
)
def test_requests_from_the_clinics_own_site_are_taken(
    tal_form, client, mailoutbox, headers, secure
):
    response = client.post(
        endpoint(), tal_form.data(), HTTP_HOST=tal_form.host, secure=secure, **headers
    )

    assert response.status_code == 303
    assert_one_lead_sent(tal_form, mailoutbox)


@pytest.mark.parametrize(
    ("origin", "secure"),
    [
        # The same host over the other scheme is another origin: an http page
        # (or a man in the middle of one) may not post into the https site.
        ("http://tal.localhost", True),
        ("http://tal.localhost:443", True),
        ("https://tal.localhost", False),
        ("https://tal.localhost:80", False),
    ],
)
def test_the_same_host_over_another_scheme_is_refused(
    tal_form, client, mailoutbox, origin, secure
):
    response = client.post(
        endpoint(),
        tal_form.data(),
        HTTP_HOST=tal_form.host,
        HTTP_ORIGIN=origin,
        secure=secure,
    )

    assert response.status_code == 403
    assert_forbidden_page(response)
    assert_nothing_saved(mailoutbox)


# Tampered hidden fields


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("submission_id", "not-a-uuid", id="id-not-a-uuid"),
        pytest.param("submission_id", "' OR 1=1 --", id="id-sql"),
        pytest.param("submission_id", "\x00", id="id-NUL"),
        pytest.param("submission_id", "x" * 5000, id="id-huge"),
        pytest.param("fill_ms", "-5", id="ms-negative"),
        pytest.param("fill_ms", "9" * 20, id="ms-huge"),
        pytest.param("fill_ms", "soon", id="ms-text"),
        pytest.param("fill_ms", "1e9", id="ms-exponent"),
        pytest.param("fill_ms", "\x00", id="ms-NUL"),
    ],
)
def test_tampered_hidden_fields_are_ignored(tal_form, client, mailoutbox, field, value):
    response = tal_form.post(client, tal_form.data(**{field: value}))

    assert response.status_code == 303
    lead = assert_one_lead_sent(tal_form, mailoutbox)
    assert lead.submission_id is not None  # made by the server instead
    assert lead.quarantined is False
    assert lead.spam_signals == ""
    if field == "fill_ms":  # no fill time, no reCAPTCHA: nothing verified it
        assert lead.verification == Lead.Verification.UNVERIFIED


def test_the_error_summary_links_to_a_radio_group_that_exists(tal_form, client):
    response = tal_form.post(client, tal_form.data(contact_method="fax"))

    assert response.status_code == 400
    group = f"lead-{tal_form.form_id}-contact_method"
    assert f'href="#{group}"' in response.text
    assert f'<fieldset class="field field--choices field--error" id="{group}"' in (
        response.text
    )
