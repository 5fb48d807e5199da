"""Signing in to the admin, where staff read return requests: sessions that end,
password guessing that is refused, and an admin that calls no outside host.
Everything goes through the real views with Django's test client."""

import datetime
import logging
import time
import uuid

from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone

import pytest

from home.signin import counter_keys
from leads import ratelimit
from leads.models import RateCounter
from tests.outage import redis_down
from tests.outage import redis_url as shared_redis_url
from tests.test_configuration import PRODUCTION_ENV, load_settings

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
WRONG = "not-the-password"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="nurse.ann", email="ann@clinic.example", password=PASSWORD
    )


@pytest.fixture
def other_staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="dr.bob", email="bob@clinic.example", password=PASSWORD
    )


def sign_in(client, username, password, ip="192.0.2.1", **extra):
    data = {"username": username, "password": password, "next": "/admin/", **extra}
    return client.post(LOGIN, data, REMOTE_ADDR=ip)


def fail(client, username, times, ip="192.0.2.1"):
    answers = [sign_in(client, username, WRONG, ip).status_code for _ in range(times)]
    assert answers == [200] * times  # the form again, "didn't match"


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


# Sessions


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, staff):
    before = timezone.now()

    response = sign_in(client, "nurse.ann", PASSWORD)

    assert response.status_code == 302
    assert response.url == "/admin/"
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # browser session
    session = Session.objects.get()
    age = session.expire_date - before
    assert datetime.timedelta(hours=8) <= age < datetime.timedelta(hours=8, minutes=1)


def test_remember_me_keeps_the_cookie_no_longer_than_a_working_day(client, staff):
    response = sign_in(client, "nurse.ann", PASSWORD, remember="on")

    assert response.cookies["sessionid"]["max-age"] == 8 * 60 * 60


def test_a_session_past_its_age_is_refused(client, staff):
    sign_in(client, "nurse.ann", PASSWORD)
    assert is_signed_in(client)

    # Where the clock will be when the working day is over.
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "28800 True True True"),
        ({"ADMIN_SESSION_HOURS": "4"}, "14400 True True True"),
    ],
)
def test_production_session_settings_come_from_the_environment(env, expected):
    result = load_settings(
        {**PRODUCTION_ENV, **env},
        "settings.SESSION_COOKIE_AGE, settings.SESSION_EXPIRE_AT_BROWSER_CLOSE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SECURE",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    "variable, message",
    [
        ("ADMIN_SESSION_HOURS", "ADMIN_SESSION_HOURS must be at least 1."),
        ("ADMIN_LOGIN_RATE_WINDOW", "ADMIN_LOGIN_RATE_WINDOW must be at least 1"),
    ],
)
def test_settings_refuse_a_zero_session_or_window(variable, message):
    result = load_settings({**PRODUCTION_ENV, variable: "0"})

    assert result.returncode != 0
    assert message in result.stderr


# Rate limiting


def test_after_five_failures_even_the_right_password_is_refused(client, staff, caplog):
    fail(client, "nurse.ann", 5)

    with caplog.at_level(logging.WARNING, logger="home.signin"):
        response = sign_in(client, "nurse.ann", PASSWORD)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-in attempts. Please try again in" in html
    assert "didn&#x27;t match" not in html  # the password was not even checked
    assert 'value="nurse.ann"' in html  # the form, filled in again
    assert not is_signed_in(client)
    [record] = [r for r in caplog.records if r.name == "home.signin"]
    assert record.levelno == logging.WARNING
    assert "'nurse.ann'" in record.getMessage()
    assert "username" in record.getMessage()
    assert PASSWORD not in record.getMessage() and WRONG not in record.getMessage()


def test_a_password_typed_as_username_never_reaches_the_log(client, staff, caplog):
    for _ in range(5):
        sign_in(client, PASSWORD, WRONG)

    with caplog.at_level(logging.WARNING, logger="home.signin"):
        sign_in(client, PASSWORD, WRONG)

    [record] = [r for r in caplog.records if r.name == "home.signin"]
    assert PASSWORD not in record.getMessage()
    assert "not an account" in record.getMessage()


def test_four_failures_still_let_the_right_password_in(client, staff):
    fail(client, "nurse.ann", 4)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_the_username_limit_holds_from_every_address(client, staff):
    for n in range(5):
        fail(client, "nurse.ann", 1, ip=f"198.51.100.{n + 1}")

    other_address = sign_in(client, "nurse.ann", PASSWORD, ip="203.0.113.9")
    in_other_case = sign_in(client, "Nurse.Ann", PASSWORD, ip="203.0.113.9")

    assert other_address.status_code == in_other_case.status_code == 429


def test_the_address_limit_holds_for_every_username(client, staff, other_staff):
    for name in ["a", "b", "c", "d", "e"]:
        fail(client, name, 1, ip="192.0.2.50")

    same_address = sign_in(client, "dr.bob", PASSWORD, ip="192.0.2.50")
    other_address = sign_in(client, "dr.bob", PASSWORD, ip="192.0.2.51")

    assert same_address.status_code == 429
    assert other_address.status_code == 302


def test_successful_sign_ins_do_not_count(client, staff):
    for _ in range(5):
        assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302
        client.post("/admin/logout/")
    fail(client, "nurse.ann", 4)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302


def test_the_lockout_ends_with_its_window(client, staff, monkeypatch):
    fail(client, "nurse.ann", 5)
    for _ in range(3):
        assert sign_in(client, "nurse.ann", PASSWORD).status_code == 429

    later = time.time() + 900
    monkeypatch.setattr(time, "time", lambda: later)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302


def test_the_message_says_how_long_to_wait(client, staff, monkeypatch):
    window_start = (time.time() // 900 + 1) * 900
    monkeypatch.setattr(time, "time", lambda: window_start + 60)  # 14 min left
    fail(client, "nurse.ann", 5)

    html = sign_in(client, "nurse.ann", PASSWORD).content.decode()

    assert "Please try again in 14 minutes." in html


def test_failures_are_counted_outside_any_one_process(client, staff):
    """Counts live in the database (no REDIS_URL here): a process with its own
    empty memory, like another gunicorn worker, sees them."""
    fail(client, "nurse.ann", 5)
    cache.clear()

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 429
    assert RateCounter.objects.filter(key__contains="signin-user:").get().count == 5
    assert RateCounter.objects.filter(key__contains="signin-ip:").get().count == 5
    assert not RateCounter.objects.filter(key__contains="nurse").exists()


def test_failures_are_counted_in_redis_when_configured(client, staff, settings):
    redis_url = shared_redis_url()
    settings.REDIS_URL = redis_url
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    fail(client, "nurse.ann", 5)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 429
    assert not RateCounter.objects.exists()


def test_with_redis_a_sign_in_clears_its_usernames_failures(client, staff, settings):
    redis_url = shared_redis_url()
    settings.REDIS_URL = redis_url
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    keys = counter_keys(client.get(LOGIN, REMOTE_ADDR="192.0.2.1").wsgi_request, "x")
    user_key = counter_keys(client.get(LOGIN).wsgi_request, "nurse.ann")["username"]
    fail(client, "nurse.ann", 4)
    assert ratelimit.peek(user_key, 900) == 4

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302

    assert ratelimit.peek(user_key, 900) == 0
    assert ratelimit.peek(keys["client"], 900) == 4
    assert not RateCounter.objects.exists()


def test_with_redis_down_failures_are_counted_in_the_database(client, staff, settings):
    redis_down(settings)
    fail(client, "nurse.ann", 5)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 429
    assert RateCounter.objects.filter(key__contains="signin-user:").get().count == 5


def test_the_limit_reads_what_the_shared_counter_wrote(client, staff, settings):
    """The view checks the limit without counting (leads.ratelimit.peek), where
    leads.ratelimit.hit() writes; were the two to disagree, this would fail."""
    settings.ADMIN_LOGIN_RATE_LIMIT = 3
    request = client.get(LOGIN).wsgi_request
    key = counter_keys(request, "nurse.ann")["username"]
    for _ in range(3):
        ratelimit.hit(key, settings.ADMIN_LOGIN_RATE_WINDOW)

    assert ratelimit.peek(key, settings.ADMIN_LOGIN_RATE_WINDOW) == 3
    assert ratelimit.peek(key, settings.ADMIN_LOGIN_RATE_WINDOW) == 3  # not counted
    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 429


def test_a_sign_in_clears_its_usernames_failures_not_its_clients(client, staff):
    request = client.get(LOGIN, REMOTE_ADDR="192.0.2.1").wsgi_request
    keys = counter_keys(request, "nurse.ann")
    fail(client, "nurse.ann", 4)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302
    client.post("/admin/logout/")

    assert ratelimit.peek(keys["username"], 900) == 0
    assert ratelimit.peek(keys["client"], 900) == 4
    for n in range(4):  # four more from elsewhere: the name is not locked out
        fail(client, "nurse.ann", 1, ip=f"198.51.100.{n + 1}")
    assert sign_in(client, "nurse.ann", PASSWORD, ip="203.0.113.9").status_code == 302


def test_a_limit_of_zero_turns_the_limit_off(client, staff, settings):
    settings.ADMIN_LOGIN_RATE_LIMIT = 0
    fail(client, "nurse.ann", 6)

    assert sign_in(client, "nurse.ann", PASSWORD).status_code == 302
    assert not RateCounter.objects.exists()


# No outside hosts


def test_the_dashboard_calls_no_outside_host(client, staff):
    sign_in(client, "nurse.ann", PASSWORD)

    response = client.get("/admin/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dashboard" in html  # the real dashboard, not an error page
    assert "gravatar" not in html.lower()
    assert "w-upgrade" not in html  # the script that asks releases.wagtail.io
    assert "releases.wagtail.io" not in html
    assert "whats_new_in_wagtail_version" not in html  # the banner
