"""The return-request form from the visitor's side: one request per fill, to the
clinic of the page it was sent from, nothing per visitor in the page, and spam
checks that hold a request back instead of dropping it."""

import threading
import uuid
from urllib.error import URLError

from django.db import OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse

import pytest
from django_recaptcha.client import RecaptchaResponse

from home.factories import NoticeFactory
from leads import ratelimit
from leads.client_ip import ip_hmac
from leads.factories import ContactPageFactory
from leads.models import Lead, RateCounter
from tests.leads.conftest import form_page, run_worker
from tests.leads.test_lead_admin import staff_of
from tests.outage import redis_down
from tests.outage import redis_url as shared_redis_url

RECAPTCHA_SITE_KEY = "6Lc" + "s" * 37
RECAPTCHA_SECRET_KEY = "6Lc" + "p" * 37


def page_html(client, form_page, query=""):
    response = client.get("/blog/coming-back/" + query, HTTP_HOST=form_page.host)
    assert response.status_code == 200
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_clinic_post_reaches_its_own_inbox_only(
    lead_forms, client, database_tasks, mail_over_smtp, smtp_server, django_user_model
):
    mail_over_smtp(smtp_server.port)
    truhealing, tal = lead_forms["truhealing"], lead_forms["tal"]

    assert truhealing.post(client, truhealing.data(name="Avery")).status_code == 303
    assert tal.post(client, tal.data(name="Blake")).status_code == 303
    run_worker()

    leads = {lead.site_id: lead for lead in Lead.objects.all()}
    assert set(leads) == {truhealing.clinic.site.pk, tal.clinic.site.pk}
    assert all(lead.delivery == Lead.Delivery.SENT for lead in leads.values())
    received = {
        tuple(recipients): message for recipients, message in smtp_server.messages
    }
    assert set(received) == {
        ("admissions@truhealing.example",),
        ("intake@tal.example",),
    }
    to_truhealing = received[("admissions@truhealing.example",)]
    to_tal = received[("intake@tal.example",)]
    assert "Avery" in to_truhealing.get_content()
    assert "Blake" not in to_truhealing.get_content()
    assert "Blake" in to_tal.get_content()
    assert to_tal["Message-ID"] == leads[tal.clinic.site.pk].message_id
    assert "Tal Behavioral Health" in to_tal["Subject"]
    assert "Blake" not in to_tal["Subject"]
    assert f"/admin/leads/edit/{leads[tal.clinic.site.pk].pk}/" in to_tal.get_content()

    # In the admin: Tal's staff see Tal's request, not TruHealing's.
    client.force_login(staff_of(tal.clinic, django_user_model, "view", "change"))
    listing = client.get(reverse("leads:index")).text
    assert str(leads[tal.clinic.site.pk]) in listing
    assert str(leads[truhealing.clinic.site.pk]) not in listing


def test_site_comes_from_the_page_not_the_host_or_the_post(lead_forms, client):
    tal, truhealing = lead_forms["tal"], lead_forms["truhealing"]
    data = tal.data(site=str(truhealing.clinic.site.pk))

    response = tal.post(client, data, HTTP_HOST=truhealing.host)

    assert response.status_code == 303
    assert Lead.objects.get().site == tal.clinic.site


def test_form_pages_set_no_cookie_and_do_not_vary_on_cookies(lead_forms, client):
    tal = lead_forms["tal"]

    page = page_html(client, tal)
    sent = tal.post(client)
    thanks = page_html(client, tal, f"?sent={tal.form_id}")
    invalid = tal.post(client, tal.data(name=""))

    for response in (page, sent, thanks, invalid):
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert "cookie" not in response.headers.get("Vary", "").lower()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "submission_id" in page.content.decode()


def test_cross_origin_post_is_refused(lead_forms, client):
    tal, truhealing = lead_forms["tal"], lead_forms["truhealing"]

    forged = tal.post(client, origin=truhealing.origin)
    from_elsewhere = tal.post(client, origin="https://evil.example")

    assert forged.status_code == 403
    assert from_elsewhere.status_code == 403
    assert not Lead.objects.exists()


def test_the_default_clinic_takes_requests_under_another_of_its_names(
    lead_forms, client
):
    """Wagtail serves the default site under any allowed host (www., say)."""
    truhealing, tal = lead_forms["truhealing"], lead_forms["tal"]
    alias = f"www.{truhealing.host}"

    own = truhealing.post(client, origin=f"http://{alias}", HTTP_HOST=alias)
    other_clinic = tal.post(client, origin=f"http://{alias}", HTTP_HOST=alias)

    assert own.status_code == 303
    assert other_clinic.status_code == 403
    assert Lead.objects.get().site == truhealing.clinic.site


def test_post_redirects_to_a_thank_you_state_that_does_not_resubmit(lead_forms, client):
    tal = lead_forms["tal"]

    response = tal.post(client)

    assert response.status_code == 303
    assert response["Location"] == (
        f"/blog/coming-back/?sent={tal.form_id}#lead-{tal.form_id}"
    )
    for _refresh in range(2):
        thanks = client.get(response["Location"], HTTP_HOST=tal.host)
        html = thanks.content.decode()
        assert "Thank you, we have it" in html
        assert "data-lead-form" not in html
        assert "988" in html  # the crisis line, on the thank-you state too
    assert Lead.objects.count() == 1


def test_the_same_fill_sent_twice_is_one_lead(lead_forms, client):
    tal = lead_forms["tal"]
    data = tal.data()

    first, second = tal.post(client, data), tal.post(client, data)

    assert first.status_code == second.status_code == 303
    assert Lead.objects.count() == 1


def test_a_fill_sent_again_with_other_content_is_a_new_request(lead_forms, client):
    """Back to a sent form, a correction, send: some browsers bring the page
    back with its old submission id."""
    tal = lead_forms["tal"]
    first = tal.data()
    corrected = {**first, "phone": "(216) 555-0199"}

    answers = [tal.post(client, data).status_code for data in (first, corrected)]
    tal.post(client, corrected)  # and a double click on the correction

    assert answers == [303, 303]
    leads = Lead.objects.order_by("pk")
    assert [str(lead.phone) for lead in leads] == ["+15135550123", "+12165550199"]
    assert str(leads[0].submission_id) == first["submission_id"]


def test_without_javascript_identical_requests_are_one_lead(lead_forms, client):
    tal = lead_forms["tal"]
    data = tal.data(submission_id=None, fill_ms=None)

    tal.post(client, data)
    tal.post(client, data)
    tal.post(client, {**data, "message": "Something else"})

    assert Lead.objects.count() == 2
    assert all(lead.submission_id for lead in Lead.objects.all())


def test_two_people_may_send_the_same_words_to_different_clinics(lead_forms, client):
    tal, truhealing = lead_forms["tal"], lead_forms["truhealing"]
    data = {"submission_id": None, "fill_ms": None}

    tal.post(client, tal.data(**data))
    truhealing.post(client, truhealing.data(**data))

    assert Lead.objects.count() == 2


def test_errors_keep_the_input_and_are_tied_to_their_fields(lead_forms, client):
    tal = lead_forms["tal"]

    response = tal.post(client, tal.data(phone="555", email="kept@example.net"))

    assert response.status_code == 400
    html = response.content.decode()
    field = f"lead-{tal.form_id}-phone"
    assert 'value="kept@example.net"' in html
    assert 'value="555"' in html
    assert f'aria-describedby="{field}-help {field}-error"' in html
    assert 'aria-invalid="true"' in html
    assert f'id="{field}-error"' in html
    assert f'href="#{field}"' in html  # the summary links to the field
    assert "Enter a phone number with its area code" in html
    assert not Lead.objects.exists()


def test_the_form_names_the_privacy_policy_hours_and_health_details_notice(
    lead_forms, client
):
    tal = lead_forms["tal"]
    privacy = ContactPageFactory(parent=tal.clinic.home, title="Privacy", slug="p")
    tal.clinic.settings.privacy_policy_page = privacy
    tal.clinic.settings.office_hours = [
        ("hours", {"weekday": str(day), "opens": "08:00", "closes": "17:00"})
        for day in range(5)
    ]
    tal.clinic.settings.after_hours_notice = NoticeFactory(
        site=tal.clinic.site, body="<p>After five, we answer in the morning.</p>"
    )
    tal.clinic.settings.save()

    html = page_html(client, tal).content.decode()

    assert 'href="/p/"' in html
    assert "Please do not include health details" in html
    assert "Monday – Friday: 8 a.m. – 5 p.m." in html
    assert "After five, we answer in the morning." in html
    assert 'href="tel:988"' in html
    assert 'href="tel:911"' in html


def test_compact_form_needs_only_a_name_a_way_to_reach_and_consent(
    tal, client, settings
):
    compact = form_page(tal, variant="compact", inbox="intake@tal.example")
    html = page_html(client, compact).content.decode()
    assert 'name="contact_method"' not in html
    assert 'name="message"' not in html

    data = compact.data(
        phone="",
        email="only@example.net",
        contact_method=None,
        contact_time=None,
        returning_client=None,
        message=None,
    )
    response = compact.post(client, data)

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.contact_method == Lead.ContactMethod.EMAIL
    assert lead.message == ""


def test_contact_page_takes_return_requests(tal, client):
    tal.routing.lead_inboxes = "intake@tal.example"
    tal.routing.save()
    contact = ContactPageFactory(parent=tal.home, slug="contact")
    html = client.get("/contact/", HTTP_HOST=tal.host).content.decode()
    assert 'value="contact"' in html

    response = client.post(
        "/return-request/",
        {
            "page": contact.pk,
            "form": "contact",
            "name": "Casey",
            "email": "casey@example.net",
            "contact_method": "email",
            "consent": "on",
            "fill_ms": "12000",
        },
        HTTP_HOST=tal.host,
        HTTP_ORIGIN=f"http://{tal.host}",
    )

    assert response.status_code == 303
    assert response["Location"] == "/contact/?sent=contact#lead-contact"
    lead = Lead.objects.get()
    assert lead.page.specific == contact
    assert lead.site == tal.site
    assert "Thank you" in client.get(response["Location"], HTTP_HOST=tal.host).text


# Spam defence: suspected spam and unverifiable requests are kept, held back.


def test_honeypot_and_a_too_fast_fill_are_held_as_suspected_spam(
    lead_forms, client, mailoutbox
):
    tal = lead_forms["tal"]

    tal.post(client, tal.data(website="http://spam.example"))
    tal.post(client, tal.data(fill_ms="800", name="Quick"))

    held = Lead.objects.order_by("pk")
    assert [lead.spam_signal_list for lead in held] == [["honeypot"], ["too_fast"]]
    assert all(lead.verification == Lead.Verification.SPAM for lead in held)
    assert all(lead.quarantined for lead in held)
    assert mailoutbox == []


def test_without_javascript_and_without_recaptcha_the_request_is_delivered(
    lead_forms, client, mailoutbox
):
    tal = lead_forms["tal"]

    tal.post(client, tal.data(submission_id=None, fill_ms=None))

    lead = Lead.objects.get()
    assert lead.verification == Lead.Verification.UNVERIFIED
    assert not lead.quarantined
    assert len(mailoutbox) == 1


def test_a_measured_fill_time_verifies_when_recaptcha_is_off(lead_forms, client):
    tal = lead_forms["tal"]

    tal.post(client)

    lead = Lead.objects.get()
    assert lead.verification == Lead.Verification.VERIFIED
    assert lead.spam_signals == ""


@pytest.fixture
def recaptcha_on(lead_forms):
    tal = lead_forms["tal"]
    tal.clinic.routing.recaptcha_site_key = RECAPTCHA_SITE_KEY
    tal.clinic.routing.recaptcha_secret_key = RECAPTCHA_SECRET_KEY
    tal.clinic.routing.save()
    return tal


@pytest.fixture
def google(monkeypatch):
    """Google's verification service: only the network call is replaced."""
    calls = []

    def answer_with(outcome):
        def submit(recaptcha_response, private_key, remoteip):
            calls.append((recaptcha_response, private_key, remoteip))
            if isinstance(outcome, BaseException):
                raise outcome
            return outcome

        monkeypatch.setattr("django_recaptcha.fields.client.submit", submit)

    answer_with.calls = calls
    return answer_with


def test_recaptcha_is_disclosed_and_loaded_only_by_the_form_script(
    recaptcha_on, lead_forms, client
):
    with_recaptcha = page_html(client, recaptcha_on).content.decode()
    without = page_html(client, lead_forms["truhealing"]).content.decode()

    assert f'data-recaptcha-key="{RECAPTCHA_SITE_KEY}"' in with_recaptcha
    assert "protected by reCAPTCHA" in with_recaptcha
    assert "recaptcha/api.js" not in with_recaptcha  # lead-form.js loads it
    assert RECAPTCHA_SECRET_KEY not in with_recaptcha
    assert "reCAPTCHA" not in without


def test_a_passing_recaptcha_verifies_and_delivers(
    recaptcha_on, client, google, mailoutbox, settings
):
    settings.LEADS_TRUSTED_PROXIES = 1
    google(RecaptchaResponse(True, extra_data={"score": 0.9}, action="return_request"))

    response = recaptcha_on.post(
        client,
        recaptcha_on.data(captcha="token-from-google"),
        HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
    )

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.verification == Lead.Verification.VERIFIED
    assert not lead.quarantined
    assert len(mailoutbox) == 1
    assert google.calls == [("token-from-google", RECAPTCHA_SECRET_KEY, "203.0.113.9")]


INVALID_TOKEN = RecaptchaResponse(False, error_codes=["invalid-input-response"])
LOW_SCORE = RecaptchaResponse(True, extra_data={"score": 0.1}, action="return_request")
UNREACHABLE = "recaptcha_unreachable"


@pytest.mark.parametrize(
    ("google_says", "verification", "signal"),
    [
        (
            RecaptchaResponse(False, error_codes=["invalid-input-response"]),
            "spam",
            "recaptcha_failed",
        ),  # fmt: skip
        (
            RecaptchaResponse(True, extra_data={"score": 0.1}, action="return_request"),
            "spam",
            "recaptcha_failed",
        ),  # fmt: skip
        (
            URLError(ConnectionRefusedError(111, "refused")),
            "unverified",
            "recaptcha_unreachable",
        ),  # fmt: skip
        (
            RecaptchaResponse(False, error_codes=["invalid-input-secret"]),
            "unverified",
            "recaptcha_misconfigured",
        ),  # fmt: skip
        (
            RecaptchaResponse(False, error_codes=["timeout-or-duplicate"]),
            "unverified",
            "recaptcha_expired",
        ),  # fmt: skip
        (
            RecaptchaResponse(True, extra_data={"score": 0.9}, action="login"),
            "spam",
            "recaptcha_failed",
        ),  # fmt: skip
        (TimeoutError("timed out"), "unverified", UNREACHABLE),
        (ValueError("not JSON"), "unverified", UNREACHABLE),
    ],
    ids=[
        "invalid",
        "low-score",
        "wrong-secret",
        "expired",
        "other-action",
        "refused",
        "timeout",
        "garbage",
    ],
)
def test_recaptcha_failures_hold_the_request_and_never_reject_it(
    recaptcha_on, client, google, mailoutbox, google_says, verification, signal
):
    google(google_says)

    response = recaptcha_on.post(client, recaptcha_on.data(captcha="token"))

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.verification == verification
    assert lead.spam_signal_list == [signal]
    assert lead.quarantined
    assert mailoutbox == []


def test_no_recaptcha_token_means_no_javascript_the_request_is_held_unverified(
    recaptcha_on, client, google
):
    google(AssertionError("Google must not be asked about an empty token"))

    response = recaptcha_on.post(client, recaptcha_on.data(fill_ms=None))

    assert response.status_code == 303
    lead = Lead.objects.get()
    assert lead.verification == Lead.Verification.UNVERIFIED
    assert lead.spam_signal_list == ["recaptcha_missing"]
    assert lead.quarantined


# Rate limit, client IP


def test_rate_limit_per_ip_and_site_in_the_database(lead_forms, client, settings):
    settings.LEADS_RATE_LIMIT = 2
    tal, truhealing = lead_forms["tal"], lead_forms["truhealing"]

    answers = [
        tal.post(client, tal.data(name=f"Person {n}")).status_code for n in range(3)
    ]
    limited = tal.post(client, tal.data(name="Kept Input"))
    other_site = truhealing.post(client).status_code
    other_ip = tal.post(client, REMOTE_ADDR="192.0.2.44").status_code

    assert answers == [303, 303, 429]
    assert limited.status_code == 429
    assert 'value="Kept Input"' in limited.text
    assert "(216) 480-4860" in limited.text
    assert other_site == other_ip == 303
    assert Lead.objects.count() == 4
    assert RateCounter.objects.filter(count__gt=2).exists()


def test_rate_limit_counts_an_ipv6_network_as_one_client(lead_forms, client, settings):
    settings.LEADS_RATE_LIMIT = 1
    tal = lead_forms["tal"]

    first = tal.post(client, tal.data(name="A"), REMOTE_ADDR="2001:db8:1:2::10")
    same_network = tal.post(client, tal.data(name="B"), REMOTE_ADDR="2001:db8:1:2::99")
    other_network = tal.post(client, tal.data(name="C"), REMOTE_ADDR="2001:db8:1:3::10")

    assert [first.status_code, same_network.status_code] == [303, 429]
    assert other_network.status_code == 303
    # What is kept is the address's own keyed hash, not the network's.
    assert {lead.ip_hmac for lead in Lead.objects.all()} == {
        ip_hmac("2001:db8:1:2::10"),
        ip_hmac("2001:db8:1:3::10"),
    }


def test_rate_limit_counts_in_redis_when_configured(lead_forms, client, settings):
    redis_url = shared_redis_url()
    settings.REDIS_URL = redis_url
    settings.CACHES = {
        "default": {
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.LEADS_RATE_LIMIT = 1
    tal = lead_forms["tal"]

    answers = [tal.post(client, tal.data(name=f"P{n}")).status_code for n in range(2)]

    assert answers == [303, 429]
    assert not RateCounter.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_rate_counter_is_atomic_across_threads():
    hits, errors = [], []

    def worker():
        try:
            for _ in range(10):
                hits.append(ratelimit.hit("race", 600))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(hits) == list(range(1, 41))  # every count seen exactly once
    assert RateCounter.objects.get().count == 40


def test_client_ip_is_kept_only_as_a_keyed_hash_behind_trusted_proxies(
    lead_forms, client, settings
):
    tal = lead_forms["tal"]
    spoofed = {"HTTP_X_FORWARDED_FOR": "10.9.9.9", "REMOTE_ADDR": "192.0.2.10"}

    settings.LEADS_TRUSTED_PROXIES = 0
    tal.post(client, tal.data(name="A"), **spoofed)
    settings.LEADS_TRUSTED_PROXIES = 1
    tal.post(client, tal.data(name="B"), **spoofed)

    direct, proxied = Lead.objects.order_by("pk")
    assert direct.ip_hmac == ip_hmac("192.0.2.10")
    assert proxied.ip_hmac == ip_hmac("10.9.9.9")
    assert "192.0.2.10" not in direct.ip_hmac
    settings.SECRET_KEY = "another-key"
    assert ip_hmac("192.0.2.10") != direct.ip_hmac  # keyed, not a plain hash


# The database failing, and what error reports may show


def refuse_lead_inserts(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith("INSERT") and "leads_lead" in sql:
        raise OperationalError("database is unavailable")
    return execute(sql, params, many, context)


def test_when_the_database_cannot_save_the_visitor_is_told_and_nothing_is_half_saved(
    lead_forms, client, mailoutbox
):
    tal = lead_forms["tal"]

    with connection.execute_wrapper(refuse_lead_inserts):
        response = tal.post(client)

    assert response.status_code == 503
    assert "Your request was not sent" in response.text
    assert "(216) 480-4860" in response.text
    assert not Lead.objects.exists()
    assert mailoutbox == []
    assert tal.post(client).status_code == 303  # and once it is back, it works


def refuse_reads_of(table):
    def refuse(execute, sql, params, many, context):
        if table in sql:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    return refuse


@pytest.mark.parametrize(
    "table",
    ["leads_lead", "leads_ratecounter"],
    ids=["de-duplication", "rate-limit"],
)
def test_any_database_failure_while_saving_tells_the_visitor(
    lead_forms, client, mailoutbox, table
):
    tal = lead_forms["tal"]

    with connection.execute_wrapper(refuse_reads_of(table)):
        response = tal.post(client)

    assert response.status_code == 503
    assert "Your request was not sent" in response.text
    assert "(216) 480-4860" in response.text
    assert not Lead.objects.exists()


def test_with_redis_down_pages_and_requests_still_work(lead_forms, client, settings):
    redis_down(settings)
    settings.LEADS_RATE_LIMIT = 1
    tal = lead_forms["tal"]

    page = page_html(client, tal)
    answers = [tal.post(client, tal.data(name=f"P{n}")).status_code for n in range(2)]

    assert "data-lead-form" in page.text
    assert answers == [303, 429]  # counted in the database instead
    assert RateCounter.objects.get().count == 2


def test_every_anonymous_visitor_gets_the_same_form_page(lead_forms, client):
    """Nothing per visitor in the HTML, so a shared cache may serve one copy to
    everyone: the browser makes the submission id and measures the fill time."""
    tal = lead_forms["tal"]
    other_visitor = Client()

    first = page_html(client, tal)
    second = page_html(other_visitor, tal)

    assert first.content == second.content
    assert 'name="submission_id" id="lead-' in first.text
    assert 'name="submission_id" value=' not in first.text
    assert 'name="fill_ms" value=' not in first.text
