"""Production. Refuses to start on insecure values instead of running with them.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, EMAIL_HOST with EMAIL_USE_TLS or
EMAIL_USE_SSL (or EMAIL_ALLOW_UNENCRYPTED=true), DEFAULT_FROM_EMAIL and
WAGTAILADMIN_BASE_URL. See .env.example.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    DEFAULT_FROM_EMAIL,
    EMAIL_HOST,
    EMAIL_USE_SSL,
    EMAIL_USE_TLS,
    env_bool,
    env_int,
    env_list,
    env_str,
)

if env_bool("DJANGO_DEBUG", False):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is on: debug pages leak settings and visitor data. "
        "Unset it in production."
    )
DEBUG = False

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or "insecure" in SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must list the clinics' hostnames (comma-separated, no '*')."
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "ALLOW_SQLITE", False
):
    raise ImproperlyConfigured(
        "Set DATABASE_URL to PostgreSQL (postgres://...); SQLite is for development."
    )

# Lead notifications say that someone seeks treatment: never send them in the clear
# unless the operator says so explicitly (e.g. a relay on the same machine).
if not EMAIL_HOST:
    raise ImproperlyConfigured("EMAIL_HOST must name the SMTP server for lead mail.")
if not (EMAIL_USE_TLS or EMAIL_USE_SSL or env_bool("EMAIL_ALLOW_UNENCRYPTED", False)):
    raise ImproperlyConfigured(
        "SMTP without encryption: set EMAIL_USE_TLS=true (STARTTLS) or "
        "EMAIL_USE_SSL=true, or EMAIL_ALLOW_UNENCRYPTED=true to opt out knowingly."
    )
if DEFAULT_FROM_EMAIL == "webmaster@localhost":
    raise ImproperlyConfigured("DEFAULT_FROM_EMAIL must be set to a real sender.")

WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL")
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the https:// address of the admin."
    )

# HTTPS everywhere. Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=true so Django trusts its X-Forwarded-Proto.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
