import sys

import pytest
from django.core.cache import cache
from django.test import TestCase, TransactionTestCase

from common.purges import number_pending

#: Folders one test worker runs whole, because their classes share something slow to build
#: (the full gazetteer: tests/gazetteer.py).
ONE_WORKER_FOLDERS = ("tests/locations/full_gazetteer/",)


@pytest.fixture(autouse=True)
def empty_cache(request):
    """
    Every test starts with an empty cache: nothing cached by one test is seen by the next. The
    purges of rows a TestCase made in setUpTestData are numbered, as their commit would have.
    """
    cache.clear()
    if isinstance(request.instance, TransactionTestCase):
        number_pending()
    yield
    cache.clear()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """
    Classes marked `heavy` (many seconds each) start first, so that parallel workers finish
    together. TransactionTestCases stay where they are: they empty the database, so they run after
    the TestCases, as Django orders them.
    """

    def starts_first(item):
        cls = item.cls or object
        moves = issubclass(cls, TestCase) or not issubclass(cls, TransactionTestCase)
        return bool(item.get_closest_marker("heavy")) and moves

    items.sort(key=lambda item: not starts_first(item))


def pytest_xdist_make_scheduler(config, log):
    if config.option.dist != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        """Each class (or module of functions) on one worker, as --dist loadscope; ONE_WORKER_FOLDERS whole."""

        def _split_scope(self, nodeid):
            return next((folder for folder in ONE_WORKER_FOLDERS if nodeid.startswith(folder)), None) or (
                super()._split_scope(nodeid)
            )

    return Scheduling(config, log)


def pytest_terminal_summary(terminalreporter, config):
    """The seed and length of every randomised consistency run of this process (tests/consistency.py)."""
    consistency = sys.modules.get("tests.consistency")
    if config.option.capture == "no":
        return  # said as it ran (-s)
    for said in consistency.RUNS if consistency else ():
        terminalreporter.write_line(said)
