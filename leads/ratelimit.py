"""An atomic per-key request counter in fixed windows.

With Redis (``REDIS_URL``) the count lives in the shared cache (``INCR`` is
atomic). Without it, or when Redis fails, it lives in the database: an UPDATE of
``count = count + 1`` is atomic in SQLite and PostgreSQL alike, and a unique key
makes two first requests in a window agree on one row. Local-memory caches are
never used: every process would count on its own.
"""

import datetime
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from leads.models import RateCounter

logger = logging.getLogger(__name__)


def current_window(key, window):
    """The current window's index and its storage key: the one place that says
    where a count lives, so that :func:`peek` and :func:`reset` find what
    :func:`hit` wrote."""
    index = int(time.time() // window)
    return index, f"leads-rate:{key}:{index}"


def hit(key, window):
    """Count one request for ``key`` in the current window of ``window`` seconds
    and return the count so far, this request included."""
    index, window_key = current_window(key, window)
    if settings.REDIS_URL:
        try:
            cache.add(window_key, 0, timeout=window * 2)
            return cache.incr(window_key)
        except Exception:  # noqa: BLE001 (any Redis failure: count in the database)
            logger.warning("Rate limit: shared cache unavailable, using the database")
    start = datetime.datetime.fromtimestamp(index * window, tz=datetime.UTC)
    return hit_database(window_key, start)


def hit_database(window_key, window_start):
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=window_key).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(
                        key=window_key, window_start=window_start, count=1
                    )
                return 1
            except IntegrityError:  # another process created it first
                RateCounter.objects.filter(key=window_key).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=window_key).values_list(
            "count", flat=True
        )[0]


def peek(key, window):
    """The count for ``key`` in the current window, without counting: a check
    that must not itself count (the admin sign-in checks its limit before the
    password, and a successful sign-in is never counted).

    Reads both places :func:`hit` may have written: while Redis was down it
    counted in the database, so the larger count wins. A Redis that is down
    reads as a miss (home.cache_backends)."""
    _, window_key = current_window(key, window)
    counted = (
        RateCounter.objects.filter(key=window_key)
        .values_list("count", flat=True)
        .first()
    ) or 0
    if settings.REDIS_URL:
        counted = max(counted, cache.get(window_key) or 0)
    return counted


def reset(key, window):
    """Forget the count for ``key`` in the current window, wherever
    :func:`hit` kept it, so that a success can clear earlier failures."""
    _, window_key = current_window(key, window)
    RateCounter.objects.filter(key=window_key).delete()
    if settings.REDIS_URL:
        cache.delete(window_key)  # fails soft while Redis is down


def allow_lead(site_id, ip_digest):
    """True while this client IP has sent at most LEADS_RATE_LIMIT requests to
    this site in the current window."""
    limit = settings.LEADS_RATE_LIMIT
    if limit <= 0 or not ip_digest:
        return True
    return hit(f"{site_id}:{ip_digest}", settings.LEADS_RATE_WINDOW) <= limit


def network_of(ip):
    """What one client is, for counting: an IPv4 address, or the /64 network of
    an IPv6 address (one household or phone gets a whole /64 and may use any
    address in it)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
