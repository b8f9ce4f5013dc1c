"""
The links in emails and on the "check your inbox" path: signed, so that nobody can confirm, change
or stop another reader's subscription, and carrying the reader's secret, so that a new secret
(after an erasure, or on request) makes every earlier link useless.

- A confirmation link expires (settings.NEWSLETTER_CONFIRM_SECONDS); it may carry a place to follow.
- The link to a reader's preferences, in every email, and the unsubscribe link do not expire: a
  reader must be able to leave from an email of last year.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Subscriber

SALT = "newsletters.links"
CONFIRM, MANAGE = "confirm", "manage"


class LinkError(Exception):
    """A link that was never ours, or was changed, or whose reader has gone."""


class LinkExpired(LinkError):
    """A confirmation link older than settings.NEWSLETTER_CONFIRM_SECONDS."""


def token(subscriber, purpose, place_id=None):
    return signing.dumps([subscriber.pk, subscriber.secret, purpose, place_id], salt=SALT)


def reader(value, purpose):
    """The subscriber a token of `purpose` names, and the place it carries: (subscriber, place id)."""
    max_age = settings.NEWSLETTER_CONFIRM_SECONDS if purpose == CONFIRM else None
    try:
        pk, secret, signed_for, place_id = signing.loads(value, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise LinkError from error
    subscriber = Subscriber.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if signed_for != purpose or subscriber is None or subscriber.secret != secret:
        raise LinkError
    return subscriber, place_id if isinstance(place_id, int) else None


def address(subscriber, name, *args):
    """An absolute address of the site in the reader's edition (for emails)."""
    return settings.SITE_URL + path(subscriber, name, *args)


def path(subscriber, name, *args):
    """The path of a page of the site in the reader's edition (for redirects: the site the reader is on)."""
    with translation.override(subscriber.language):
        return reverse(name, args=args)


def preferences_path(subscriber):
    return path(subscriber, "newsletters:preferences", token(subscriber, MANAGE))


def confirm_url(subscriber, place_id=None):
    return address(subscriber, "newsletters:confirm", token(subscriber, CONFIRM, place_id))


def preferences_url(subscriber):
    return address(subscriber, "newsletters:preferences", token(subscriber, MANAGE))


def unsubscribe_url(subscriber):
    return address(subscriber, "newsletters:unsubscribe", token(subscriber, MANAGE))
