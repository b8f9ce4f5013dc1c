"""Caches that misbehave, for tests/test_cache_contract.py: one evicting as a full Redis does, one going away."""

import random

from django.core.cache.backends.locmem import LocMemCache

from common.caches import Resilient


class EvictingCache(LocMemCache):
    """Past MAX_ENTRIES, half of the entries, picked at random (seeded, so a failure replays), are dropped."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._random = random.Random(2026)

    def _cull(self):
        for key in self._random.sample(list(self._cache), len(self._cache) // 2):
            self._cache.pop(key, None)
            self._expire_info.pop(key, None)


class Unreachable(ConnectionError):
    pass


class GoingAway(LocMemCache):
    """A local cache whose every operation fails while FlakyCache.down is set, as a stopped Redis's do."""

    def get(self, *args, **kwargs):
        self._fail()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._fail()
        return super().set(*args, **kwargs)

    def add(self, *args, **kwargs):
        self._fail()
        return super().add(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._fail()
        return super().delete(*args, **kwargs)

    @staticmethod
    def _fail():
        if FlakyCache.down:
            raise Unreachable("Connection refused")


class FlakyCache(Resilient, GoingAway):
    """The site's way of using a cache (common.caches.Resilient) over one that can be switched off."""

    down = False
    errors = (Unreachable,)
