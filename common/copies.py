"""
Copies: what a kept copy (a whole page, a part of one) records, and what the purge log
(common.purges) says of it when it is asked for again.

A copy records the keys it shows (common.keys) and where the log stood when it began to be drawn
(start()). check() then says whether it is
- current: none of its keys has a pending purge, or a numbered one later than the copy's serial;
- or at least servable for a moment: out of date for less than STALE_SECONDS, by soft purges
  only. Such a copy may answer while one request draws the new one (newsroom.pagecache): the
  contract (docs/caching.md) allows an answer to lag a change by 2 s, never more, and never
  after a hard purge (something taken down), whatever softer purges follow it.

How long a copy has been out of date is bounded from the log itself: its keys cannot have been
purged before the serial after its own was given out (Numbering), so if that was under
STALE_SECONDS ago, so was every purge that made it out of date.

Most of the time nothing has been purged since a copy was drawn: the serial is where it was, no
purge waits to be numbered and no scheduled one has come due. An answer reads where the whole log
stands when it begins and when it is done (read_log(), one short statement); a kept part drawn
since the log last moved is then current with no key of it looked up, and so is the answer, if
nothing moved while it was drawn.
"""

import time
from typing import Any, NamedTuple

from django.db import connection

from .models import Numbering, PendingPurge, Purge, PurgeSerial

#: The longest any copy counts as current, purged or not (the log forgets purges twice as old).
COPY_LIFETIME = 24 * 3600
#: How long a copy purged softly may still answer while its new one is drawn (docs/caching.md).
STALE_SECONDS = 2.0
#: Keys per statement, well under both databases' limits on parameters.
CHUNK = 400


class Start(NamedTuple):
    """Where the log stood when a copy began to be drawn."""

    serial: int
    epoch: str
    drawn_at: float


class Copy(NamedTuple):
    """A kept page or part: what it is, the keys it shows, where the log stood when it was drawn."""

    value: Any
    keys: list
    started: Start


class Log(NamedTuple):
    """Where the purge log stands as a whole, read at `read_at` (Unix time)."""

    serial: int
    epoch: str
    read_at: float
    pending: bool  # a purge committed but not yet numbered
    last_due: float | None  # the latest scheduled purge come due by read_at
    next_due: float | None  # the next one still to come

    @property
    def start(self):
        """What a copy begun now records."""
        return Start(self.serial, self.epoch, self.read_at)

    def unmoved_since(self, started):
        """Whether nothing at all has been purged since `started` (a Start): its copy is current."""
        return (
            self.epoch == started.epoch
            and self.serial == started.serial
            and not self.pending
            and (self.last_due is None or self.last_due <= started.drawn_at)
        )


class Check(NamedTuple):
    """What the log says of a copy, and when the next scheduled purge is due (Unix time, or None)."""

    current: bool
    servable: bool  # current, or out of date by soft purges for less than STALE_SECONDS
    next_due: float | None


def start():
    """Read before drawing anything: the serial and epoch a copy of it will record."""
    return read_log().start


def read_log():
    """Where the log stands now (a Log), in one statement: every answer reads it."""
    now = time.time()
    serials, pending = PurgeSerial._meta.db_table, PendingPurge._meta.db_table
    # In SQL of its own: the ORM takes twenty times what SQLite does to say it.
    sql = (
        f"SELECT value, epoch,"  # noqa: S608 (no input)
        f" (SELECT COUNT(*) FROM (SELECT 1 FROM {pending} WHERE due_at IS NULL LIMIT 1) AS waiting),"
        f" (SELECT MAX(due_at) FROM {pending} WHERE due_at <= %s),"
        f" (SELECT MIN(due_at) FROM {pending} WHERE due_at > %s)"
        f" FROM {serials} WHERE id = 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now])
        row = cursor.fetchone()
    if row is None:
        PurgeSerial.objects.get_or_create(pk=1, defaults={"epoch": "new"})
        return read_log()
    serial, epoch, waiting, last_due, next_due = row
    return Log(serial, epoch, now, bool(waiting), last_due, next_due)


def check(keys, started, log=None):
    """
    What the log says of a copy that shows `keys` and was begun at `started` (a Start). `log`: where
    the whole log stood a moment ago (read_log(): when an answer began, or as it ends); if nothing
    was purged between the copy's start and then, its keys need no looking up.
    """
    if log is not None and log.unmoved_since(started) and log.read_at - started.drawn_at <= COPY_LIFETIME:
        return Check(True, True, log.next_due)
    now = time.time()
    if now - started.drawn_at > COPY_LIFETIME or len(keys) > CHUNK:
        return Check(False, False, read_log().next_due)
    keys = sorted(keys)
    with connection.cursor() as cursor:
        cursor.execute(*_query(keys, started, now))
        serial, epoch, latest, hard, pending_since, pending_hard, next_serial_at, due_since, due = cursor.fetchone()
    if epoch != started.epoch or serial is None or started.serial > serial:
        return Check(False, False, due)  # another database, or this one restored from a backup
    current = (latest is None or latest <= started.serial) and pending_since is None and due_since is None
    # Out of date since at the earliest: the first serial after its own, its first pending purge, its first due one.
    since = [
        at for at in (next_serial_at if latest and latest > started.serial else None, pending_since, due_since) if at
    ]
    servable = current or (
        (hard or 0) <= started.serial and not pending_hard and all(now - at < STALE_SECONDS for at in since)
    )
    return Check(current, servable, due)


def _query(keys, started, now):
    """One statement: the log's serial and epoch, and what it holds of these keys since the copy began."""
    purges, pending = Purge._meta.db_table, PendingPurge._meta.db_table
    marks = ", ".join(["%s"] * len(keys)) or "NULL"  # a copy that shows nothing: IN (NULL) matches no key
    key = connection.ops.quote_name("key")
    sql = (
        f"SELECT (SELECT value FROM {PurgeSerial._meta.db_table} WHERE id = 1),"  # noqa: S608 (only marks)
        f" (SELECT epoch FROM {PurgeSerial._meta.db_table} WHERE id = 1),"
        f" (SELECT MAX(serial) FROM {purges} WHERE {key} IN ({marks})),"
        f" (SELECT MAX(hard_serial) FROM {purges} WHERE {key} IN ({marks})),"
        f" (SELECT MIN(created_at) FROM {pending} WHERE {key} IN ({marks}) AND due_at IS NULL),"
        f" (SELECT COUNT(*) FROM {pending} WHERE {key} IN ({marks}) AND due_at IS NULL AND hard),"
        f" (SELECT numbered_at FROM {Numbering._meta.db_table} WHERE serial = %s),"
        f" (SELECT MIN(due_at) FROM {pending} WHERE {key} IN ({marks}) AND due_at > %s AND due_at <= %s),"
        f" (SELECT MIN(due_at) FROM {pending} WHERE due_at > %s)"
    )
    params = [*keys, *keys, *keys, *keys, started.serial + 1, *keys, started.drawn_at, now, now]
    return sql, params
