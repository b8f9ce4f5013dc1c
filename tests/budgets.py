"""Query budgets: the queries a page runs on the content, apart from its looks at the purge log."""

from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

#: The most looks at the purge log (common.purges) any reader page takes: one to begin, one or two when
#: it is done, one per kept part drawn before the log last moved (a list page's cards, the menu…).
PURGE_LOG_LOOKS = 24


def is_purge_log(query):
    return "common_purge" in query["sql"] or "common_pendingpurge" in query["sql"]


@contextmanager
def content_queries(testcase, budget):
    """Assert that the block runs `budget` queries on the site's content, and a bounded number on the purge log."""
    with CaptureQueriesContext(connection) as queries:
        yield
    content = [query["sql"] for query in queries.captured_queries if not is_purge_log(query)]
    looks = len(queries) - len(content)
    testcase.assertEqual(len(content), budget, "\n".join(f"{n}. {sql}" for n, sql in enumerate(content, 1)))
    testcase.assertLessEqual(looks, PURGE_LOG_LOOKS, "looks at the purge log")


@contextmanager
def nothing_kept():
    """No page cache and a cache that keeps nothing, for this thread (switching CACHES leaks files)."""
    kept = caches["default"]
    caches._connections.default = DummyCache("fresh", {})
    try:
        with override_settings(PAGE_CACHE_SECONDS=0):
            yield
    finally:
        caches._connections.default = kept
