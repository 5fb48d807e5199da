"""Bad input to the return-request endpoint: each gets a clear error or a 4xx,
never a 500, and never a partial row or a stray email."""

import pytest

from leads.models import Lead

pytestmark = pytest.mark.django_db

ENDPOINT = "/return-request/"
VISITOR_FIELDS = [
    "name",
    "phone",
    "email",
    "contact_method",
    "contact_time",
    "returning_client",
    "message",
]


@pytest.fixture
def tal(lead_forms):
    return lead_forms["tal"]


@pytest.fixture(autouse=True)
def nothing_sent(mailoutbox):
    yield
    if not Lead.objects.exists():
        assert mailoutbox == []


def assert_refused(response, *, status=400, text=None):
    assert response.status_code == status
    assert not Lead.objects.exists()
    if text is not None:
        assert text in response.content.decode()


@pytest.mark.parametrize(
    ("field", "length", "message"),
    [
        ("name", 101, "at most 100 characters"),
        ("phone", 31, "at most 30 characters"),
        ("email", 255, "at most 254 characters"),
        ("message", 501, "at most 500 characters"),
        ("website", 201, "at most 200 characters"),
    ],
)
def test_oversized_fields_are_refused_with_the_limit(
    tal, client, field, length, message
):
    value = "a" * (length - 12) + "@example.net" if field == "email" else "1" * length
    if field in ("name", "message", "website"):
        value = "x" * length

    response = tal.post(client, tal.data(**{field: value}))

    assert_refused(response, text=message)
    assert 'value="jordan@example.net"' in response.text or field == "email"


def test_a_body_over_the_upload_limit_is_a_400(tal, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000

    response = tal.post(client, tal.data(message="x" * 20_000))

    assert_refused(response)


HEADER_INJECTION = "\r\nBcc: victim@example.net"
CONTROL_CASES = [
    (field, bad)
    for field in VISITOR_FIELDS
    for bad in [HEADER_INJECTION, "\x00", "\x1b[31m", "\x85"]
    # The message may have line breaks; it never reaches a header.
    if not (field == "message" and bad == HEADER_INJECTION)
]


@pytest.mark.parametrize(("field", "bad"), CONTROL_CASES)
def test_control_characters_are_refused_in_every_field(tal, client, field, bad):
    base = tal.data()[field]

    response = tal.post(client, tal.data(**{field: base + bad}))

    assert_refused(response)


def test_line_breaks_are_fine_in_the_message_only(tal, client):
    response = tal.post(client, tal.data(message="First line\r\nSecond line"))

    assert response.status_code == 303
    assert Lead.objects.get().message == "First line\nSecond line"


def test_a_line_break_in_the_name_says_so(tal, client):
    response = tal.post(client, tal.data(name="Jordan\r\nBcc: x@example.net"))

    assert_refused(response, text="Please keep this to one line.")


def test_undecodable_text_is_refused(tal, client):
    body = (
        f"page={tal.page.pk}&form={tal.form_id}&name=Jo%FF%FEan&phone=5135550123"
        "&contact_method=phone&consent=on"
    )

    response = client.generic(
        "POST",
        ENDPOINT,
        body.encode(),
        content_type="application/x-www-form-urlencoded",
        HTTP_HOST=tal.host,
        HTTP_ORIGIN=tal.origin,
    )

    assert_refused(response, text="characters we cannot read")


def test_a_latin1_multipart_body_is_refused(tal, client):
    boundary = "XyZ"
    parts = [
        ("page", str(tal.page.pk).encode()),
        ("form", tal.form_id.encode()),
        ("name", "José".encode("latin-1")),
        ("phone", b"5135550123"),
        ("contact_method", b"phone"),
        ("consent", b"on"),
    ]
    disposition = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n'
    body = (
        b"".join(
            disposition.format(boundary, name).encode() + value + b"\r\n"
            for name, value in parts
        )
        + f"--{boundary}--\r\n".encode()
    )

    response = client.generic(
        "POST",
        ENDPOINT,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_HOST=tal.host,
        HTTP_ORIGIN=tal.origin,
    )

    assert_refused(response, text="characters we cannot read")


def test_html_is_stored_as_text_and_escaped_everywhere(tal, client, mailoutbox):
    tal.clinic.settings.lead_email_full_details = True
    tal.clinic.settings.save()
    script = "<script>alert(1)</script>"
    image = '<img src=x onerror="alert(2)">'

    invalid = tal.post(client, tal.data(name=script, message=image, phone="12"))
    valid = tal.post(client, tal.data(name=script, message=image))

    assert invalid.status_code == 400
    assert script not in invalid.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in invalid.text
    assert "<img src=x" not in invalid.text
    assert valid.status_code == 303
    lead = Lead.objects.get()
    assert lead.name == script
    (mail,) = mailoutbox
    assert type(mail).__name__ == "EmailMessage"  # no HTML alternative
    assert mail.content_subtype == "plain"
    assert script not in mail.subject
    assert "alert" not in mail.subject
    assert image in mail.body  # literally, as typed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "123"}, "Enter a phone number with its area code"),
        ({"phone": "not a phone"}, "Enter a phone number with its area code"),
        ({"phone": "(555) 555-5555"}, "Enter a phone number with its area code"),
        ({"email": "jordan@", "contact_method": "email"}, "Enter an email address"),
        ({"phone": "", "email": ""}, "Give a phone number or an email address"),
        (
            {"email": "", "phone": "5135550123", "contact_method": "email"},
            "add an email",
        ),  # fmt: skip
        ({"phone": "", "contact_method": "text"}, "add a phone number"),
        ({"consent": None}, "Please tick this box"),
        ({"name": "   "}, "Please tell us what to call you."),
        ({"contact_method": "carrier-pigeon"}, "Select a valid choice"),
    ],
)
def test_invalid_values_get_a_clear_error(tal, client, fields, message):
    response = tal.post(client, tal.data(**fields))

    assert_refused(response, text=message)


# Forged ids and origins


def test_unknown_page_or_form_is_not_found(tal, lead_forms, client):
    truhealing = lead_forms["truhealing"]
    cases = [
        {"page": "999999"},
        {"page": "abc"},
        {"page": None},
        {"form": "no-such-form"},
        {"form": truhealing.form_id},  # another clinic's form, this page
        {"page": str(tal.clinic.home.pk)},  # a page without a form
    ]
    for fields in cases:
        assert_refused(tal.post(client, tal.data(**fields)), status=404)


def test_draft_and_private_pages_take_no_requests(tal, client):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=tal.page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert_refused(tal.post(client), status=404)
    restriction.delete()

    tal.page.unpublish()
    assert_refused(tal.post(client), status=404)


def test_a_posted_site_is_ignored(tal, lead_forms, client):
    other = lead_forms["truhealing"].clinic.site.pk

    tal.post(client, tal.data(site=str(other), site_id=str(other)))

    assert Lead.objects.get().site == tal.clinic.site


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "http://truhealing.localhost"},
        {"origin": "null"},
        {"origin": "http://tal.localhost:8080"},
        {"origin": "ftp://tal.localhost"},
        {"origin": "http://tal.localhost.evil.example"},
        {"origin": "", "HTTP_SEC_FETCH_SITE": "cross-site"},
        {"origin": "", "HTTP_SEC_FETCH_SITE": "same-site"},
    ],
    ids=lambda headers: ",".join(f"{k}={v}" for k, v in headers.items()),
)
def test_other_origins_are_forbidden(tal, client, headers):
    headers = dict(headers)
    origin = headers.pop("origin")
    kwargs = {"HTTP_ORIGIN": origin} if origin else {}
    response = client.post(
        ENDPOINT, tal.data(), HTTP_HOST=tal.host, **kwargs, **headers
    )

    assert_refused(response, status=403)


def test_same_origin_without_origin_header_and_non_browsers_are_accepted(tal, client):
    fetch = client.post(
        ENDPOINT, tal.data(), HTTP_HOST=tal.host, HTTP_SEC_FETCH_SITE="same-origin"
    )
    plain = client.post(ENDPOINT, tal.data(name="Curl"), HTTP_HOST=tal.host)

    assert fetch.status_code == plain.status_code == 303
    assert Lead.objects.count() == 2


def test_https_origin_is_accepted_for_a_standard_port_site(tal, client):
    response = tal.post(client, origin=f"https://{tal.host}")

    assert response.status_code == 303


@pytest.mark.parametrize("method", ["get", "put", "delete", "head", "patch"])
def test_only_post_is_allowed(client, tal, method):
    response = getattr(client, method)(ENDPOINT, HTTP_HOST=tal.host)

    assert_refused(response, status=405)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("submission_id", "not-a-uuid"),
        ("submission_id", "' OR 1=1 --"),
        ("fill_ms", "-5"),
        ("fill_ms", "99999999999999"),
        ("fill_ms", "soon"),
    ],
)
def test_tampered_hidden_fields_are_ignored_not_errors(tal, client, field, value):
    response = tal.post(client, tal.data(**{field: value}))

    assert response.status_code == 303
    assert Lead.objects.count() == 1
