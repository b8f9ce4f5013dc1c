"""A cache that evicts like a full Redis (allkeys-lru samples keys at random): for tests/test_cache_contract.py."""

import random

from django.core.cache.backends.locmem import LocMemCache


class EvictingCache(LocMemCache):
    """Past MAX_ENTRIES, half of the entries, picked at random (seeded, so a failure replays), are dropped."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self._random = random.Random(2026)

    def _cull(self):
        for key in self._random.sample(list(self._cache), len(self._cache) // 2):
            self._cache.pop(key, None)
            self._expire_info.pop(key, None)
