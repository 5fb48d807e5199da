"""Short-lived caches of published content that every page shows (clinic settings,
menus, a post's related posts), keyed by a content generation.

Any publish, unpublish, move or delete of a page, and any save of clinic settings,
notices, sites or locales, starts a new generation (see home/signals.py), so a
cached value never outlives the content it was built from in this cache. With a
cache per process (LocMem, as in development) other processes see a change within
CONTENT_CACHE_TIMEOUT; production shares one cache through REDIS_URL.
"""

import uuid

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "content-generation"


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = new_generation()
    return value


def new_generation():
    value = uuid.uuid4().hex
    cache.set(GENERATION_KEY, value, None)
    return value


def cached(name, build):
    """``build()``, cached under ``name`` for this content generation."""
    key = f"content:{generation()}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.CONTENT_CACHE_TIMEOUT)
    return value
