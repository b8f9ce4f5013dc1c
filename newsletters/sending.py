"""
Sending, through the durable queue the edge purges use (django-tasks' database backend).

A mailing is sent in two steps, each safe to run again from the start:
1. a Delivery row is written for every reader it goes to (the send log: one per email and reader,
   unique), in chunks, so memory stays the same for ten readers or a hundred thousand;
2. each delivery still queued is claimed (queued → sending, committed) before its email is handed
   to the mail server, and marked sent once it was taken.
A send stopped half-way (a restart, a killed worker) goes on where it was: what was sent is not
sent again. A worker asked to stop finishes the email in hand first (newsletters.stopping). One
killed outright leaves the email it was handing over "sending"; when a worker starts again
(resume()) it is marked "unknown" and never sent again: a reader may miss that one email, never
get one twice. Failures the mail server calls temporary are tried again later, with
growing pauses; a refused address is not.
"""

import logging
import os
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from locations.models import Location

from . import links
from .content import draft
from .emails import Email, delivery_message_id
from .models import Delivery, Mailing, Subscriber
from .stopping import stop_between_emails

logger = logging.getLogger(__name__)

#: Readers per chunk: rows written, read and sent at a time.
CHUNK = 500
#: Tries of an email the mail server turned down for a while, and the pause before the second.
ATTEMPTS, FIRST_PAUSE = 4, timedelta(minutes=1)
#: A mailing not sent this long after it was due is not sent at all.
TOO_LATE = timedelta(hours=12)
#: A delivery "sending" for longer than this was being sent by a worker that stopped.
STALLED = timedelta(minutes=5)
#: Who claims a delivery: this host and process.
WORKER = f"{socket.gethostname()}:{os.getpid()}"
#: Mail server answers that will not change on a second try: the address is refused.
PERMANENT = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)

Status = Delivery.Status


@task()
def send_confirmation(subscriber_id, place_id=None):
    """The one email an address gets before it is confirmed: the link that confirms it."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status in {Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}:
        return
    context = {
        "place": Location.objects.filter(pk=place_id).first() if place_id else None,
        "confirm_url": links.confirm_url(subscriber, place_id),
        "confirmed": subscriber.status == Subscriber.Status.CONFIRMED,
        "hours": settings.NEWSLETTER_CONFIRM_SECONDS // 3600,
    }
    Email("confirmation", context, subscriber.language).to(subscriber, to_list=False).send()


@task()
def send_mailing(mailing_id, attempt=0):
    """Send a mailing to every reader it goes to who has not had it (see the module's note)."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is None or mailing.finished_at is not None:
        return
    draw = draft(mailing)
    if draw is None:  # nothing to say (a day with nothing new, a story taken down)
        Mailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())
        return
    write_deliveries(mailing, draw.audience)
    with stop_between_emails() as stop:
        retry = send_queued(mailing, draw.email_for, stop)
    if stop.is_set():  # the rest goes back on the queue, for the next worker
        send_mailing.enqueue(mailing.pk, attempt)
        return
    if retry and attempt + 1 < ATTEMPTS:
        Delivery.objects.filter(mailing=mailing, status=Status.FAILED, error__startswith="temporary").update(
            status=Status.QUEUED
        )
        send_mailing.using(run_after=timezone.now() + FIRST_PAUSE * 2**attempt).enqueue(mailing.pk, attempt + 1)
        return
    Mailing.objects.filter(pk=mailing.pk).update(finished_at=timezone.now())


def write_deliveries(mailing, audience):
    """A Delivery for every reader of `audience` (a queryset of subscribers), written once."""
    last = 0
    while True:
        ids = list(audience.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:CHUNK])
        if not ids:
            return
        Delivery.objects.bulk_create(
            [Delivery(mailing=mailing, subscriber_id=pk) for pk in ids], ignore_conflicts=True, batch_size=CHUNK
        )
        last = ids[-1]


def send_queued(mailing, email_for, stop):
    """
    Send each queued delivery of `mailing` until done or `stop` is set; whether any failed for a
    while (worth another try).
    """
    retry, last = False, 0
    connection = get_connection()
    try:
        while True:
            chunk = list(
                Delivery.objects.filter(mailing=mailing, status=Status.QUEUED, pk__gt=last)
                .select_related("subscriber")
                .order_by("pk")[:CHUNK]
            )
            if not chunk:
                return retry
            for delivery in chunk:
                if stop.is_set():
                    return retry
                retry |= send_one(delivery, email_for, connection) == "temporary"
            last = chunk[-1].pk
    finally:
        connection.close()


def send_one(delivery, email_for, connection):
    """
    Hand one delivery's email over, claimed only once it is ready to go (the less a killed worker
    leaves in doubt); what happened: "sent", "temporary", "refused" or None.
    """
    subscriber = delivery.subscriber
    email = email_for(subscriber) if subscriber.status == Subscriber.Status.CONFIRMED else None
    if email is None:  # unsubscribed meanwhile, or nothing left to tell them (stories taken down)
        Delivery.objects.filter(pk=delivery.pk, status=Status.QUEUED).update(status=Status.SKIPPED)
        return None
    message_id = delivery_message_id(delivery.pk)
    message = email.to(subscriber, message_id=message_id)
    message.connection = connection
    claimed = Delivery.objects.filter(pk=delivery.pk, status=Status.QUEUED).update(
        status=Status.SENDING, claimed_at=timezone.now(), claimed_by=WORKER, attempts=F("attempts") + 1
    )
    if not claimed:  # another worker has it
        return None
    try:
        message.send()
    except PERMANENT as error:
        _record(delivery, Status.FAILED, f"refused: {error}"[:500])
        return "refused"
    except (smtplib.SMTPException, OSError) as error:
        connection.close()  # opened again by the next send
        _record(delivery, Status.FAILED, f"temporary: {error}"[:500])
        return "temporary"
    # A sending service names the message its own way; its webhooks report bounces by that name.
    service_id = getattr(getattr(message, "anymail_status", None), "message_id", None)
    _record(delivery, Status.SENT, "", message_id=service_id or message_id, sent_at=timezone.now())
    return "sent"


def _record(delivery, status, error, **fields):
    Delivery.objects.filter(pk=delivery.pk).update(status=status, error=error, **fields)


def resume():
    """
    When a worker starts: deliveries a stopped worker was handing over are marked unknown (never
    sent again), and every mailing due and not finished goes back on the queue.
    """
    sending = Delivery.objects.filter(status=Status.SENDING)
    stopped = [
        pk
        for pk, claimed_by, claimed_at in sending.values_list("pk", "claimed_by", "claimed_at")
        if _stopped(claimed_by) or claimed_at < timezone.now() - STALLED
    ]
    stopped_note = _("The worker stopped while sending it.")
    unknown = sending.filter(pk__in=stopped).update(status=Status.UNKNOWN, error=stopped_note)
    now = timezone.now()
    unfinished = Mailing.objects.filter(finished_at=None, send_at__lte=now)
    # News a day old is not news: a send the worker was away for too long is closed, not sent late.
    unfinished.filter(send_at__lt=now - TOO_LATE).update(finished_at=now, note=_("Not sent: the worker was away."))
    due = list(unfinished.values_list("pk", flat=True))
    for pk in due:
        send_mailing.enqueue(pk)
    if unknown or due:
        logger.warning(
            "Resumed %d unfinished sends; %d emails were being sent when a worker stopped.", len(due), unknown
        )


def _stopped(worker):
    """Whether the worker `host:pid` was on this host and is gone."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
