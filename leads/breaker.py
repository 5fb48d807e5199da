"""A circuit breaker per mail transport, its state in the database
(:class:`~leads.models.MailServer`) so that every worker on every host shares it.

After ``LEADS_BREAKER_THRESHOLD`` transport failures in a row (the server refused
the connection, stalled past EMAIL_TIMEOUT, hung up) the breaker opens: while it
is open no request tries to send, each one waits ("parked") instead of retrying
on its own timer. One probe (a real connection, EHLO and NOOP) runs on its own
schedule: ``LEADS_PROBE_FIRST_SECONDS`` after opening, then twice as long each
time, up to ``LEADS_PROBE_MAX_SECONDS`` (40: once the server is back, the next
probe finds it within 40 s, leaving the rest of a minute to send the backlog). A
stalled server so costs one EMAIL_TIMEOUT per probe, not one per request. When a
probe or any send succeeds, the breaker closes and every parked request is queued
at once (leads.delivery.wake_parked).

A refused recipient, a rejected message or a missing inbox is not a transport
failure: the server answered, and other requests may well go through.

Every clinic sends through Django's EMAIL_* settings today, so there is one
transport; the key names the server, so clinics with servers of their own would
each get a breaker.
"""

import datetime
import smtplib

from django.conf import settings
from django.utils import timezone

from leads.models import MailServer

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# Failures of the connection itself; every other SMTPException (a refused
# recipient or sender, a rejected message) is an answer from a working server.
CONNECTION_ERRORS = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
)


def transport_key():
    """The mail transport this process sends through."""
    if settings.EMAIL_BACKEND == SMTP_BACKEND:
        return f"smtp://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return settings.EMAIL_BACKEND[:255]


def is_transport_failure(error):
    """Whether ``error`` says the mail server could not be reached (smtplib's
    errors are OSErrors too: only the connection's count)."""
    if isinstance(error, smtplib.SMTPException):
        return isinstance(error, CONNECTION_ERRORS)
    return isinstance(error, OSError)


def open_server(*, lock=False):
    """This transport's breaker if it is open, else None; with ``lock``, its
    row is locked for the transaction (take it before any lead's row)."""
    servers = MailServer.objects.filter(key=transport_key(), down_since__isnull=False)
    if lock:
        servers = servers.select_for_update()
    return servers.first()


def locked_server():
    server, _created = MailServer.objects.select_for_update().get_or_create(
        key=transport_key()
    )
    return server


def note_failure(description):
    """Count a transport failure; opens the breaker at the threshold. Returns
    (the breaker, whether it opened now), its row locked: call inside a
    transaction, before locking a lead."""
    server = locked_server()
    server.failures += 1
    server.last_error = description
    opens = not server.is_open and server.failures >= settings.LEADS_BREAKER_THRESHOLD
    if opens:
        server.down_since = timezone.now()
        server.probe_every = settings.LEADS_PROBE_FIRST_SECONDS
        server.probe_generation += 1
    server.save()
    return server, opens


def probe_failed(generation, description):
    """A probe found the server down still: wait twice as long for the next one.
    Returns the breaker (locked), or None if that probe was superseded."""
    server = locked_server()
    if not server.is_open or server.probe_generation != generation:
        return None
    server.failures += 1
    server.last_error = description
    server.probe_every = min(server.probe_every * 2, settings.LEADS_PROBE_MAX_SECONDS)
    server.probe_generation += 1
    server.save()
    return server


def next_probe_at(server):
    return timezone.now() + datetime.timedelta(seconds=server.probe_every)


def probe_is_current(generation):
    return MailServer.objects.filter(
        key=transport_key(), down_since__isnull=False, probe_generation=generation
    ).exists()


def close():
    """Close the breaker after a success. Returns when it had been open (None if
    it was closed). Call inside a transaction: the caller wakes parked leads in
    the same one, with the breaker's row locked."""
    server = locked_server()
    down_since = server.down_since
    if server.failures or down_since:
        server.failures = 0
        server.down_since = None
        server.probe_generation += 1  # a probe still queued stands down
        server.save()
    return down_since


def needs_closing():
    """Whether a success has anything to reset (one cheap read per send)."""
    return (
        MailServer.objects.filter(key=transport_key())
        .exclude(failures=0, down_since__isnull=True)
        .exists()
    )


def longest_open():
    """The breaker open the longest, of any transport (the admin may not share
    the workers' mail settings), or None."""
    return (
        MailServer.objects.filter(down_since__isnull=False)
        .order_by("down_since")
        .first()
    )
