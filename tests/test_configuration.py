"""Settings modules as the processes that use them load them: in a fresh Python,
from the environment alone."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "cms.settings.production",
    "SECRET_KEY": "k3y-for-tests-only-9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddccbbaa",
    "ALLOWED_HOSTS": "truhealing.example,tal.example",
    "DATABASE_URL": "postgres://clinic@127.0.0.1:5432/clinic",
    "EMAIL_HOST": "smtp.clinic.example",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
    "DEFAULT_FROM_EMAIL": "no-reply@clinic.example",
    "WAGTAILADMIN_BASE_URL": "https://admin.clinic.example",
}


def run_python(code, env):
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_settings(env, expression="'ok'"):
    code = (
        "import django; django.setup(); "
        f"from django.conf import settings; print({expression})"
    )
    return run_python(code, env)


def without(env, key):
    return {name: value for name, value in env.items() if name != key}


def test_production_settings_load_with_real_values():
    result = load_settings(PRODUCTION_ENV, "settings.DEBUG, settings.EMAIL_TIMEOUT")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False 10"


@pytest.mark.parametrize(
    "env, message",
    [
        (
            without(PRODUCTION_ENV, "SECRET_KEY"),
            "SECRET_KEY must be set to a random value of at least 50 characters.",
        ),
        (
            {**PRODUCTION_ENV, "SECRET_KEY": "short"},
            "SECRET_KEY must be set to a random value of at least 50 characters.",
        ),
        (
            {**PRODUCTION_ENV, "DJANGO_DEBUG": "true"},
            "DJANGO_DEBUG is on",
        ),
        (
            without(PRODUCTION_ENV, "ALLOWED_HOSTS"),
            "ALLOWED_HOSTS must list the clinics' hostnames",
        ),
        (
            {**PRODUCTION_ENV, "ALLOWED_HOSTS": "*"},
            "ALLOWED_HOSTS must list the clinics' hostnames",
        ),
        (
            {**PRODUCTION_ENV, "EMAIL_USE_TLS": "false"},
            "SMTP without encryption",
        ),
        (
            without(PRODUCTION_ENV, "EMAIL_HOST"),
            "EMAIL_HOST must name the SMTP server",
        ),
        (
            without(PRODUCTION_ENV, "DATABASE_URL"),
            "Set DATABASE_URL to PostgreSQL",
        ),
        (
            {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "http://admin.clinic.example"},
            "WAGTAILADMIN_BASE_URL must be the https:// address",
        ),
        (
            without(PRODUCTION_ENV, "DEFAULT_FROM_EMAIL"),
            "DEFAULT_FROM_EMAIL must be set",
        ),
        (
            {**PRODUCTION_ENV, "EMAIL_USE_SSL": "true"},
            "Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.",
        ),
        (
            {**PRODUCTION_ENV, "EMAIL_USE_TLS": "maybe"},
            "EMAIL_USE_TLS must be true or false, not 'maybe'.",
        ),
    ],
)
def test_production_refuses_insecure_values(env, message):
    result = load_settings(env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    "overrides",
    [
        {"EMAIL_USE_TLS": "false", "EMAIL_USE_SSL": "true", "EMAIL_PORT": "465"},
        {"EMAIL_USE_TLS": "false", "EMAIL_ALLOW_UNENCRYPTED": "true"},
    ],
)
def test_production_accepts_implicit_tls_or_an_explicit_opt_out(overrides):
    result = load_settings({**PRODUCTION_ENV, **overrides})

    assert result.returncode == 0, result.stderr


def test_production_answers_unknown_hosts_with_400():
    code = (
        "import django; django.setup(); "
        "from django.test import Client; "
        "response = Client().get('/', HTTP_HOST='attacker.example', secure=True); "
        "print(response.status_code)"
    )
    result = run_python(code, PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "400"


def test_production_passes_djangos_deploy_checks():
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        cwd=ROOT,
        env={**{"PATH": os.environ["PATH"]}, **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "env, backend",
    [
        ({}, "django.core.mail.backends.console.EmailBackend"),
        (
            {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "1025"},
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_development_mail_goes_to_console_unless_smtp_is_set(env, backend):
    result = load_settings(
        {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env}, "settings.EMAIL_BACKEND"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.mark.parametrize(
    "env, url",
    [
        ({}, "http://localhost:8000"),
        ({"PORT": "8123"}, "http://localhost:8123"),
        (
            {"PORT": "8123", "WAGTAILADMIN_BASE_URL": "http://admin.localhost:9000"},
            "http://admin.localhost:9000",
        ),
    ],
)
def test_development_mail_links_to_the_port_make_run_serves(env, url):
    """`make run` exports PORT to every process it starts, the lead worker's too."""
    result = load_settings(
        {"DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        "settings.WAGTAILADMIN_BASE_URL",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == url


@pytest.mark.parametrize(
    "url, engine",
    [
        ("", "django.db.backends.sqlite3"),
        ("postgres://postgres@127.0.0.1:5432/clinic", "django.db.backends.postgresql"),
    ],
)
def test_database_comes_from_database_url(url, engine):
    env = {"DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    if url:
        env["DATABASE_URL"] = url
    result = load_settings(env, "settings.DATABASES['default']['ENGINE']")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == engine


def test_redis_url_gives_every_process_one_shared_cache():
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; from django.core.cache import cache; "
        "cache.set('probe', 'shared', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('probe'), "
        "settings.CONTENT_CACHE_TIMEOUT)"
    )
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/15"}

    result = run_python(code, env)
    reader = run_python(
        "import django; django.setup(); "
        "from django.core.cache import cache; print(cache.get('probe'))",
        env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "home.cache_backends.ResilientRedisCache",
        "shared",
        "300",
    ]
    assert reader.stdout.strip() == "shared"


def test_the_procfile_runs_every_background_process_of_make_run():
    """Production's process list (Procfile) has each background process that
    `make run` supervises (dev-processes.conf), the scheduler among them, with
    the same command; its web process is gunicorn, not runserver."""
    base = Path(__file__).resolve().parents[1]
    procfile = dict(
        line.split(": ", 1)
        for line in (base / "Procfile").read_text().splitlines()
        if line.strip()
    )
    config = (base / "dev-processes.conf").read_text()
    make_run = dict(
        re.findall(r"^\[program:(\w+)\]\n(?:;[^\n]*\n)*command=([^\n]+)", config, re.M)
    )

    assert procfile["web"].startswith("gunicorn cms.wsgi ")
    assert set(procfile) == set(make_run)
    for name, command in make_run.items():
        if name == "web":
            continue
        # make run's scheduler looks every 30 s, production's every 60 s.
        assert re.sub(r"--every \d+", "", procfile[name]) == re.sub(
            r"--every \d+", "", command
        ), name
    assert procfile["scheduler"] == "python manage.py run_scheduler --every 60"
