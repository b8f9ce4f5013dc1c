"""
The cache backends the site uses (chosen by CACHE_URL in the settings), made so that a cache out
of reach slows the site down and never breaks it.

While the cache cannot be reached (Redis stopped, the embedded cache's disk failing), every read
finds nothing, every write is dropped and every lock is granted: readers get pages drawn fresh,
which is slower but never stale, since what is current is decided by the purge log in the database
(common.purges), not by the cache. The cache is tried again every RETRY_SECONDS and used as soon as
it answers; the outage is logged once a minute.
"""

import logging
import sqlite3
import threading
import time
from collections import defaultdict
from contextlib import suppress

import diskcache
from diskcache import DjangoCache
from diskcache.core import EVICTION_POLICY
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from . import nearby

logger = logging.getLogger(__name__)

#: Keys per statement when several are read at once.
MANY = 500
#: After a failure, the cache is left alone this long before it is tried again.
RETRY_SECONDS = 5.0
#: An outage is logged once in this long.
LOG_SECONDS = 60.0

#: Per cache location: until when it is left alone, and when its outage was last logged
#: (time.monotonic()). Shared by the threads of a process, each of which has its own backend object.
_down_until = {}
_logged_at = {}
_lock = threading.Lock()


class Resilient:
    """Every cache operation answers as an empty cache would while the cache is out of reach."""

    errors = ()

    def __init__(self, location, params):
        super().__init__(location, params)
        self._where = str(location)

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def set(self, *args, **kwargs):
        return self._guarded(super().set, None, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._guarded(super().set_many, [], *args, **kwargs)

    def add(self, *args, **kwargs):
        # A lock asked for while the cache is away is granted: the asker draws the page itself.
        return self._guarded(super().add, True, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded(super().delete, False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded(super().delete_many, None, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._guarded(super().has_key, False, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._guarded(super().incr, None, *args, **kwargs)

    def clear(self):
        nearby.forget()  # this process's copies of kept parts go with the cache's
        return self._guarded(super().clear, None)

    def _guarded(self, operation, default, *args, **kwargs):
        if _down_until.get(self._where, 0) > time.monotonic():
            return default
        try:
            return operation(*args, **kwargs)
        except self.errors as error:
            now = time.monotonic()
            with _lock:
                if now - _logged_at.get(self._where, -LOG_SECONDS) >= LOG_SECONDS:
                    _logged_at[self._where] = now
                    logger.warning(
                        "The cache at %s is unreachable (%s): pages are drawn fresh; trying it again every %.0f s.",
                        self._where,
                        error,
                        RETRY_SECONDS,
                    )
                _down_until[self._where] = now + RETRY_SECONDS
            return default


class ResilientRedisCache(Resilient, RedisCache):
    """Django's Redis cache (CACHE_URL=redis://…)."""

    errors = (RedisError, OSError)


class SharedDiskCache(Resilient, DjangoCache):
    """
    The embedded cache: diskcache's backend (SQLite and files under the var directory), so every
    worker process of the machine shares one cache with no server to run, and what one worker
    renders the others serve. Its connections stay open between requests.
    """

    errors = (sqlite3.Error, OSError, diskcache.Timeout)

    def get_many(self, keys, version=None):
        return self._guarded(self._read_many, {}, keys, version)

    def _read_many(self, keys, version):
        """
        Several keys in one statement per shard: diskcache reads a key a statement, and a page's
        cards are asked for together (a home page, seventy). Entries are read as diskcache's own
        get() reads them, which with this eviction policy and no statistics writes nothing.
        """
        fanout = self._cache
        shards = fanout._shards
        if any(shard.statistics or EVICTION_POLICY[shard.eviction_policy]["get"] for shard in shards):
            return super().get_many(keys, version)
        wanted = {self.make_and_validate_key(key, version=version): key for key in keys}
        by_shard = defaultdict(list)
        for made in wanted:
            by_shard[fanout._hash(made) % fanout._count].append(made)
        found = {}
        for index, made_keys in by_shard.items():
            shard = shards[index]
            for start in range(0, len(made_keys), MANY):
                chunk = made_keys[start : start + MANY]
                rows = shard._sql(
                    f"SELECT key, mode, filename, value FROM Cache WHERE key IN ({','.join('?' * len(chunk))})"
                    " AND raw = 1 AND (expire_time IS NULL OR expire_time > ?)",
                    (*chunk, time.time()),
                ).fetchall()
                for made, mode, filename, value in rows:
                    with suppress(OSError):  # its file deleted meanwhile: a miss
                        found[wanted[made]] = shard._disk.fetch(mode, filename, value, False)
        return found

    def close(self, **kwargs):
        # Django closes every cache after each request; diskcache would reopen its SQLite
        # connections (one per shard) on the next. They are per thread and safe to keep.
        pass
