"""Caches of published content, keyed by content generations.

Two generations make the key of everything cached here and of every cached page
(home.page_cache): one for the whole install and one per clinic site. A change to
one clinic's content (a page published, unpublished, moved or deleted; its
settings, notices, testimonials, FAQ sets, topics or images) starts a new
generation for that site only, so an edit at Tal leaves TruHealing's cache warm.
A change that every site may show (a site's hostname, a locale, a shared image)
starts a new install-wide generation. home/signals.py says which change is which.

The generations are kept in the default cache and, when the page cache is on, in
its store as well (written to both, read from either), so that a page cache hit
reads the generations and the page in one round trip.

With a cache per process (LocMem, as in development) other processes see a change
within CONTENT_CACHE_TIMEOUT; production shares one cache through REDIS_URL. With
Redis down every read is a miss: content is built from the database.

Within one request (``request_scope``, entered by home.routing's middleware)
the generations and every value read are kept in memory: a page view asks for
the same clinic settings, locale or language links several times, and each
would otherwise cost a cache round trip, and the generations one more. A new
generation started by the request itself empties that memory.
"""

import contextlib
import contextvars
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction

GENERATION_KEY = "content-generation"

# {key: value} of the default cache, read within the current request.
_request_memo = contextvars.ContextVar("content_cache_memo", default=None)


@contextlib.contextmanager
def request_scope():
    """Keep what is read from the content cache in memory until the block ends."""
    token = _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.reset(token)


def request_memo(key, build):
    """``build()``, kept for the rest of the request (built each time outside
    one): for lookups that have a cache of their own, such as Wagtail's site
    root paths, asked for several times by one page view."""
    memo = _request_memo.get()
    if memo is None:
        return build()
    key = f"memo:{key}"
    if key not in memo:
        memo[key] = build()
    return memo[key]


def _forget_request_memo():
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()


def site_generation_key(site_id):
    return f"{GENERATION_KEY}:site:{site_id}"


def generation_keys(site_id=None):
    keys = [GENERATION_KEY]
    if site_id is not None:
        keys.append(site_generation_key(site_id))
    return keys


def generation(site_id=None, store=None, values=None):
    """The current generation of the install, and of ``site_id`` if given, as one
    string (one cache round trip), read from ``store`` (the default cache, or
    the page cache's). ``values`` are the keys' values if already read."""
    keys = generation_keys(site_id)
    memo = _request_memo.get() if store is None and values is None else None
    if memo is not None and all(key in memo for key in keys):
        return ".".join(memo[key] for key in keys)
    store = cache if store is None else store
    if values is None:
        values = store.get_many(keys)
    found = [values.get(key) or _start(store, key) for key in keys]
    if memo is not None:
        memo.update(zip(keys, found, strict=True))
    return ".".join(found)


def _start(store, key):
    value = uuid.uuid4().hex
    if store.add(key, value, None):
        return value
    return store.get(key) or value


def generation_stores():
    stores = [cache]
    if settings.PAGE_CACHE_ENABLED and settings.PAGE_CACHE_ALIAS in settings.CACHES:
        stores.append(caches[settings.PAGE_CACHE_ALIAS])
    return stores


def new_generation(site_id=None):
    """Forget what was cached for ``site_id``, or for every site if None: now, and
    again when the current transaction commits, so that a page rendered from the
    old content between the two is not kept under the new generation."""

    def bump():
        key = GENERATION_KEY if site_id is None else site_generation_key(site_id)
        value = uuid.uuid4().hex
        for store in generation_stores():
            store.set(key, value, None)
        _forget_request_memo()

    bump()
    transaction.on_commit(bump)


# What is kept under a generation's key never changes (a change starts a new
# generation, hence new keys), so each process keeps what it has read in its own
# memory as well: a page view then asks the shared cache for the generations
# alone. LocMemCache pickles, as Redis does: every read is a fresh copy.
_local = LocMemCache("content-local", {"OPTIONS": {"MAX_ENTRIES": 400}})


def cached(name, build, site_id=None):
    """``build()``, cached under ``name`` for this content generation: the
    install's, and the site's when the value shows a site's content."""
    key = f"content:{generation(site_id)}:{name}"
    memo = _request_memo.get()
    if memo is not None and key in memo:
        return memo[key]
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, settings.CONTENT_CACHE_TIMEOUT)
        _local.set(key, value, settings.CONTENT_CACHE_TIMEOUT)
    if memo is not None:
        memo[key] = value
    return value
