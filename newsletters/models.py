"""
Readers who follow the news by email, what they follow, and every email sent to them.

An address signed up gets one email, the confirmation, and nothing else until the link in it is
followed (double opt-in). Every email to many readers belongs to a Mailing (a day's digest, a
breaking alert, a round of place alerts) and has a Delivery per reader, written before anything is
sent: the send log that lets a send stopped half-way go on without sending anyone the same email
twice (newsletters.sending).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_secret():
    return secrets.token_urlsafe(16)


class SubscriberQuerySet(models.QuerySet):
    def receiving(self):
        """Who may be sent the emails they chose: confirmed, and neither unsubscribed nor bounced."""
        return self.filter(status=Subscriber.Status.CONFIRMED)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Address bounced")
        COMPLAINED = "complained", _("Marked as spam")

    email = models.EmailField(_("email address"), unique=True)
    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    digest = models.BooleanField(_("daily digest"), default=True)
    breaking = models.BooleanField(_("breaking news"), default=True)
    places = models.ManyToManyField(
        "locations.Location", through="Follow", verbose_name=_("places followed"), related_name="+", blank=True
    )
    # Part of every link sent to the reader: a new one makes all earlier links useless.
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    place_email_sent_at = models.DateTimeField(_("last place alert sent"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self):
        return self.email


class Follow(models.Model):
    """A place a reader follows: stories about it or anywhere inside it reach them."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    location = models.ForeignKey("locations.Location", verbose_name=_("place"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["subscriber", "location"], name="unique_follow")]
        verbose_name = _("place followed")
        verbose_name_plural = _("places followed")

    def __str__(self):
        return f"{self.subscriber} → {self.location}"


class SignUp(models.Model):
    """A sign-up asked for, by whom (hashed): the record the rate limits count."""

    client = models.CharField(max_length=64, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"sign-up at {self.at:%Y-%m-%d %H:%M}"


class Mailing(models.Model):
    """One email sent to many readers: a digest, a breaking alert, a round of place alerts."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("Daily digest")
        BREAKING = "breaking", _("Breaking news alert")
        PLACES = "places", _("Place alerts")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    language = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    article = models.ForeignKey(
        "articles.Article", verbose_name=_("story"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    day = models.DateField(_("day"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    send_at = models.DateTimeField(_("goes out"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("send")
        verbose_name_plural = _("sends")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "day"], condition=Q(kind="digest"), name="one_digest_a_day_per_edition"
            ),
            models.UniqueConstraint(fields=["article"], condition=Q(kind="breaking"), name="one_alert_per_story"),
        ]

    def __str__(self):
        return self.subject or self.get_kind_display()


class Delivery(models.Model):
    """One email of a mailing to one reader, written before it is sent."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # The worker stopped while handing it over: it may have gone, so it is never sent again.
        UNKNOWN = "unknown", _("Not known (the worker stopped while sending)")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        SKIPPED = "skipped", _("Not sent (unsubscribed meanwhile)")

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=250, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)  # host:pid of the worker sending it
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailing", "subscriber"], name="one_email_per_reader")]
        indexes = [models.Index(fields=["mailing", "status"], name="delivery_status_idx")]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self):
        return f"{self.mailing} → {self.subscriber}: {self.get_status_display()}"


class PlaceAlert(models.Model):
    """A story or a live key event about a place a reader follows, waiting for their next place email."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="place_alerts")
    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey("articles.LivePost", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    mailing = models.ForeignKey(Mailing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "article"], condition=Q(post=None), name="one_alert_per_story_and_reader"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "post"], condition=~Q(post=None), name="one_alert_per_post_and_reader"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} for {self.subscriber_id}"
