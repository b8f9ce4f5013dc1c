"""
Signing up, with the abuse a public form gets in mind: the page answers the same whether an
address is new, pending, confirmed or refused (nobody learns who reads us), at most one
confirmation email goes to an address in an hour, an address asked for too often gets nothing
more, and one client asking too often is told to wait.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from locations.models import Location

from .models import Follow, SignUp, Subscriber
from .sending import send_confirmation

#: Sign-ups are counted over this long, and forgotten after a day.
WINDOW = timedelta(hours=1)
FORGET_PENDING = timedelta(days=30)


def client_of(request):
    """Who asks (the address, or behind our proxies the client's), hashed: no address is stored."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            address = forwarded[-settings.PROXY_COUNT]
    return _hashed(address)


def _hashed(value):
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


def too_many(client):
    """Whether `client` (client_of()) has asked for settings.NEWSLETTER_SIGNUPS_PER_CLIENT sign-ups within the hour."""
    recent = SignUp.objects.filter(client=client, at__gte=timezone.now() - WINDOW)
    return recent.count() >= settings.NEWSLETTER_SIGNUPS_PER_CLIENT


@transaction.atomic
def sign_up(email, language, place, client):
    """Record a sign-up and send the confirmation it calls for, if any (see the module's note)."""
    now = timezone.now()
    SignUp.objects.filter(at__lt=now - timedelta(days=1)).delete()
    # An address never confirmed is forgotten after a month.
    Subscriber.objects.filter(status=Subscriber.Status.PENDING, created_at__lt=now - FORGET_PENDING).delete()
    address = _hashed(email)
    SignUp.objects.create(client=client, address=address, at=now)
    if SignUp.objects.filter(address=address, at__gte=now - WINDOW).count() > settings.NEWSLETTER_SIGNUPS_PER_ADDRESS:
        return
    subscriber, _made = Subscriber.objects.get_or_create(email=email, defaults={"language": language})
    if subscriber.status in {Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}:
        return  # nothing more goes to an address that bounced or called us spam
    following = place is not None and Follow.objects.filter(subscriber=subscriber, location=place).exists()
    if subscriber.status == Subscriber.Status.CONFIRMED and (place is None or following):
        return  # nothing to confirm
    due = Q(confirmation_sent_at=None) | Q(confirmation_sent_at__lt=now - WINDOW)
    if Subscriber.objects.filter(due, pk=subscriber.pk).update(confirmation_sent_at=now):
        place_id = place.pk if place is not None else None
        transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, place_id))


def confirm(subscriber, place_id):
    """Follow a confirmation link: the reader gets what they chose from now on."""
    if subscriber.status in {Subscriber.Status.BOUNCED, Subscriber.Status.COMPLAINED}:
        return False
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status, subscriber.confirmed_at = Subscriber.Status.CONFIRMED, timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at"])
    if place_id is not None:
        place = Location.objects.filter(pk=place_id).first()
        if place is not None:
            Follow.objects.get_or_create(subscriber=subscriber, location=place)
    return True
