"""Settings shared by every environment.

The environment is read here, once. ``dev``, ``test`` and ``production`` import this
module and add what differs; only ``production`` insists on real secrets.
There is deliberately no SECRET_KEY here.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name, default):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from None


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Application definition

INSTALLED_APPS = [
    "home",
    "blog",
    "leads",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "csp",
    # Two-factor authentication for the admin (home/two_factor.py): authenticator
    # apps (TOTP) and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole anonymous pages, as the middleware below them left them (headers
    # included): a cached page costs none of what follows.
    "home.page_cache.PageCacheMiddleware",
    "home.security.PermissionsPolicyMiddleware",
    "home.security.ClinicCSPMiddleware",
    "home.routing.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, without "Vary: Accept-Language": the language is in the URL.
    "home.page_cache.LanguageFromPathMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # ADMIN_2FA: keeps the admin closed to sessions without a second factor.
    "home.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# Database: SQLite unless DATABASE_URL says otherwise (postgres://... uses psycopg 3).

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the task worker write to the same file: wait for the
    # lock instead of failing, and take it at the start of each transaction.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English at /, Spanish under /es/ (wagtail-localize).

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
]
WAGTAIL_I18N_ENABLED = True
# A new translation of a live page starts as a draft (wagtail-localize would
# publish it at once): it goes live through the clinic's review
# (home/translation_review.py), or when someone who may publish publishes it.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

# Static and media files

STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# Django serves MEDIA_ROOT itself when DEBUG is on, or this is (the browser
# tests, make lighthouse); in production the web server in front does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Each clinic's name and phone by host, for pages shown while the database is
# down (home/contacts.py). Written by the app; not served.
CLINIC_CONTACTS_FILE = Path(
    env_str("CLINIC_CONTACTS_FILE") or BASE_DIR / "var" / "clinic-contacts.json"
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Mail. Lead notifications reveal that someone seeks treatment: production.py
# refuses to send them in the clear. EMAIL_TIMEOUT bounds a stalled SMTP server.

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Background work: Django's tasks API on the database backend. Wagtail queues its
# search and reference index updates on "default"; lead mail gets its own queue so
# that those never delay it. `make run` starts a worker for every queue.

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "leads"],
    }
}

# Error reports never show POST data of a return request, nor the local
# variables of any frame that handled one.
DEFAULT_EXCEPTION_REPORTER_FILTER = "leads.reporting.LeadSafeExceptionReporterFilter"

# Return requests (leads/). The client IP is the REMOTE_ADDR, or, behind
# TRUSTED_PROXY_COUNT reverse proxies that each append to X-Forwarded-For, the
# address the outermost trusted proxy saw. Never more than the proxies you run.

LEADS_TRUSTED_PROXIES = env_int("TRUSTED_PROXY_COUNT", 0)
# Per client IP and clinic site: this many requests per window (seconds).
LEADS_RATE_LIMIT = env_int("LEADS_RATE_LIMIT", 5)
LEADS_RATE_WINDOW = env_int("LEADS_RATE_WINDOW", 600)
# A form filled faster than this (measured in the browser) is suspected spam.
LEADS_MIN_FILL_SECONDS = 3
# Identical submissions to one site within this many seconds are one request.
LEADS_DEDUPE_SECONDS = 600
# The mail server's circuit breaker (leads.breaker): opens after this many
# transport failures in a row; probes the server after the first delay, then
# twice as long each time, up to the longest.
LEADS_BREAKER_THRESHOLD = env_int("LEADS_BREAKER_THRESHOLD", 3)
LEADS_PROBE_FIRST_SECONDS = env_int("LEADS_PROBE_FIRST_SECONDS", 5)
LEADS_PROBE_MAX_SECONDS = env_int("LEADS_PROBE_MAX_SECONDS", 40)
# Google's verification call; on timeout the request is kept as unverified.
RECAPTCHA_VERIFY_REQUEST_TIMEOUT = env_int("RECAPTCHA_TIMEOUT", 5)

# Admin sign-in (home/signin.py). Staff read return requests in the admin. A
# session ends when the browser closes, and at the latest ADMIN_SESSION_HOURS
# after it was last saved (at sign-in: the admin hardly writes to it later).
ADMIN_SESSION_HOURS = env_int("ADMIN_SESSION_HOURS", 8)
if ADMIN_SESSION_HOURS < 1:
    raise ImproperlyConfigured("ADMIN_SESSION_HOURS must be at least 1.")
SESSION_COOKIE_AGE = ADMIN_SESSION_HOURS * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# After this many failed sign-ins per username, or per client IP (as for return
# requests: TRUSTED_PROXY_COUNT), in a window of this many seconds, every attempt
# is refused, right password or not, until the window ends. 0 turns it off.
ADMIN_LOGIN_RATE_LIMIT = env_int("ADMIN_LOGIN_RATE_LIMIT", 5)
ADMIN_LOGIN_RATE_WINDOW = env_int("ADMIN_LOGIN_RATE_WINDOW", 900)
if ADMIN_LOGIN_RATE_WINDOW < 1:
    raise ImproperlyConfigured("ADMIN_LOGIN_RATE_WINDOW must be at least 1 second.")
# Two-factor authentication (home/two_factor.py, django-otp): "off"; "optional"
# (a user who set up an authenticator app must enter its code at sign-in);
# "required" (every admin user must set one up before the admin opens).
ADMIN_2FA = env_str("ADMIN_2FA", "off").lower()
if ADMIN_2FA not in {"off", "optional", "required"}:
    raise ImproperlyConfigured("ADMIN_2FA must be off, optional or required.")

# Caches. One shared Redis when REDIS_URL is set (needed for more than one process
# to see a change at once); otherwise each process keeps its own.

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _redis = {
        # Django's Redis cache, failing soft: Redis down is a cache miss.
        "BACKEND": "home.cache_backends.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    CACHES = {"default": _redis, "pages": {**_redis, "KEY_PREFIX": "pages"}}
else:
    _locmem = "django.core.cache.backends.locmem.LocMemCache"
    CACHES = {
        "default": {"BACKEND": _locmem},
        # Whole pages (home.page_cache), apart so that they never push the
        # content generations out of the default cache.
        "pages": {
            "BACKEND": _locmem,
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
# Seconds a cached clinic setting, menu or related-posts list may live. Changes
# start a new cache generation at once; this bounds staleness between processes
# that do not share a cache.
CONTENT_CACHE_TIMEOUT = env_int("CONTENT_CACHE_TIMEOUT", 300 if REDIS_URL else 60)

# The full-page cache of anonymous visitors' pages (home.page_cache). PAGE_CACHE=
# false turns it off. A cached page lives until its site's content changes, and
# at most PAGE_CACHE_TIMEOUT seconds (short without Redis: other processes, such
# as the scheduler, cannot reach this process's cache to invalidate it).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 600 if REDIS_URL else 60)
# Cache-Control of public pages: browsers keep a page PAGE_BROWSER_MAX_AGE
# seconds, a CDN PAGE_CDN_MAX_AGE (purged on publish when FRONTEND_CACHE is set).
PAGE_BROWSER_MAX_AGE = env_int("PAGE_BROWSER_MAX_AGE", 60)

# A CDN in front of the sites, purged through wagtail.contrib.frontend_cache's
# backends by a background task (home/frontend_cache.py) when a page is
# published or unpublished: FRONTEND_CACHE=http (Varnish, Squid, nginx:
# FRONTEND_CACHE_LOCATION), cloudflare (CLOUDFLARE_BEARER_TOKEN and
# CLOUDFLARE_ZONE_ID) or cloudfront (CLOUDFRONT_DISTRIBUTION_ID). Unset: no CDN.
FRONTEND_CACHE = env_str("FRONTEND_CACHE").lower()
_frontend_cache_settings = {
    "http": ("HTTPBackend", {"LOCATION": "FRONTEND_CACHE_LOCATION"}),
    "cloudflare": (
        "CloudflareBackend",
        {"BEARER_TOKEN": "CLOUDFLARE_BEARER_TOKEN", "ZONEID": "CLOUDFLARE_ZONE_ID"},
    ),
    "cloudfront": (
        "CloudfrontBackend",
        {"DISTRIBUTION_ID": "CLOUDFRONT_DISTRIBUTION_ID"},
    ),
}
if FRONTEND_CACHE:
    if FRONTEND_CACHE not in _frontend_cache_settings:
        raise ImproperlyConfigured(
            "FRONTEND_CACHE must be http, cloudflare or cloudfront (or unset)."
        )
    _backend, _params = _frontend_cache_settings[FRONTEND_CACHE]
    _missing = [name for name in _params.values() if not env_str(name)]
    if _missing:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE={FRONTEND_CACHE} needs {', '.join(_missing)}."
        )
    WAGTAILFRONTENDCACHE = {
        "cdn": {
            "BACKEND": f"wagtail.contrib.frontend_cache.backends.{_backend}",
            **{key: env_str(name) for key, name in _params.items()},
        }
    }
# Seconds a purge waits for the CDN before giving up.
FRONTEND_CACHE_TIMEOUT = env_int("FRONTEND_CACHE_TIMEOUT", 10)
# How long a CDN may keep a public page (Cache-Control: s-maxage): longer when
# it is purged on publish. Settings and snippets do not purge it.
PAGE_CDN_MAX_AGE = env_int("PAGE_CDN_MAX_AGE", 300 if FRONTEND_CACHE else 60)

# Security headers. Public pages: a strict Content-Security-Policy without nonces
# (pages are cached whole); inline styles are allowed by hash, reCAPTCHA's
# origins on the pages whose form uses it (home/security.py). The admin has a
# policy of its own: Wagtail needs inline scripts and styles there.

ADMIN_URL_PREFIXES = ("/admin/",)
# Images come from our origin, or from MEDIA_URL's when media are elsewhere.
_media_origins = (
    ["/".join(MEDIA_URL.split("/")[:3])] if MEDIA_URL.startswith("http") else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *_media_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # Wagtail previews a page in a frame of the admin.
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Features no page of ours uses, refused to the page and to every frame in it.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

# Wagtail

WAGTAIL_SITE_NAME = "Clinic sites"
# The name authenticator apps show beside the admin's codes.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# The admin reaches no outside host: no upgrade check (the browser would ask
# releases.wagtail.io), no "what's new" banner, no Gravatar (each avatar would
# send Gravatar a hash of a staff member's email address).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Moderation mail goes to the clinic's own moderators (their workflow task's
# group, home/teams.py) and to the editor, not to every superuser.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

PHONENUMBER_DEFAULT_REGION = "US"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
