"""
The news version: a token that changes whenever anything a reader can see changes, and by itself
when the next scheduled story's time comes. Cached pages and page parts carry it in their keys, so
one change retires all of them at once and nothing cached outlives what it shows.

Where it is kept depends on the cache. A shared cache (Redis) holds it, so every app server agrees.
The local-memory cache belongs to one process, so then it lives in a small file in the var
directory, which every worker process of the machine reads (a stat and a 30-byte read).
"""

import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

STAMP_KEY = "articles:news-stamp"


def news_version():
    stamp = _read()
    if stamp is None or (stamp[1] and stamp[1] <= time.time()):
        return _bump(schedule_changed=True)
    return stamp[0]


def bump_news_version(schedule_changed=False):
    """
    A new version now, and another when the transaction commits, so no page cached in between
    survives. `schedule_changed`: a story's status or time changed, so look up the next scheduled time.
    """
    _bump(schedule_changed)
    transaction.on_commit(lambda: _bump(schedule_changed))


def _bump(schedule_changed):
    stamp = None if schedule_changed else _read()
    due = stamp[1] if stamp else _next_scheduled_time()
    token = secrets.token_hex(8)
    _write(token, due)
    return token


#: Returns the next time something scheduled becomes public (a datetime), or None. The articles
#: app fills it in when it is ready (see ArticlesConfig.ready): this package knows no models.
next_scheduled_time = None


def _next_scheduled_time():
    due = next_scheduled_time() if next_scheduled_time else None
    return due.timestamp() if due else 0.0


def _read():
    if settings.NEWS_VERSION_STORE == "cache":
        return cache.get(STAMP_KEY)
    try:
        token, due = settings.NEWS_VERSION_FILE.read_text().split()
        return token, float(due)
    except (OSError, ValueError):
        return None


def _write(token, due):
    if settings.NEWS_VERSION_STORE == "cache":
        cache.set(STAMP_KEY, (token, due), timeout=None)
        return
    path = settings.NEWS_VERSION_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    scratch.write_text(f"{token} {due}")
    os.replace(scratch, path)  # Readers see the old stamp or the new one, never half of one.


def cached(name, compute, timeout=3600):
    """`compute()`, kept until anything a reader sees changes (or `timeout` seconds at most)."""
    return cache.get_or_set(f"{name}:{news_version()}", compute, timeout=timeout)
