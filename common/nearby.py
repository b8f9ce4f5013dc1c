"""
Each worker process's own copies of the kept parts it used last (common.parts), read ahead of the
shared cache, which is a statement (the embedded cache) or a round trip (Redis) away.

Nothing here decides what is current: a copy found nearby is checked against the purge log exactly
as one from the shared cache is, and one out of date is passed over. A copy is held pickled, as the
shared cache holds it, so that no answer can change what the next one finds; for no longer than
its part is kept at all; and the least recently used go first once LOCAL_PARTS are held. Emptying
the cache (cache.clear()) empties this process's nearby copies too. Only a cache shared between
processes (the embedded one, Redis) has copies nearby: when the site keeps nothing
(CACHE_URL=dummy://) nothing is kept here either, and locmem:// is already in the process.
"""

import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

#: Kept parts held per worker process: the busiest pages' parts, a few megabytes at most.
LOCAL_PARTS = 1000

_copies = OrderedDict()  # address -> (until, pickled copy)
_lock = threading.Lock()


def get(address):
    """The copy of the part at `address` this process holds, or None."""
    if not _in_use():
        return None
    with _lock:
        held = _copies.get(address)
        if held is None:
            return None
        until, pickled = held
        if until <= time.time():
            del _copies[address]
            return None
        _copies.move_to_end(address)
    return pickle.loads(pickled)  # noqa: S301 (pickled by this process)


def keep(address, copy, seconds):
    """Hold `copy` (a common.copies.Copy) of the part at `address`, at most `seconds` after it was drawn."""
    if not _in_use():
        return
    pickled = pickle.dumps(copy, pickle.HIGHEST_PROTOCOL)
    with _lock:
        _copies[address] = (copy.started.drawn_at + seconds, pickled)
        _copies.move_to_end(address)
        while len(_copies) > LOCAL_PARTS:
            _copies.popitem(last=False)


def forget():
    """Drop every copy held here."""
    with _lock:
        _copies.clear()


def _in_use():
    return not isinstance(caches["default"], (DummyCache, LocMemCache))
