"""Two-factor authentication for the admin (home/two_factor.py, ADMIN_2FA).

Everything goes through the real sign-in form, middleware and set-up page with
Django's test client; codes are computed from the device's secret as an
authenticator app computes them (RFC 6238), never taken from the code under test.
"""

import datetime
import re
import time

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.signin import counter_keys
from home.two_factor import new_backup_codes
from leads import ratelimit
from leads.models import RateCounter
from tests.test_configuration import PRODUCTION_ENV, load_settings

LOGIN = "/admin/login/"
SETUP = "/admin/two-factor/"
PASSWORD = "correct horse battery staple"
WRONG = "not-the-password"
REFUSED = "password or authentication code didn&#x27;t match"


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="nurse.ann", email="ann@clinic.example", password=PASSWORD
    )


@pytest.fixture
def app(staff):
    """An authenticator app that nurse.ann set up earlier."""
    return TOTPDevice.objects.create(user=staff, name="Authenticator app")


@pytest.fixture
def backup_codes(app):
    return new_backup_codes(app.user)


def mode(settings, value):
    settings.ADMIN_2FA = value


def code(device):
    """The code the app shows now, or the next one if the current one was
    already used (the device accepts neighbouring time steps)."""
    device.refresh_from_db()
    step = int(time.time()) // device.step + device.drift
    step = max(step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


def wrong_code(device):
    return f"{(int(code(device)) + 500_000) % 1_000_000:06d}"


def sign_in(client, password=PASSWORD, ip="192.0.2.1", **extra):
    data = {"username": "nurse.ann", "password": password, "next": "/admin/"}
    return client.post(LOGIN, {**data, **extra}, REMOTE_ADDR=ip)


def sign_out(client):
    client.post("/admin/logout/")


def opens(client, url):
    return client.get(url).status_code == 200


def is_verified(client):
    return DEVICE_ID_SESSION_KEY in client.session


# Off (the default)


def test_off_signs_in_with_the_password_alone_and_shows_no_set_up(client, app):
    login_page = client.get(LOGIN).content.decode()

    response = sign_in(client)

    assert "otp_token" not in login_page
    assert response.status_code == 302
    assert opens(client, "/admin/pages/")
    assert client.get(SETUP).status_code == 404
    assert SETUP not in client.get("/admin/account/").content.decode()


# Optional


def test_optional_without_a_device_the_password_is_enough(client, staff, settings):
    mode(settings, "optional")

    login_page = client.get(LOGIN).content.decode()
    response = sign_in(client)

    assert 'name="otp_token"' in login_page
    assert 'autocomplete="one-time-code"' in login_page
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert "Dashboard" in client.get("/admin/").content.decode()
    assert opens(client, "/admin/pages/")
    assert SETUP in client.get("/admin/account/").content.decode()


@pytest.mark.parametrize("setting", ["optional", "required"])
def test_with_a_device_the_password_alone_is_refused(client, app, settings, setting):
    mode(settings, setting)

    response = sign_in(client)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not opens(client, "/admin/")


@pytest.mark.parametrize("setting", ["optional", "required"])
def test_a_wrong_code_is_refused_like_a_wrong_password(client, app, settings, setting):
    mode(settings, setting)

    wrong_code_answer = sign_in(client, otp_token=wrong_code(app)).content.decode()
    wrong_password_answer = sign_in(client, WRONG).content.decode()

    assert REFUSED in wrong_code_answer and REFUSED in wrong_password_answer
    assert not opens(client, "/admin/")


@pytest.mark.parametrize("setting", ["optional", "required"])
def test_the_right_code_signs_in(client, app, settings, setting):
    mode(settings, setting)

    response = sign_in(client, otp_token=code(app))

    assert response.status_code == 302
    assert response.url == "/admin/"
    assert is_verified(client)
    assert opens(client, "/admin/pages/")
    assert opens(client, "/admin/leads/")


def test_a_code_typed_with_a_space_signs_in(client, app, settings):
    mode(settings, "optional")
    six = code(app)

    assert sign_in(client, otp_token=f"{six[:3]} {six[3:]}").status_code == 302


def test_a_code_is_not_accepted_twice(client, app, settings):
    mode(settings, "optional")
    used = code(app)
    assert sign_in(client, otp_token=used).status_code == 302
    sign_out(client)

    assert REFUSED in sign_in(client, otp_token=used).content.decode()


def test_a_right_code_with_a_wrong_password_is_refused(client, app, settings):
    """The code is only looked at once the password is right."""
    mode(settings, "optional")

    response = sign_in(client, WRONG, otp_token=code(app))

    assert REFUSED in response.content.decode()
    app.refresh_from_db()
    assert app.last_t == -1  # the code was not spent


def test_after_a_wrong_code_the_app_waits_before_it_checks_again(client, app, settings):
    """django-otp's own throttling, on top of the sign-in rate limit: each
    failure doubles the wait before the device checks a code again."""
    mode(settings, "optional")
    sign_in(client, otp_token=wrong_code(app))

    at_once = sign_in(client, otp_token=code(app))
    app.refresh_from_db()
    app.throttling_failure_timestamp -= datetime.timedelta(seconds=2)
    app.save()
    later = sign_in(client, otp_token=code(app))

    assert at_once.status_code == 200
    assert later.status_code == 302


def test_a_backup_code_works_once(client, backup_codes, settings):
    mode(settings, "optional")
    first, second = backup_codes[:2]

    assert sign_in(client, otp_token=first.upper()).status_code == 302
    assert opens(client, "/admin/pages/")
    sign_out(client)
    again = sign_in(client, otp_token=first)
    assert REFUSED in again.content.decode()
    # Throttled after that failure, as the app is: a moment later the next works.
    StaticDevice.objects.update(throttling_failure_timestamp=None)

    assert sign_in(client, otp_token=second).status_code == 302
    assert StaticToken.objects.count() == 8


def test_a_session_without_the_code_is_sent_to_sign_in_again(client, app, settings):
    """A session opened before the app was set up (here: before 2FA was on) has
    never entered a code: it is ended, and the sign-in form asks for one."""
    client.force_login(app.user)
    mode(settings, "optional")

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/pages/"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url).content.decode()
    assert "Please sign in again with your authentication code." in page


# Setting an app up and removing it


def test_setting_up_an_app_then_signing_in_with_it(client, staff, settings):
    mode(settings, "optional")
    sign_in(client)

    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    secret = re.search(r"<code data-two-factor-secret>([A-Z2-7 ]+)</code>", page)
    uri = re.search(r"<code data-two-factor-uri>(otpauth://totp/[^<]+)</code>", page)

    assert device.confirmed is False
    assert secret and uri
    assert "secret=" + secret.group(1).replace(" ", "") in uri.group(1)
    assert "issuer=Clinic%20sites" in uri.group(1)
    assert re.search(r"<svg [^>]*class=\"segno\"", page)  # the QR code, inline
    assert "http" not in page.split("data-two-factor-qr>")[1].split("</svg>")[0]
    assert client.get(SETUP).content.decode().count(secret.group(1)) == 1  # same

    wrong = client.post(SETUP, {"token": wrong_code(device)})
    assert "This code is not valid." in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    device.throttle_reset()

    done = client.post(SETUP, {"token": code(device)})
    html = done.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)

    assert done.status_code == 200
    assert done["Cache-Control"].startswith("max-age=0")
    assert len(codes) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed is True
    assert is_verified(client)
    manage = client.get(SETUP).content.decode()
    assert "You have 10 backup codes left." in manage
    assert codes[0] not in manage  # shown once only

    sign_out(client)
    assert REFUSED in sign_in(client).content.decode()
    assert sign_in(client, otp_token=code(device)).status_code == 302


def test_removing_the_app_takes_a_valid_code(client, backup_codes, settings):
    mode(settings, "optional")
    sign_in(client, otp_token=backup_codes[0])

    refused = client.post(SETUP, {"token": "aaaaaaaa"})
    StaticDevice.objects.update(throttling_failure_timestamp=None)
    removed = client.post(SETUP, {"token": backup_codes[1]})

    assert "This code is not valid." in refused.content.decode()
    assert removed.status_code == 302 and removed.url == SETUP
    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    sign_out(client)
    assert sign_in(client).status_code == 302  # the password alone again


# Required


def test_required_sends_a_user_without_a_device_to_set_one_up(client, staff, settings):
    mode(settings, "required")

    assert sign_in(client).status_code == 302
    for url in ("/admin/", "/admin/pages/", "/admin/leads/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == SETUP, url
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "before you can use the admin" in page.content.decode()
    assert client.get("/admin/jsi18n/").status_code == 200

    device = TOTPDevice.objects.get(user=staff)
    client.post(SETUP, {"token": wrong_code(device)})
    assert client.get("/admin/pages/").status_code == 302
    device.throttle_reset()

    client.post(SETUP, {"token": code(device)})

    assert opens(client, "/admin/pages/")
    assert opens(client, "/admin/leads/")


def test_required_lets_a_user_without_a_device_sign_out(client, staff, settings):
    mode(settings, "required")
    sign_in(client)

    response = client.post("/admin/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_required_after_removing_the_app_it_must_be_set_up_again(
    client, backup_codes, settings
):
    mode(settings, "required")
    sign_in(client, otp_token=backup_codes[0])
    assert opens(client, "/admin/pages/")

    client.post(SETUP, {"token": backup_codes[1]})

    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url == SETUP


# The sign-in rate limit


def test_wrong_codes_count_towards_the_sign_in_limit(client, app, settings):
    mode(settings, "optional")
    for _ in range(5):
        assert REFUSED in sign_in(client, otp_token=wrong_code(app)).content.decode()
    app.throttle_reset()  # not django-otp's wait: the sign-in limit refuses

    response = sign_in(client, otp_token=code(app))

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not opens(client, "/admin/")
    assert RateCounter.objects.filter(key__contains="signin-user:").get().count == 5
    app.refresh_from_db()
    assert app.last_t == -1  # the refused attempt's code was never checked


def test_a_missing_code_counts_towards_the_sign_in_limit(client, app, settings):
    mode(settings, "required")
    keys = counter_keys(client.get(LOGIN, REMOTE_ADDR="192.0.2.1").wsgi_request, "x")

    sign_in(client)

    assert ratelimit.peek(keys["client"], settings.ADMIN_LOGIN_RATE_WINDOW) == 1


# The setting


@pytest.mark.parametrize(
    "env, expected", [({}, "off"), ({"ADMIN_2FA": "Required"}, "required")]
)
def test_the_mode_comes_from_the_environment(env, expected):
    result = load_settings({**PRODUCTION_ENV, **env}, "settings.ADMIN_2FA")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_an_unknown_mode_is_refused():
    result = load_settings({**PRODUCTION_ENV, "ADMIN_2FA": "on"})

    assert result.returncode != 0
    assert "ADMIN_2FA must be off, optional or required." in result.stderr
