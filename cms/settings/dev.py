"""Development: `make run`. Debug on, demo admin, mail to the console unless
EMAIL_HOST is set."""

from .base import *  # noqa: F403
from .base import env_int, env_list, env_str

DEBUG = True
SECRET_KEY = env_str("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"

# *.localhost resolves to loopback in browsers and curl: truhealing.localhost and
# tal.localhost are the demo clinics; any other host gets the default site.
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["localhost", ".localhost", "127.0.0.1", "[::1]"]
)

# `load_demo` creates this superuser only when these settings exist (here).
DEMO_SUPERUSER = {"username": "admin", "password": "clinic-demo"}

# Links in lead mail point at the admin `make run` serves.
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL") or (
    f"http://localhost:{env_int('PORT', 8000)}"
)
