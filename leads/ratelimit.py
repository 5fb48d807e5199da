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


def hit(key, window):
    """Count one request for ``key`` in the current window of ``window`` seconds
    and return the count so far, this request included."""
    index = int(time.time() // window)
    window_key = f"leads-rate:{key}:{index}"
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
