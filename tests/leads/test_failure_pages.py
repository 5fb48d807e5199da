"""When a return request fails, the visitor is told on our own page and nothing
they typed leaks.

- A database error at any step of the POST, from the page lookup to the last
  statement of the lead's transaction, is answered 503 with the "not sent" page
  naming the clinic and its phone; any other exception at those steps is answered
  500 with the same page. DEBUG on or off, no exception escapes the view, no lead
  is left half saved, and what was posted appears neither in the page nor in any
  log record (nor in the report Django's admin mails would carry).
- With the database really down, the page still names the clinic of the host,
  from the contacts snapshot file, in the URL's language; without the file it
  still answers 503 with the crisis line.
- The snapshot follows saves of clinic settings and sites once they commit.
- Django's technical 500 page for a return request shows none of it either.

Failures are injected below our code, as the database driver would raise them:
an execute wrapper refuses the k-th statement; no function of ours is replaced.
"""

import logging
import re
import sys
import traceback

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import OperationalError, connection
from django.views.debug import ExceptionReporter

import pytest
from django_tasks_db.models import DBTaskResult

from home import contacts
from home.contacts import ClinicContact, contact_for_host
from leads.models import Lead
from tests.outage import database_down

NAME = "Sentinelname Zqx"
PHONE = "(513) 555-0178"
EMAIL = "sentinel-zqx@example.net"
MESSAGE = "Sentinel message qzv"
# Lower-case pieces of what the visitor typed, in any form it could be shown in.
SENTINEL_PIECES = (
    "sentinel",
    "zqx",
    "qzv",
    "5550178",
    "555-0178",
    "555 0178",
    "sentinel-zqx@example.net",
    "sentinel-zqx%40example.net",
)

CONTACTS = {
    "tal": ("Tal Behavioral Health Cleveland", "+12164804860", "(216) 480-4860"),
    "truhealing": ("TruHealing Cincinnati", "+18886439118", "(888) 643-9118"),
}
CRISIS_LINK = '<a href="tel:988">988</a>'
STARS = "&#x27;********************&#x27;"  # a cleansed value, as the page shows it


# Helpers


def sentinel_data(form_page):
    """A valid request of a real person, every field a sentinel; a fresh
    submission id each time."""
    return form_page.data(name=NAME, phone=PHONE, email=EMAIL, message=MESSAGE)


def leaks(text):
    """The sentinel pieces found in ``text``."""
    text = text.lower()
    return [piece for piece in SENTINEL_PIECES if piece in text]


def call_to_clinic(clinic, spanish=False):
    name, e164, label = CONTACTS[clinic]
    link = f'<a href="tel:{e164}">{label}</a>'
    if spanish:
        return f"Para hablar con {name} ahora, llame al {link}."
    return f"To talk to {name} now, call {link}."


def logged_texts(records):
    """Everything a handler could write of ``records``: the message, the
    traceback, and for a record about a request the report AdminEmailHandler
    would mail (it renders the request with the exception reporter filter)."""
    for record in records:
        yield record.getMessage()
        yield record.exc_text or ""
        yield record.stack_info or ""
        exc_info = record.exc_info or (None, None, None)
        if record.exc_info:
            yield "".join(traceback.format_exception(*exc_info))
        request = getattr(record, "request", None)
        if request is not None:
            yield ExceptionReporter(
                request, *exc_info, is_email=True
            ).get_traceback_text()


def log_leaks(caplog):
    return [leak for text in logged_texts(caplog.records) for leak in leaks(text)]


def failing_at(k, error):
    """An execute wrapper that raises ``error`` at the k-th statement it sees,
    and lets every other one through; ``refused`` holds what it refused."""

    def wrapper(execute, sql, params, many, context):
        wrapper.seen += 1
        if wrapper.seen == k:
            wrapper.refused = sql
            raise error
        return execute(sql, params, many, context)

    wrapper.seen, wrapper.refused = 0, None
    return wrapper


def post_from_new_address(form_page, client, data, n):
    """POST from a client address of its own (a rate-limit counter of its own) and
    with a cold cache, so that every POST takes the same steps."""
    cache.clear()
    return form_page.post(client, data, REMOTE_ADDR=f"198.51.100.{n}")


def statements_of_a_successful_post(form_page, client):
    """The statements a POST that saves its lead sends, as execute wrappers see
    them (SQLite's COMMIT is not one: Django commits through the driver)."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = post_from_new_address(
            form_page, client, form_page.data(name="Counting Person"), 250
        )
    assert response.status_code == 303
    assert Lead.objects.filter(name="Counting Person").count() == 1
    return statements


def shape(sql):
    """A statement without its savepoint name (a new one each time)."""
    return re.sub(r'"s\d+_x\d+"', '"savepoint"', sql)


def is_lead_insert(sql):
    return sql.lstrip().upper().startswith('INSERT INTO "LEADS_LEAD"')


# Fixtures


@pytest.fixture
def all_logs(caplog):
    """Every record at DEBUG and up, from every logger. Except the SQL statement
    log (django.db.backends, with each statement's parameters when DEBUG is on),
    which our LOGGING keeps at INFO: see test_the_sql_log_stays_off."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        if not name.startswith("django.db.backends"):
            caplog.set_level(logging.DEBUG, logger=name)
    return caplog


@pytest.fixture
def snapshot(settings, tmp_path, lead_forms):
    """This test's own contacts file, written from the database as it is now."""
    settings.CLINIC_CONTACTS_FILE = tmp_path / "clinic-contacts.json"
    contacts.refresh()
    return settings.CLINIC_CONTACTS_FILE


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


# A failure at each step of the POST


def fail_at_each_step(form_page, clinic, client, caplog, error, status):
    """POST the sentinel request once per statement of a successful POST, the
    k-th statement failing with ``error``; check each answer. The default
    raise_request_exception makes an exception that escapes the view fail here."""
    statements = statements_of_a_successful_post(form_page, client)
    lead_insert = next(i for i, sql in enumerate(statements) if is_lead_insert(sql))
    # The loop reaches into the lead's transaction, past its INSERT.
    assert len(statements) > 5
    assert lead_insert < len(statements) - 1
    caplog.clear()

    for k in range(1, len(statements) + 1):
        wrapper = failing_at(k, error)
        with connection.execute_wrapper(wrapper):
            response = post_from_new_address(
                form_page, client, sentinel_data(form_page), k
            )
        step = f"step {k}: {statements[k - 1][:60]}"
        assert shape(wrapper.refused or "(none)") == shape(statements[k - 1]), step
        assert response.status_code == status, step
        assert_not_sent_page(response.text, clinic, step)
    assert_nothing_saved()
    assert log_leaks(caplog) == []
    logged = f"A return request failed with {type(error).__name__} ("
    assert caplog.text.count(logged) == len(statements)


def assert_not_sent_page(html, clinic, step):
    assert '<html lang="en">' in html, step
    assert "<h1>Your request was not sent</h1>" in html, step
    assert call_to_clinic(clinic) in html, step
    assert CRISIS_LINK in html, step
    assert leaks(html) == [], step


def assert_nothing_saved():
    """Only the lead of the successful POST. A failure after the lead's INSERT
    is inside create_lead's transaction, which rolls back; its COMMIT is no
    statement a wrapper sees, and after it the view sends none (the redirect
    was built before), so no step can fail after the lead is saved."""
    assert list(Lead.objects.values_list("name", flat=True)) == ["Counting Person"]
    deliveries = DBTaskResult.objects.filter(task_path="leads.delivery.deliver_lead")
    assert deliveries.count() == 1


# Real transactions, as in production: the lead's transaction is the outermost
# one, not a savepoint in the test's. The database task backend, as in
# production: the immediate one would run the delivery inside the request.
failure_steps = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@failure_steps
@pytest.mark.parametrize("clinic", ["tal", "truhealing"])
def test_a_database_error_at_any_step_is_answered_503_with_the_clinics_phone(
    lead_forms, clinic, snapshot, client, database_tasks, debug, all_logs
):
    error = OperationalError("database is unavailable")
    fail_at_each_step(lead_forms[clinic], clinic, client, all_logs, error, 503)


@failure_steps
@pytest.mark.parametrize("clinic", ["tal", "truhealing"])
def test_any_other_error_at_any_step_is_answered_500_with_the_clinics_phone(
    lead_forms, clinic, snapshot, client, database_tasks, debug, all_logs
):
    error = RuntimeError("boom in a step")
    fail_at_each_step(lead_forms[clinic], clinic, client, all_logs, error, 500)


def test_the_sql_log_stays_off():
    """With DEBUG on, Django logs each statement with its parameters (what the
    visitor typed) at DEBUG on django.db.backends; our LOGGING keeps it above."""
    assert logging.getLogger("django.db.backends").getEffectiveLevel() > logging.DEBUG


# The database really down


outage = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def post_during_outage(client, form_page, url="/return-request/", host=None):
    host = host or form_page.host
    with database_down():
        return client.post(
            url, sentinel_data(form_page), HTTP_HOST=host, HTTP_ORIGIN=f"http://{host}"
        )


def assert_unavailable(response, caplog):
    assert response.status_code == 503
    assert leaks(response.text) == []
    assert CRISIS_LINK in response.text
    assert log_leaks(caplog) == []
    assert "A return request failed with OperationalError" in caplog.text


@outage
def test_with_the_database_down_the_page_names_the_clinic_of_the_host(
    lead_forms, snapshot, client, debug, all_logs
):
    response = post_during_outage(client, lead_forms["tal"])

    assert_unavailable(response, all_logs)
    assert '<html lang="en">' in response.text
    assert "<h1>Your request was not sent</h1>" in response.text
    assert call_to_clinic("tal") in response.text


@outage
def test_with_the_database_down_a_spanish_url_gets_the_spanish_page(
    lead_forms, snapshot, client, debug, all_logs
):
    response = post_during_outage(client, lead_forms["tal"], "/es/return-request/")

    assert_unavailable(response, all_logs)
    assert '<html lang="es">' in response.text
    assert "<h1>Su solicitud no se envió</h1>" in response.text
    assert call_to_clinic("tal", spanish=True) in response.text
    assert "Your request was not sent" not in response.text


@outage
def test_with_the_database_down_an_unknown_host_gets_the_default_clinic(
    lead_forms, snapshot, client, all_logs
):
    assert "localhost" in django_settings.ALLOWED_HOSTS

    response = post_during_outage(client, lead_forms["tal"], host="localhost")

    assert_unavailable(response, all_logs)
    assert call_to_clinic("truhealing") in response.text


@outage
def test_with_the_database_down_and_no_snapshot_the_crisis_line_remains(
    lead_forms, snapshot, client, debug, all_logs
):
    snapshot.unlink()

    response = post_during_outage(client, lead_forms["tal"])

    assert_unavailable(response, all_logs)
    assert "<h1>Your request was not sent</h1>" in response.text
    assert "To talk to" not in response.text
    assert 'href="tel:+' not in response.text


# The snapshot follows the database


def test_new_clinic_settings_reach_the_snapshot_when_they_commit(
    lead_forms, snapshot, django_capture_on_commit_callbacks
):
    tal = lead_forms["tal"].clinic
    tal.settings.phone = "+12165550100"

    with django_capture_on_commit_callbacks() as callbacks:
        tal.settings.save()
    before_commit = contact_for_host(tal.host)
    for callback in callbacks:
        callback()

    assert before_commit.phone_e164 == "+12164804860"
    assert contact_for_host(f"{tal.host}:8000") == ClinicContact(
        display_name="Tal Behavioral Health Cleveland",
        phone="+12165550100",
        phone_e164="+12165550100",
        phone_label="(216) 555-0100",
    )


def test_a_site_given_a_new_hostname_moves_in_the_snapshot(
    lead_forms, snapshot, django_capture_on_commit_callbacks
):
    tal, truhealing = lead_forms["tal"].clinic, lead_forms["truhealing"].clinic
    tal.site.hostname = "tal-cleveland.localhost"

    with django_capture_on_commit_callbacks(execute=True):
        tal.site.save()

    assert contact_for_host("tal-cleveland.localhost").display_name == (
        "Tal Behavioral Health Cleveland"
    )
    # The old name is now a host no clinic has: the default clinic's.
    assert contact_for_host("tal.localhost") == ClinicContact.of(truhealing.settings)


# Django's technical 500 page


def fail_holding(data):
    """Raise with what the visitor typed in a local variable, as the view's
    frames hold the form and its cleaned data."""
    visitor = dict(data)
    raise RuntimeError(f"boom with {len(visitor)} fields")


def technical_500(request, data):
    try:
        fail_holding(data)
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    return reporter.get_traceback_html(), reporter.get_traceback_text()


def shown_as(html, name):
    """What the page shows as the value of the POST field or variable ``name``."""
    return re.findall(rf'<td>{name}</td>\s*<td class="code"><pre>([^<]*)</pre>', html)


def test_the_debug_page_of_a_return_request_shows_nothing_it_carried(
    lead_forms, client, settings
):
    """The request as the view had it (its decorators and flag applied)."""
    settings.DEBUG = True
    tal = lead_forms["tal"]
    data = sentinel_data(tal)
    request = tal.post(client, data).wsgi_request

    html, text = technical_500(request, data)

    assert request.is_lead_submission is True
    assert "RuntimeError" in html
    for name in ("name", "phone", "email", "message", "visitor"):
        assert set(shown_as(html, name)) == {STARS}, name
    assert leaks(html) == []
    assert leaks(text) == []


def test_the_debug_page_of_another_request_would_show_them(rf, settings):
    """The check above can see a leak: with DEBUG on, Django's own filter is off."""
    settings.DEBUG = True
    data = {"name": NAME, "message": MESSAGE}
    request = rf.post("/contact/", data)

    html, _text = technical_500(request, data)

    assert shown_as(html, "name") == [f"&#x27;{NAME}&#x27;"]
    assert leaks(html) != []


def test_the_mark_of_a_submission_alone_hides_what_it_carried(rf, settings):
    """The filter does not lean on the view's ``sensitive_post_parameters``."""
    settings.DEBUG = True
    data = {"name": NAME, "message": MESSAGE}
    request = rf.post("/return-request/", data)
    request.is_lead_submission = True

    html, text = technical_500(request, data)

    for name in ("name", "message", "visitor"):
        assert set(shown_as(html, name)) == {STARS}, name
    assert leaks(html) == []
    assert leaks(text) == []
