"""What the email tests share: running the queue, reading the outbox, following links in emails."""

import re

from django.core import mail

from newsletters.models import Subscriber
from tests.tasks import run_queued_tasks

LINK = re.compile(r"https?://testserver(/[^\s\"'<>]*)")


def sent():
    """Run the queue, then hand over (and forget) the emails it sent."""
    run_queued_tasks()
    emails = list(mail.outbox)
    mail.outbox.clear()
    return emails


def links_in(email, part):
    """The site's addresses (paths) in an email's text that contain `part`."""
    return [path for path in LINK.findall(email.body) if part in path]


def html_of(email):
    return next(content for content, kind in email.alternatives if kind == "text/html")


def confirmed(email, language="en", **fields):
    """A reader who signed up and confirmed, with `fields` (digest, breaking…) as given."""
    return Subscriber.objects.create(email=email, language=language, status=Subscriber.Status.CONFIRMED, **fields)
