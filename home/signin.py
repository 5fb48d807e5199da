"""Sign-in to the Wagtail admin, where clinic staff read return requests.

A return request says that someone seeks addiction treatment, so password
guessing is capped: after ``ADMIN_LOGIN_RATE_LIMIT`` failed sign-ins for one
username, or from one client, within the current ``ADMIN_LOGIN_RATE_WINDOW``,
every further attempt is refused, the right password included, until that
window ends. Refused attempts never check the password, so they tell a guesser
nothing. Successful sign-ins are not counted, and clear their username's
failures (not their client's: signing in to one's own account must not buy
guesses at others').

With ``ADMIN_2FA`` on, the form also asks for a code from the user's
authenticator app (home/two_factor.py); a wrong or missing code is a failure
like a wrong password.

Failures are counted with the return requests' own counter
(:func:`leads.ratelimit.hit`, read with :func:`~leads.ratelimit.peek`): Redis
when ``REDIS_URL`` is set, the database otherwise, so every web process on every
machine sees the same count. The client is the IP that
:func:`leads.client_ip.client_ip` trusts (an IPv6 client is its /64), kept only
as a keyed hash; so is the username.
"""

import logging
import math
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

from wagtail.admin.views.account import LoginView as WagtailLoginView

from home import two_factor
from leads.client_ip import client_ip, ip_hmac
from leads.ratelimit import hit, network_of, peek, reset

logger = logging.getLogger(__name__)


class LoginView(WagtailLoginView):
    """Wagtail's admin sign-in, refusing attempts over the limit with HTTP 429 and
    the form re-rendered with the reason."""

    def post(self, request, *args, **kwargs):
        self.counters = counter_keys(request, request.POST.get("username", ""))
        locked = locked_counters(self.counters)
        if locked:
            return self.refuse(locked)
        return super().post(request, *args, **kwargs)

    def get_form_class(self):
        form_class = super().get_form_class()
        if two_factor.enabled():
            return two_factor.login_form(form_class)
        return form_class

    def form_valid(self, form):
        response = super().form_valid(form)
        two_factor.remember_device(self.request, form)
        clear_username_failures(self.counters)
        return response

    def form_invalid(self, form):
        """Every rejected submission (wrong password or code, unknown or inactive
        user, missing field) counts against its username and its client."""
        record_failure(self.counters)
        return super().form_invalid(form)

    def refuse(self, locked):
        log_refusal(self.request, self.counters, locked)
        form_class = refusing_form(self.get_form_class(), lockout_message())
        form = form_class(**self.get_form_kwargs())
        return self.render_to_response(self.get_context_data(form=form), status=429)


def counter_keys(request, username):
    """The counters that one attempt is charged to: its client and, when it names
    one, its username (case-insensitively, so "Admin" and "admin" share one)."""
    keys = {}
    ip = client_ip(request)
    if ip:
        keys["client"] = f"signin-ip:{ip_hmac(network_of(ip))}"
    name = username.strip().casefold()
    if name:
        keys["username"] = f"signin-user:{username_hmac(name)}"
    return keys


def username_hmac(name):
    """A keyed hash, like the client IP's: the counters say how often a name was
    tried, not which names were tried."""
    return salted_hmac("home.signin.username", name, algorithm="sha256").hexdigest()


def locked_counters(counters):
    """Which of the counters (``"client"``, ``"username"``) reached the limit."""
    limit = settings.ADMIN_LOGIN_RATE_LIMIT
    if limit <= 0:
        return []
    window = settings.ADMIN_LOGIN_RATE_WINDOW
    return [name for name, key in counters.items() if peek(key, window) >= limit]


def record_failure(counters):
    if settings.ADMIN_LOGIN_RATE_LIMIT <= 0:
        return
    for key in counters.values():
        hit(key, settings.ADMIN_LOGIN_RATE_WINDOW)


def clear_username_failures(counters):
    """After a successful sign-in its username starts the window afresh: the
    staff member's own typos, or guesses at their name, no longer bring them
    closer to a lockout. The client's failures stay."""
    if settings.ADMIN_LOGIN_RATE_LIMIT > 0 and "username" in counters:
        reset(counters["username"], settings.ADMIN_LOGIN_RATE_WINDOW)


def lockout_message():
    """What a refused attempt reads: the minutes until the window ends, rounded
    up, and nothing about whether the username or the client is locked out."""
    window = settings.ADMIN_LOGIN_RATE_WINDOW
    minutes = max(1, math.ceil((window - time.time() % window) / 60))
    return ngettext(
        "Too many failed sign-in attempts. Please try again in %(minutes)d minute.",
        "Too many failed sign-in attempts. Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def refusing_form(form_class, message):
    """``form_class`` whose validation shows ``message`` and never authenticates:
    checking the password of a refused attempt would tell the guesser whether
    the guess was right."""

    class RefusingForm(form_class):
        def clean(self):
            raise ValidationError(message, code="rate_limited")

    return RefusingForm


def log_refusal(request, counters, locked):
    """One warning per refused attempt. Never the password; the username only if
    it is an account's (people type their password into the username field),
    and the client as the same keyed hash the counter uses."""
    username = request.POST.get("username", "").strip()
    user_model = get_user_model()
    known = username and (
        user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).exists()
    )
    client = counters.get("client", "")
    logger.warning(
        "Admin sign-in refused: too many failed attempts (limit reached by %s; "
        "username %s; client %s)",
        " and ".join(locked),
        repr(username) if known else "not an account",
        client.removeprefix("signin-ip:")[:16] or "unknown",
    )


# cms/urls.py includes this at admin/login/, ahead of Wagtail's own admin URLs.
urlpatterns = [path("", LoginView.as_view())]
