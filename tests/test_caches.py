"""The embedded cache reads several keys at once as it reads them one by one (common.caches)."""

import time

import time_machine
from django.core.cache import caches
from django.test import SimpleTestCase

from common.caches import SharedDiskCache


class ManyKeysTests(SimpleTestCase):
    def test_several_keys_read_at_once_are_what_each_read_alone_gives(self):
        cache = caches["default"]
        if not isinstance(cache, SharedDiskCache):
            self.skipTest("the embedded cache's own reading; CACHE_URL names another cache")
        cache.clear()
        big = "x" * 100_000  # kept in a file of its own, not in the database
        cache.set_many({"card:1": {"html": "<p>one</p>"}, "card:2": 2, "big": big, "empty": ""})
        cache.set("soon-gone", "old", timeout=5)
        cache.set("card:1", {"html": "<p>one, again</p>"}, version=2)
        names = ["card:1", "card:2", "big", "empty", "soon-gone", "never-kept"] + [f"miss:{n}" for n in range(600)]
        self.assertEqual(cache.get_many(names), {name: cache.get(name) for name in names if cache.has_key(name)})
        self.assertEqual(cache.get_many(["card:1"], version=2), {"card:1": {"html": "<p>one, again</p>"}})
        with time_machine.travel(time.time() + 10):
            self.assertNotIn("soon-gone", cache.get_many(names))
            self.assertEqual(cache.get_many(["big"]), {"big": big})
