"""
When mailings are made: a breaking alert and place alerts as a story goes out, a round of place
emails for every reader whose last one is old enough, and a digest per edition each day at the
time the newsroom set. Each step may run twice (a retried task, a story saved again): the unique
rows it writes (Mailing, PlaceAlert, Delivery) make the second run change nothing.
"""

import datetime
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from articles.models import Article, LivePost
from locations.models import Location

from .models import Delivery, Follow, Mailing, PlaceAlert, Subscriber
from .sending import CHUNK, send_mailing

#: A story saved again this long after it went out alerts nobody: the news is old.
ALERT_WINDOW = timedelta(hours=24)


@task()
def story_went_out(article_id):
    """Alerts for a story that is now public: breaking (if an editor asked), and to its places' followers."""
    story = Article.objects.published().filter(pk=article_id).first()
    if story is None or story.published_at < timezone.now() - ALERT_WINDOW:
        return  # not out yet (rescheduled), taken down, or old news edited
    if story.send_alert:
        with translation.override(story.language):
            subject = _("Breaking: %(headline)s") % {"headline": story.headline}
        try:
            with transaction.atomic():
                mailing = Mailing.objects.create(
                    kind=Mailing.Kind.BREAKING, language=story.language, article=story, subject=subject[:250]
                )
        except IntegrityError:
            pass  # already made
        else:
            send_mailing.enqueue(mailing.pk)
    followers = (
        Follow.objects.filter(
            location__story_index__article=story,
            subscriber__status=Subscriber.Status.CONFIRMED,
            subscriber__language=story.language,
            created_at__lte=story.published_at,
        )
        .values_list("subscriber_id", flat=True)
        .distinct()
    )
    PlaceAlert.objects.bulk_create(
        [PlaceAlert(subscriber_id=pk, article=story) for pk in followers], ignore_conflicts=True, batch_size=CHUNK
    )
    send_place_alerts.enqueue()


@task()
def post_went_out(post_id):
    """A live key event now public reaches the followers of its places, and of every place above them."""
    post = LivePost.objects.published().filter(pk=post_id, is_key_event=True).select_related("article").first()
    if post is None or post.published_at < timezone.now() - ALERT_WINDOW:
        return
    places = {pk for place in post.locations.all() for pk in (*place.ancestor_ids, place.pk)}
    places |= set(Location.objects.filter(members__in=places).values_list("pk", flat=True))  # areas they are in
    followers = (
        Follow.objects.filter(
            location__in=places,
            subscriber__status=Subscriber.Status.CONFIRMED,
            subscriber__language=post.article.language,
            created_at__lte=post.published_at,
        )
        .values_list("subscriber_id", flat=True)
        .distinct()
    )
    PlaceAlert.objects.bulk_create(
        [PlaceAlert(subscriber_id=pk, article=post.article, post=post) for pk in followers],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    send_place_alerts.enqueue()


@task()
def send_place_alerts():
    """A round of place emails: to each reader with stories waiting whose last place email is old enough."""
    now = timezone.now()
    every = timedelta(hours=settings.NEWSLETTER_PLACE_ALERT_HOURS)
    waiting = Subscriber.objects.receiving().filter(
        Exists(PlaceAlert.objects.filter(subscriber=OuterRef("pk"), mailing=None))
    )
    due = waiting.filter(Q(place_email_sent_at=None) | Q(place_email_sent_at__lte=now - every))
    for language, _name in settings.LANGUAGES:
        ids = list(due.filter(language=language).values_list("pk", flat=True))
        if ids:
            send_mailing.enqueue(_round(language, ids, now).pk)
    later = waiting.filter(place_email_sent_at__gt=now - every).aggregate(first=Min("place_email_sent_at"))["first"]
    if later is not None:
        send_place_alerts.using(run_after=later + every).enqueue()


def _round(language, ids, now):
    with translation.override(language):
        subject = _("News from the places you follow")
    with transaction.atomic():
        mailing = Mailing.objects.create(kind=Mailing.Kind.PLACES, language=language, subject=subject)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            PlaceAlert.objects.filter(subscriber_id__in=chunk, mailing=None).update(mailing=mailing)
            Subscriber.objects.filter(pk__in=chunk).update(place_email_sent_at=now)
            Delivery.objects.bulk_create([Delivery(mailing=mailing, subscriber_id=pk) for pk in chunk])
    return mailing


def next_digest_time(after=None):
    """The next moment digests go out (settings.NEWSLETTER_DIGEST_TIME, the newsroom's time zone)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    local = (after or timezone.now()).astimezone(zone)
    at = datetime.datetime.combine(local.date(), settings.NEWSLETTER_DIGEST_TIME, tzinfo=zone)
    return at if at > local else datetime.datetime.combine(local.date() + timedelta(days=1), at.timetz())


def schedule_digests(after=None):
    """Make the next digest of each edition, due at the digest time, once."""
    at = next_digest_time(after)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            subject = _("The day’s news, %(day)s") % {"day": _local_day(at)}
        mailing, made = Mailing.objects.get_or_create(
            kind=Mailing.Kind.DIGEST, language=language, day=at.date(), defaults={"send_at": at, "subject": subject}
        )
        if made:
            send_digest.using(run_after=at).enqueue(mailing.pk)


@task()
def send_digest(mailing_id):
    """Send a day's digest, then make the next day's."""
    mailing = Mailing.objects.filter(pk=mailing_id).first()
    if mailing is not None:
        schedule_digests(after=mailing.send_at)  # first: tomorrow's is due even if this one fails
        send_mailing.call(mailing.pk)


def _local_day(at):
    return date_format(at.astimezone(ZoneInfo(settings.TIME_ZONE)), "j E")
