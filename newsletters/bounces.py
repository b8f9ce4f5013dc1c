"""
Bounces and complaints, as the sending service reports them through django-anymail's webhooks
(/anymail/<service>/tracking/, behind ANYMAIL_WEBHOOK_SECRET): an address that bounced for good
or that a reader marked as spam gets nothing more, and the email's delivery says why.
"""

from anymail.signals import EventType, RejectReason, tracking
from django.dispatch import receiver

from .models import Delivery, Subscriber

#: What each reported event makes of the reader, and of the email it is about.
OUTCOMES = {
    EventType.BOUNCED: (Subscriber.Status.BOUNCED, Delivery.Status.BOUNCED),
    EventType.COMPLAINED: (Subscriber.Status.COMPLAINED, Delivery.Status.COMPLAINED),
    EventType.UNSUBSCRIBED: (Subscriber.Status.UNSUBSCRIBED, None),
}


#: A refusal for one of these reasons is as final as a bounce.
REFUSED_FOR_GOOD = {RejectReason.INVALID, RejectReason.BOUNCED}


@receiver(tracking, dispatch_uid="newsletters.mail_event")
def mail_event(sender, event, esp_name, **kwargs):
    refused = event.event_type == EventType.REJECTED and event.reject_reason in REFUSED_FOR_GOOD
    outcome = OUTCOMES.get(EventType.BOUNCED if refused else event.event_type)
    if outcome is None or not event.recipient:
        return  # deliveries, opens, delays: nothing to change
    reader_status, delivery_status = outcome
    readers = Subscriber.objects.filter(email=event.recipient.strip().lower())
    # A complaint outranks a bounce, and either outranks unsubscribing.
    if reader_status == Subscriber.Status.UNSUBSCRIBED:
        readers = readers.filter(status__in=[Subscriber.Status.CONFIRMED, Subscriber.Status.PENDING])
    elif reader_status == Subscriber.Status.BOUNCED:
        readers = readers.exclude(status=Subscriber.Status.COMPLAINED)
    readers.update(status=reader_status)
    if delivery_status and event.message_id:
        Delivery.objects.filter(message_id=event.message_id).update(status=delivery_status)
