"""
What is fresh: retiring what a change affects, keeping page parts, and the schedule.

- retire(*tags): a change that readers will see; the tags are bumped (see common.tagstore) once
  the transaction commits, and the edge cache is asked to purge them (common.purge). Changes that
  no public page shows (drafts, stories in review, preview links, history) retire nothing.
- cached(key, compute): a page part kept until one of the tags it shows is bumped.
- The schedule: a story published for a later time goes public with no worker. The articles app
  registers `publish_due`, which, given the last time it looked, says what became public since
  (tags to retire) and when the next story is due; run_due() calls it on the first request
  after that time, from any worker, once.
"""

import logging
import time
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from . import purge
from .tagstore import store

logger = logging.getLogger(__name__)

#: Filled in by the articles app (ArticlesConfig.ready): publish_due(since: float, now: float) ->
#: (tags to retire, next due time as a Unix time or None). This package knows no models.
publish_due = None

DUE = "due"  # the next scheduled time (Unix time), 0 when nothing is scheduled
LOOKED = "due-looked"  # when publish_due last looked


def retire(*tags, hard=False):
    """
    Retire what shows these tags: now, and again when the current transaction commits, so nothing
    rendered from the old rows in between outlives them. The edge cache is purged after the commit.
    `hard`: something was taken down (a story unpublished or deleted), so no kept copy may be
    served again, not even while the new one is drawn.
    """
    tags = {tag for tag in tags if tag}
    if tags:
        store().bump(tags, hard=hard)
        transaction.on_commit(partial(retire_now, tags, hard=hard))


def retire_now(tags, hard=False):
    tags = sorted(set(tags))
    store().bump(tags, hard=hard)
    purge.send(tags, hard=hard)


def clock():
    """The clock to record with something about to be rendered (read it before the database)."""
    return store().clock()


def staleness(tags, since_clock):
    """(when the first of `tags` was retired after `since_clock`, whether hard), or None when none was."""
    return store().staleness(tags, since_clock)


def stale_since(tags, since_clock):
    found = store().staleness(tags, since_clock)
    return found[0] if found else None


def cached(key, compute, timeout=3600):
    """
    A page part: `compute()` returns (value, tags) and the value is kept until one of the tags is
    bumped, or for `timeout` seconds at most. None is never kept (a 404 must not fill the cache).
    """
    key = f"part:{get_language()}:{key}"  # each edition keeps its own: parts hold words and addresses
    kept = cache.get(key)
    if kept is not None and stale_since(kept["tags"], kept["clock"]) is None:
        return kept["value"]
    started = clock()
    value, tags = compute()
    if value is not None:
        cache.set(key, {"value": value, "tags": sorted(set(tags)), "clock": started}, timeout)
    return value


# The schedule


def schedule(due):
    """Tell the store when the next scheduled story goes public (a datetime, or None)."""
    if store().get(LOOKED) is None:
        store().set(LOOKED, time.time())
    store().set(DUE, due.timestamp() if due else 0.0)


def seconds_until_due():
    """Seconds until the next scheduled story goes public, or None when none is scheduled."""
    due = store().get(DUE)
    return max(due - time.time(), 0.0) if due else None


def run_due():
    """If a scheduled time has come, retire what went public then (one worker does it)."""
    due = store().get(DUE)
    if not due or due > time.time() or publish_due is None:
        return
    if not cache.add("lock:publish-due", 1, timeout=30):
        return  # another worker is at it
    try:
        now = time.time()
        # Nothing can have gone public before the due time, whatever the clock did since the last look.
        since = min(store().get(LOOKED) or due, due) - 1.0
        tags, next_due = publish_due(since, now)
        if tags:
            retire_now(tags)
        store().set(LOOKED, now)
        store().set(DUE, next_due or 0.0)
        logger.info("Scheduled stories went public; retired %d cache tags", len(tags))
    finally:
        cache.delete("lock:publish-due")
