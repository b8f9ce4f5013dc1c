"""Stories and live key events saved public (or scheduled) queue their alerts (newsletters.rounds)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, LivePost

from .rounds import post_went_out, story_went_out


@receiver(post_save, sender=Article, dispatch_uid="newsletters.story_saved")
def story_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_alerts(instance)


@receiver(m2m_changed, sender=Article.locations.through, dispatch_uid="newsletters.story_places_changed")
def story_places_changed(sender, instance, action, reverse=False, **kwargs):
    if action == "post_add" and not reverse:
        queue_alerts(instance)


def queue_alerts(story):
    if story.status != Article.Status.PUBLISHED or story.published_at is None:
        return
    at = story.published_at if story.published_at > timezone.now() else None
    transaction.on_commit(lambda: story_went_out.using(run_after=at).enqueue(story.pk))


@receiver(post_save, sender=LivePost, dispatch_uid="newsletters.post_saved")
def post_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.is_key_event and instance.status == LivePost.Status.PUBLISHED:
        transaction.on_commit(lambda: post_went_out.enqueue(instance.pk))


@receiver(m2m_changed, sender=LivePost.locations.through, dispatch_uid="newsletters.post_places_changed")
def post_places_changed(sender, instance, action, reverse=False, **kwargs):
    if action == "post_add" and not reverse:
        post_saved(LivePost, instance)
