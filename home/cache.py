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
"""

import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

GENERATION_KEY = "content-generation"


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
    store = cache if store is None else store
    keys = generation_keys(site_id)
    if values is None:
        values = store.get_many(keys)
    return ".".join(values.get(key) or _start(store, key) for key in keys)


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

    bump()
    transaction.on_commit(bump)


def cached(name, build, site_id=None):
    """``build()``, cached under ``name`` for this content generation: the
    install's, and the site's when the value shows a site's content."""
    key = f"content:{generation(site_id)}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.CONTENT_CACHE_TIMEOUT)
    return value
