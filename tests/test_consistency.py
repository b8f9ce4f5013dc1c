"""
The cache contract (docs/caching.md): after any change an editor makes, every public answer
through the page cache is what a fresh render would answer. Random sequences of changes
(tests/consistency.py), each followed by a reading of public addresses through the page cache
and with nothing kept. `make test` runs a few dozen steps; `make test-consistency` runs 2,000
(CONSISTENCY_STEPS) and prints the seed that replays a failure (CONSISTENCY_SEED).
"""

import os
import random
import sys
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.budgets import is_purge_log, nothing_kept
from tests.consistency import Budget, EditorsAndReaders, Reader, World, answer, run_machine

STEPS = int(os.environ.get("CONSISTENCY_STEPS", "50"))
#: Steps of one run at most: a run starts from the same world (its changes are rolled back).
STEPS_PER_RUN = 25
#: Addresses compared after each step (of about 90), chosen at random: all of them with 0. `make
#: test-consistency` compares 24 after each of its 2,000 steps.
SAMPLE = int(os.environ.get("CONSISTENCY_SAMPLE", "12"))
#: Shrinking a failure to its shortest run takes minutes: `make test-consistency` does it, `make
#: test` reports the failing run as it was (with the seed that replays it).
SHRINK = os.environ.get("CONSISTENCY_SHRINK") == "1"
#: Below this share of answers served from kept copies, the check would prove little: it fails.
KEPT_AT_LEAST = 0.2
START = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.get_fixed_timezone(0))


class PageCacheReader(Reader):
    def __init__(self, client):
        self.client = client

    def cached(self, address):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        return answer(response), all(is_purge_log(query) for query in queries.captured_queries)

    def fresh(self, address):
        with nothing_kept():
            return answer(self.client.get(address))


class FrozenClock:
    """The machine's clock: stopped, moved only by the rules (a step takes no time)."""

    def __init__(self):
        self.traveller = time_machine.travel(START, tick=False)
        self.coordinates = self.traveller.start()

    def now(self):
        return timezone.now()

    def move_to(self, moment):
        self.coordinates.move_to(moment)

    def stop(self):
        self.traveller.stop()


@override_settings(PAGE_CACHE_SECONDS=600)
@pytest.mark.heavy
class CacheContractTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with time_machine.travel(START - timedelta(minutes=1), tick=False):
            cls.world = World()

    def test_every_cached_answer_is_what_a_fresh_render_gives(self):
        run_seed = int(os.environ.get("CONSISTENCY_SEED") or random.randrange(2**32))
        budget = Budget(STEPS)
        test = self

        class Machine(EditorsAndReaders):
            sample, seed, world = SAMPLE, run_seed, self.world

            def __init__(self):
                self.savepoint = transaction.savepoint()
                self.clock = FrozenClock()
                self.reader = PageCacheReader(test.client_class())
                self.budget = budget
                super().__init__()

            def commit(self, action):
                with test.captureOnCommitCallbacks(execute=True), transaction.atomic():
                    action()

            def teardown(self):
                self.clock.stop()
                transaction.savepoint_rollback(self.savepoint)

        try:
            run_machine(Machine, budget, run_seed, STEPS_PER_RUN, shrink=SHRINK)
        finally:
            replay = f"CONSISTENCY_SEED={run_seed} CONSISTENCY_STEPS={STEPS} make test-consistency"
            print(f"replay: {replay}", file=sys.stderr)
        self.assertGreaterEqual(budget.kept / max(budget.reads, 1), KEPT_AT_LEAST, str(budget))
