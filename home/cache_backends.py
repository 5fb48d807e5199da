"""Django's Redis cache, made to fail soft.

A cache is an optimisation: when Redis is down or slow, a read is a miss and a
write is skipped, so pages are built from the database instead of every request
failing with a 500 (Wagtail itself reads the cache on every page). Counting
(``incr``) still raises, so that callers that need an atomic count, such as the
return-request rate limit, can count somewhere else (leads.ratelimit).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
WARN_EVERY = 60  # seconds: one warning a minute, not one per request


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's Redis client makes a new ``redis.Redis`` for every cache call (on a
    pooled connection). A cached page is two or three calls, where that setup was
    a third of a hit's time (bench/pages.sh): keep one per connection pool.
    ``redis.Redis`` is thread-safe; its connections come from the pool."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        if index not in clients:
            clients[index] = super().get_client(key, write=write)
        return clients[index]


class ResilientRedisCache(RedisCache):
    _last_warning = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

    def _unavailable(self, error, default=None):
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning > WARN_EVERY:
            ResilientRedisCache._last_warning = now
            logger.warning("Redis cache unavailable (%s): using the database", error)
        return default

    def _soft(self, method, default, *args, **kwargs):
        try:
            return getattr(super(), method)(*args, **kwargs)
        except REDIS_DOWN as error:
            return self._unavailable(error, default)

    def get(self, *args, **kwargs):
        default = args[1] if len(args) > 1 else kwargs.get("default")
        return self._soft("get", default, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._soft("get_many", {}, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._soft("has_key", False, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._soft("add", False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._soft("set", None, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._soft("set_many", [], *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._soft("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._soft("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._soft("delete_many", None, *args, **kwargs)

    def clear(self):
        return self._soft("clear", False)
