"""
Purging: a change names the keys of what it changed (common.keys); every copy that shows one of
them stops being served, by this site's caches at once and by the edge cache within a moment.

The purge log lives in the database (common.models), written in the change's own transaction:
- purge(keys) adds a pending row per key. When the transaction commits, number_pending() numbers
  them: the log's serial goes up by one and each key records that serial (Purge).
- A copy (a whole page, a part of one) records the serial read before it was drawn, and the keys
  it shows. It is current while none of its keys has a pending purge or a numbered one later
  than its serial (check()). A change committed while a copy was being drawn therefore makes that
  copy out of date, and a purge committed but not yet numbered already counts.
- purge(keys, at=time) is due later (a story scheduled to go out): copies drawn before that time
  are out of date from that time on, with nothing to run then.
- The edge cache (Varnish…) gets the same keys through the durable task queue (purge_edge below,
  common.edge), queued in the same transaction, so a purge outlives a restart; the worker numbers
  the log before it purges, so the edge never fetches a copy that the log does not yet call old.

Nothing here is lost when the cache is flushed or evicts, or when it is out of reach: the log is
the database's. The serial belongs to one database (its `epoch`): copies drawn from another one
(a fresh database, a restored backup) are never current.
"""

import logging
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django_tasks import task

from . import edge
from .keys import collect
from .models import PendingPurge, Purge, PurgeSerial

logger = logging.getLogger(__name__)

#: The longest any copy counts as current, purged or not; the log forgets purges twice as old.
COPY_LIFETIME = 24 * 3600
#: Keys per statement, well under both databases' limits on parameters.
CHUNK = 400


class Start(NamedTuple):
    """Where the log stood when a copy began to be drawn."""

    serial: int
    epoch: str
    drawn_at: float


class Check(NamedTuple):
    """What the log says of a copy: whether it is current, and when the next scheduled purge is due (or None)."""

    current: bool
    next_due: float | None


def purge(*keys, hard=False, at=None):
    """
    Purge these keys (strings, rows or lists of them) when the current transaction commits, or at
    `at` (an aware datetime) if that is later. `hard`: something was taken down, so the edge cache
    must drop its copies at once rather than serve one more while it fetches the new answer.
    """
    keys = set(collect(keys))
    if not keys:
        return
    due = at.timestamp() if at is not None else None
    if due is not None and due > time.time():
        PendingPurge.objects.bulk_create([PendingPurge(key=key, due_at=due) for key in sorted(keys)])
        return
    PendingPurge.objects.bulk_create([PendingPurge(key=key) for key in sorted(keys)])
    if edge.configured_purgers():
        purge_edge.enqueue(sorted(keys), hard, 0, time.time())
    # Outside a transaction this runs at once; several purges in one transaction number together.
    transaction.on_commit(number_pending)


def number_pending():
    """Give every pending purge due now the next serial. Safe to run from anywhere, any time."""
    if not PendingPurge.objects.filter(due_at=None).exists():
        return
    now = time.time()
    with transaction.atomic():
        serial = _next_serial()
        pending = list(PendingPurge.objects.filter(due_at=None).values_list("pk", "key"))
        keys = {key for _, key in pending}
        Purge.objects.bulk_create(
            [Purge(key=key, serial=serial, purged_at=now) for key in sorted(keys)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["serial", "purged_at"],
        )
        for start in range(0, len(pending), CHUNK):
            PendingPurge.objects.filter(pk__in=[pk for pk, _ in pending[start : start + CHUNK]]).delete()
        if serial % 500 == 0:
            forget_old(now)


def _next_serial():
    if not PurgeSerial.objects.filter(pk=1).update(value=F("value") + 1):
        PurgeSerial.objects.create(pk=1, value=1, epoch=secrets.token_hex(8))
    return PurgeSerial.objects.values_list("value", flat=True).get(pk=1)


def forget_old(now=None):
    """Forget purges no copy can predate any longer, and scheduled ones long past."""
    now = now or time.time()
    Purge.objects.filter(purged_at__lt=now - 2 * COPY_LIFETIME).delete()
    PendingPurge.objects.filter(due_at__lt=now - 2 * COPY_LIFETIME).delete()


def start():
    """Read before drawing anything: the serial and epoch a copy of it will record."""
    row = PurgeSerial.objects.filter(pk=1).values_list("value", "epoch").first()
    if row is None:
        PurgeSerial.objects.get_or_create(pk=1, defaults={"epoch": secrets.token_hex(8)})
        row = PurgeSerial.objects.values_list("value", "epoch").get(pk=1)
    return Start(row[0], row[1], time.time())


def check(keys, started):
    """Whether a copy that shows `keys`, begun at `started` (a Start), is current; and the next due purge."""
    now = time.time()
    keys = sorted(keys)
    if now - started.drawn_at > COPY_LIFETIME or len(keys) > CHUNK:
        return Check(False, next_due())
    table, pending = Purge._meta.db_table, PendingPurge._meta.db_table
    marks = ", ".join(["%s"] * len(keys))
    key = connection.ops.quote_name("key")
    query = (
        f"SELECT (SELECT value FROM {PurgeSerial._meta.db_table} WHERE id = 1),"  # noqa: S608 (only marks)
        f" (SELECT epoch FROM {PurgeSerial._meta.db_table} WHERE id = 1),"
        f" (SELECT MAX(serial) FROM {table} WHERE {key} IN ({marks})),"
        f" (SELECT COUNT(*) FROM {pending} WHERE {key} IN ({marks})"
        "   AND (due_at IS NULL OR (due_at > %s AND due_at <= %s))),"
        f" (SELECT MIN(due_at) FROM {pending} WHERE due_at > %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*keys, *keys, started.drawn_at, now, now])
        serial, epoch, latest, waiting, due = cursor.fetchone()
    current = (
        epoch == started.epoch
        and serial is not None
        and started.serial <= serial
        and (latest is None or latest <= started.serial)
        and not waiting
    )
    return Check(current, due)


def next_due():
    """When the next scheduled purge is due (Unix time), or None."""
    found = PendingPurge.objects.filter(due_at__gt=time.time()).order_by("due_at").values_list("due_at", flat=True)
    return found.first()


def seconds_until_due():
    due = next_due()
    return max(due - time.time(), 0.0) if due is not None else None


def restart_epoch():
    """Make every copy drawn so far out of date (after a database is restored from a backup)."""
    PurgeSerial.objects.update_or_create(pk=1, defaults={"epoch": secrets.token_hex(8)})


# The edge cache


#: The pause before the first retry of a failed edge purge; each next one doubles, up to MAX_PAUSE.
FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0


@task()
def purge_edge(keys, hard=False, attempt=0, first_tried_at=None):
    """
    Purge `keys` at every edge cache (run by the queue's worker once the change has committed). The
    log is numbered first, so the edge's next fetch finds the site's copies already out of date. A
    failure is logged and retried later, and this try is marked failed.
    """
    number_pending()
    failed = edge.purge_everywhere(keys, hard=hard)
    if not failed:
        return len(keys)
    first_tried_at = first_tried_at or time.time()
    pause = min(FIRST_PAUSE * 2**attempt, MAX_PAUSE)
    if time.time() + pause - first_tried_at <= settings.PURGE_RETRY_SECONDS:
        later = datetime.now(UTC) + timedelta(seconds=pause)
        purge_edge.using(run_after=later).enqueue(keys, hard, attempt + 1, first_tried_at)
        logger.warning("Purging %d keys failed, retrying in %.0f s: %s", len(keys), pause, "; ".join(failed))
    else:
        logger.error("Gave up purging %d keys: %s", len(keys), "; ".join(failed))
    raise edge.PurgeError("; ".join(failed))
