"""Tests: `make test`. Runs against SQLite, or the database in DATABASE_URL."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"

ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1"]

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Wagtail's own index updates run inline so that content tests see them. Tests of
# background work switch to the database backend and run the real worker
# (see tests/home/test_tasks.py).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "leads"],
    }
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, as in production, not the shared in-memory database: threads and
    # processes then wait for SQLite's lock as they do in production.
    # One file per run, so that runs side by side do not share it.
    (BASE_DIR / "build").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "build" / f"test-{os.getpid()}.sqlite3")  # noqa: F405
    }

MEDIA_ROOT = BASE_DIR / "build" / "test-media"  # noqa: F405
SERVE_MEDIA = True  # the browser tests load every image a page shows
CLINIC_CONTACTS_FILE = BASE_DIR / "build" / f"clinic-contacts-{os.getpid()}.json"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files from the apps and static/ without collectstatic.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Whatever .env says: tests that need two-factor authentication switch it on.
ADMIN_2FA = "off"
