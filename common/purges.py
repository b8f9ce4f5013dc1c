"""
Purging: a change names the keys of what it changed (common.keys); every copy that shows one of
them stops being served, by this site's caches at once and by the edge cache within a moment.

The purge log lives in the database (common.models), written in the change's own transaction:
- purge(keys) adds a pending row per key. When the transaction commits, number_pending() numbers
  them: the log's serial goes up by one and each key records that serial (Purge).
- A copy (a whole page, a part of one) records the serial read before it was drawn, and the keys
  it shows. It is current while none of its keys has a pending purge or a numbered one later
  than its serial (common.copies). A change committed while a copy was being drawn therefore
  makes that copy out of date, and a purge committed but not yet numbered already counts.
- A purge that takes something down (hard) is recorded apart: no later soft purge of the same key
  makes an older copy servable again, not even for the moment a new one is drawn.
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

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django_tasks import task

from . import edge
from .copies import COPY_LIFETIME
from .keys import collect
from .models import Numbering, PendingPurge, Purge, PurgeSerial

logger = logging.getLogger(__name__)

#: Keys per statement, well under both databases' limits on parameters.
CHUNK = 400


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
    PendingPurge.objects.bulk_create([PendingPurge(key=key, hard=hard) for key in sorted(keys)])
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
        Numbering.objects.create(serial=serial, numbered_at=now)
        pending = list(PendingPurge.objects.filter(due_at=None).values_list("pk", "key", "hard"))
        hard = {key for _, key, is_hard in pending if is_hard}
        soft = {key for _, key, _ in pending} - hard
        # A soft purge never lowers a key's last hard purge; a hard one raises it.
        Purge.objects.bulk_create(
            [Purge(key=key, serial=serial, purged_at=now) for key in sorted(soft)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["serial", "purged_at"],
        )
        Purge.objects.bulk_create(
            [Purge(key=key, serial=serial, hard_serial=serial, purged_at=now) for key in sorted(hard)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["serial", "hard_serial", "purged_at"],
        )
        for start in range(0, len(pending), CHUNK):
            PendingPurge.objects.filter(pk__in=[pk for pk, _, _ in pending[start : start + CHUNK]]).delete()
        if serial % 500 == 0:
            forget_old(now)


def _next_serial():
    if not PurgeSerial.objects.filter(pk=1).update(value=F("value") + 1):
        PurgeSerial.objects.create(pk=1, value=1, epoch=secrets.token_hex(8))
    return PurgeSerial.objects.values_list("value", flat=True).get(pk=1)


def forget_old(now=None):
    """Forget purges no copy can predate any longer, and scheduled ones long past."""
    long_ago = (now or time.time()) - 2 * COPY_LIFETIME
    Purge.objects.filter(purged_at__lt=long_ago).delete()
    PendingPurge.objects.filter(due_at__lt=long_ago).delete()
    Numbering.objects.filter(numbered_at__lt=long_ago).delete()


def restart_epoch():
    """Make every copy drawn so far out of date (after a database is restored from a backup)."""
    PurgeSerial.objects.update_or_create(pk=1, defaults={"epoch": secrets.token_hex(8)})


# The edge cache


#: The pause before the first retry of a failed edge purge; each next one doubles, up to MAX_PAUSE.
FIRST_PAUSE = 1.0
MAX_PAUSE = 60.0


@task()
def purge_edge(keys, hard=False, attempt=0, first_tried_at=None, repeat=True):
    """
    Purge `keys` at every edge cache (run by the queue's worker once the change has committed). The
    log is numbered first, so the edge's next fetch finds the site's copies already out of date. A
    purge that went through is sent once more a moment later (PURGE_REPEAT_SECONDS): the edge keeps
    a copy it was fetching as the purge arrived, drawn before the change. A failure is logged and
    retried later, and this try is marked failed.
    """
    number_pending()
    failed = edge.purge_everywhere(keys, hard=hard)
    if not failed:
        if repeat and settings.PURGE_REPEAT_SECONDS > 0:
            later = datetime.now(UTC) + timedelta(seconds=settings.PURGE_REPEAT_SECONDS)
            purge_edge.using(run_after=later).enqueue(keys, hard, 0, None, False)
        return len(keys)
    first_tried_at = first_tried_at or time.time()
    pause = min(FIRST_PAUSE * 2**attempt, MAX_PAUSE)
    if time.time() + pause - first_tried_at <= settings.PURGE_RETRY_SECONDS:
        later = datetime.now(UTC) + timedelta(seconds=pause)
        purge_edge.using(run_after=later).enqueue(keys, hard, attempt + 1, first_tried_at, repeat)
        logger.warning("Purging %d keys failed, retrying in %.0f s: %s", len(keys), pause, "; ".join(failed))
    else:
        logger.error("Gave up purging %d keys: %s", len(keys), "; ".join(failed))
    raise edge.PurgeError("; ".join(failed))
