"""
Versions of cache tags: how the site knows which kept pages and page parts are out of date.

Everything the site keeps (a whole page, the "latest" list, a story's related stories) records the
tags of what it shows ("article-12", "tag-5", "stories:tag-5"…, see common.cachetags) and the
store's clock when it began to render. Bumping a tag moves the clock on and stamps the tag with the
new value; a kept thing is fresh while none of its tags carries a stamp newer than its own. So an
edit of story 12 retires exactly the pages that show story 12, and a draft, which no page shows,
retires nothing. The clock is a counter, not a time: several app servers need no agreement on
the hour. Each stamp also records when it was made, so a page retired a moment ago can still be
served while one worker renders the new one (stale-while-revalidate, see newsroom.pagecache), and
whether the retirement is hard: a story taken down must not be served again, even for a moment.

Two stores, chosen by settings.TAG_STORE:
- "sqlite": a small SQLite file in the var directory, shared by every worker process of the
  machine; one indexed query answers "is anything of these tags newer than N?". The default.
- "cache": the Django cache (Redis when CACHE_URL names one), so every app server agrees.
"""

import sqlite3
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

#: How long a tag's stamp is kept: longer than anything that may record it (pages, parts).
STAMP_SECONDS = 3 * 24 * 3600
#: SQLite binds at most this many values per statement here; longer tag lists are split.
CHUNK = 500


class SQLiteTagStore:
    """Tag stamps in a SQLite file (WAL), shared by every process that opens it."""

    def __init__(self, path):
        self.path = Path(path)
        self._local = threading.local()

    def _db(self):
        db = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(
                """
                CREATE TABLE IF NOT EXISTS stamps (
                    tag TEXT PRIMARY KEY, version INTEGER, at REAL, hard INTEGER
                ) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;
                """
            )
            # Starting from the time in milliseconds, the clock never runs backwards, even from a new file.
            db.execute("INSERT OR IGNORE INTO meta VALUES ('clock', ?)", (int(time.time() * 1000),))
            self._local.db = db
        return db

    def clock(self):
        return self._db().execute("SELECT value FROM meta WHERE name = 'clock'").fetchone()[0]

    def bump(self, tags, hard=False):
        now = time.time()
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            (version,) = db.execute("UPDATE meta SET value = value + 1 WHERE name = 'clock' RETURNING value").fetchone()
            db.executemany(
                "INSERT INTO stamps VALUES (?, ?, ?, ?) ON CONFLICT (tag) DO UPDATE SET version = excluded.version, "
                "at = excluded.at, hard = excluded.hard",
                [(tag, version, now, int(hard)) for tag in tags],
            )
            db.execute("DELETE FROM stamps WHERE at < ?", (now - STAMP_SECONDS,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return version

    def staleness(self, tags, clock):
        """(when the first of `tags` was bumped past `clock`, whether any of them hard), or None."""
        tags = list(tags)
        found, hard = [], False
        for start in range(0, len(tags), CHUNK):
            chunk = tags[start : start + CHUNK]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT MIN(at), MAX(hard) FROM stamps WHERE version > ? AND tag IN ({marks})"  # noqa: S608
            at, chunk_hard = self._db().execute(query, (clock, *chunk)).fetchone()
            if at is not None:
                found.append(at)
                hard = hard or bool(chunk_hard)
        return (min(found), hard) if found else None

    def get(self, name):
        row = self._db().execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set(self, name, value):
        self._db().execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (name, value))

    def clear(self):
        """Forget every stamp (tests). The clock keeps running, so nothing kept becomes fresh."""
        self._db().execute("DELETE FROM stamps")


class CacheTagStore:
    """Tag stamps in the Django cache: with Redis, shared by every app server."""

    prefix = "tagstamp:"

    def clock(self):
        value = cache.get(self.prefix + "clock")
        if value is None:
            cache.add(self.prefix + "clock", int(time.time() * 1000), timeout=None)
            value = cache.get(self.prefix + "clock")
        return value

    def bump(self, tags, hard=False):
        self.clock()  # the counter exists before it is incremented
        version = cache.incr(self.prefix + "clock")
        now = time.time()
        cache.set_many({self.prefix + tag: (version, now, hard) for tag in tags}, timeout=STAMP_SECONDS)
        return version

    def staleness(self, tags, clock):
        stamps = [stamp for stamp in cache.get_many([self.prefix + tag for tag in tags]).values() if stamp[0] > clock]
        return (min(at for _, at, _ in stamps), any(hard for _, _, hard in stamps)) if stamps else None

    def get(self, name):
        return cache.get(self.prefix + "meta:" + name)

    def set(self, name, value):
        cache.set(self.prefix + "meta:" + name, value, timeout=None)

    def clear(self):
        cache.delete_many([self.prefix + "meta:due"])


_store = None
_store_lock = threading.Lock()


def store():
    """The store the settings name, made once per process."""
    global _store
    if _store is None:
        with _store_lock:
            if _store is None:
                _store = SQLiteTagStore(settings.TAG_STORE_FILE) if settings.TAG_STORE == "sqlite" else CacheTagStore()
    return _store


def reset():
    """Forget the process's store, so the next call opens the one the settings name now (tests)."""
    global _store
    _store = None
