"""A worker's own copies of kept parts (common.nearby): faster, and never less right than the shared cache."""

import time
from unittest import mock

import time_machine
from django.core.cache import cache
from django.test import TestCase

from common import nearby
from common.parts import kept
from tests.budgets import nothing_kept
from tests.factories import make_article, settle


class Drawn:
    """A part's drawing that counts how often it ran."""

    def __init__(self, value):
        self.value, self.times = value, 0

    def __call__(self):
        self.times += 1
        return list(self.value)


class NearbyTests(TestCase):
    def test_an_edit_shows_at_once_in_a_process_that_holds_the_old_story(self):
        story = make_article(headline="Held nearby", slug="held")
        settle()
        self.assertContains(self.client.get("/news/held/"), "Held nearby<")
        self.assertIsNotNone(nearby.get("part:en:story-row:held"))
        story.headline = "Edited since"
        story.save()
        settle()
        self.assertContains(self.client.get("/news/held/"), "Edited since<")

    def test_a_part_is_drawn_once_then_held_and_found_without_the_shared_cache(self):
        drawn = Drawn([1, 2])
        self.assertEqual(kept("numbers", drawn), [1, 2])
        with mock.patch.object(cache, "get", side_effect=AssertionError("read the shared cache")):
            self.assertEqual(kept("numbers", drawn), [1, 2])
        self.assertEqual(drawn.times, 1)

    def test_what_one_answer_does_to_a_part_is_not_what_the_next_finds(self):
        drawn = Drawn([1, 2])
        kept("numbers", drawn).append(3)
        self.assertEqual(kept("numbers", drawn), [1, 2])

    def test_a_part_kept_for_an_hour_is_not_held_longer(self):
        drawn = Drawn([1])
        kept("counts", drawn, seconds=3600)
        with time_machine.travel(time.time() + 3601):
            self.assertIsNone(nearby.get("part:en:counts"))

    def test_the_least_recently_used_go_first(self):
        with mock.patch.object(nearby, "LOCAL_PARTS", 3):
            for name in "abcd":
                kept(name, Drawn([name]))
            self.assertIsNone(nearby.get("part:en:a"))
            self.assertEqual([nearby.get(f"part:en:{name}").value for name in "bcd"], [["b"], ["c"], ["d"]])

    def test_emptying_the_cache_empties_this_process_copies(self):
        drawn = Drawn([1])
        kept("numbers", drawn)
        cache.clear()
        kept("numbers", drawn)
        self.assertEqual(drawn.times, 2)

    def test_nothing_is_held_when_the_site_keeps_nothing(self):
        drawn = Drawn([1])
        with nothing_kept():
            kept("numbers", drawn)
            kept("numbers", drawn)
        self.assertEqual(drawn.times, 2)
