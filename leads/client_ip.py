"""The visitor's IP address, and the only form in which we keep it.

Behind ``LEADS_TRUSTED_PROXIES`` reverse proxies, each appending the address it
received from to X-Forwarded-For, the client is the entry the outermost trusted
proxy wrote: the N-th from the end. Anything before it was written by the client
and is ignored. With no trusted proxies, X-Forwarded-For is ignored altogether.
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LEADS_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer entries than proxies: a proxy is missing or misconfigured. The
        # connection's own address is the only one nobody could forge.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def ip_hmac(ip):
    """A keyed hash (HMAC-SHA256 with a key derived from SECRET_KEY): equal IPs
    can be matched, but the address cannot be recovered by trying all 2³² IPv4
    addresses without the key."""
    if not ip:
        return ""
    return salted_hmac("leads.client-ip", ip, algorithm="sha256").hexdigest()
