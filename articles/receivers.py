"""
Everything that follows from saving or deleting a story or what it is filed with, in one place:
former addresses, the place index, the search entries, and the purges (which keys:
articles.invalidation). Django's own signals say a row was saved or deleted; the receivers here
keep the rest in step, inside the same transaction.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from common.purges import purge
from locations.models import Location
from locations.signals import names_rebuilt, place_moved
from media.models import Image

from . import invalidation
from .models import (
    Article,
    ArticlePhoto,
    ArticleRedirect,
    Author,
    Correction,
    LivePost,
    PlaceIndex,
    Section,
    Tag,
    TaggedArticle,
    sync_search_entries,
)

#: Above this many places renamed at once (a gazetteer import), place pages are purged as a whole.
MANY_PLACES = 50


def apply(change):
    """Purge what an invalidation.Purge names: now (when the transaction commits) and at the later times."""
    purge(*change.keys, hard=change.hard)
    for when, keys in (change.later or {}).items():
        purge(*keys, at=when)


# Stories


@receiver(post_save, sender=Article)
def keep_step_with_a_saved_story(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "before_save", None)
    if raw or before is None:
        return
    article = instance
    old_slug = before["slug"]
    if old_slug and old_slug != article.slug:
        # Links already shared keep working: the old address redirects here for good.
        ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    PlaceIndex.objects.filter(article=article).update(
        status=article.status, published_at=article.published_at, language=article.language
    )
    sync_search_entries([article.pk])
    apply(invalidation.story_saved(article, before))


@receiver(pre_delete, sender=Article)
def note_what_a_story_going_is_in(sender, instance, **kwargs):
    instance.lists_before = invalidation.before_deletion(instance) if instance.is_public else set()


@receiver(post_delete, sender=Article)
def purge_a_deleted_story(sender, instance, **kwargs):
    lists = getattr(instance, "lists_before", None)
    apply(invalidation.story_deleted(instance.pk, bool(lists), lists or ()))


# Live posts


@receiver(pre_save, sender=LivePost)
def note_whether_a_post_was_public(sender, instance, raw=False, **kwargs):
    instance.was_public = (
        not raw and instance.pk is not None and LivePost.objects.published().filter(pk=instance.pk).exists()
    )


@receiver(post_save, sender=LivePost)
def keep_step_with_a_saved_post(sender, instance, raw=False, **kwargs):
    if raw:
        return
    is_public = LivePost.objects.published().filter(pk=instance.pk).exists()
    was_public = getattr(instance, "was_public", False)
    if was_public or is_public:
        sync_search_entries([instance.article_id])  # search finds a live story by its posts' words
        apply(invalidation.post_changed(instance.article_id, [instance.pk], taken_down=was_public and not is_public))
    else:
        apply(invalidation.post_for_later(instance.article, [instance.pk]))


def _with_its_story(instance, origin):
    """Whether a post goes because its story is being deleted: the story's own deletion purges then."""
    return isinstance(origin, Article) and origin.pk == instance.article_id


@receiver(pre_delete, sender=LivePost)
def note_places_of_a_post_going(sender, instance, origin=None, **kwargs):
    if _with_its_story(instance, origin):
        instance.places_before = None  # its search row goes with the story; nothing to rebuild
        return
    public = LivePost.objects.published().filter(pk=instance.pk).exists()
    instance.places_before = invalidation.post_places([instance.pk]) if public else None


@receiver(post_delete, sender=LivePost)
def purge_a_deleted_post(sender, instance, **kwargs):
    places = getattr(instance, "places_before", None)
    if places is not None:
        sync_search_entries([instance.article_id])
        apply(invalidation.post_changed(instance.article_id, [], places, taken_down=True))


@receiver(m2m_changed, sender=LivePost.locations.through)
def keep_step_with_a_posts_places(sender, instance, action, reverse, pk_set, **kwargs):
    """A public post's places changed: the live lists of the places it was and is about."""
    post_ids = set(pk_set or ()) if reverse else {instance.pk}
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance.post_places_before = invalidation.post_places(post_ids)
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    public = LivePost.objects.published().filter(pk__in=post_ids)
    for article_id in set(public.values_list("article_id", flat=True)):
        sync_search_entries([article_id])
        apply(invalidation.post_changed(article_id, post_ids, getattr(instance, "post_places_before", ())))
    for post in LivePost.objects.filter(pk__in=post_ids).exclude(pk__in=public).select_related("article"):
        apply(invalidation.post_for_later(post.article, [post.pk]))


# What a story is filed under: its tags, bylines and places


@receiver(m2m_changed, sender=Article.locations.through)
@receiver(m2m_changed, sender=Article.authors.through)
@receiver(m2m_changed, sender=TaggedArticle)
def keep_step_with_filing(sender, instance, action, reverse, pk_set, **kwargs):
    """A story's tags, bylines or places changed: its search text, place index and lists follow."""
    if reverse:  # Changed from the tag's, byline's or place's side: the stories are in pk_set.
        article_ids = set(pk_set) if pk_set else set()
    else:
        article_ids = {instance.pk}
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        if reverse and action == "pre_clear":
            article_ids = set(_stories_filed_under(sender, instance))
        instance.filed_before = (article_ids, invalidation.lists_of(invalidation.public_ids(article_ids)))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    before_ids, lists_before = getattr(instance, "filed_before", (set(), set()))
    article_ids |= before_ids
    if sender is Article.locations.through:
        PlaceIndex.objects.rebuild(article_ids)
    sync_search_entries(article_ids)
    apply(invalidation.filing_changed(article_ids, lists_before))


def _stories_filed_under(through, instance):
    if through is TaggedArticle:
        return TaggedArticle.objects.filter(tag=instance).values_list("content_object_id", flat=True)
    field = "location" if through is Article.locations.through else "author"
    return through.objects.filter(**{field: instance}).values_list("article_id", flat=True)


# The places' hierarchy


@receiver(m2m_changed, sender=Location.members.through)
def reindex_area_members(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    # Stories inside the area as it is now, and those indexed under it before (a removed member's).
    affected = _articles_within(instance)
    if not reverse:
        affected |= set(instance.story_index.values_list("article_id", flat=True))
    _reindex_places(affected)


@receiver(place_moved)
def reindex_moved_places(sender, locations, **kwargs):
    tagged = Article.locations.through.objects.filter(location__in=[place.pk for place in locations])
    _reindex_places(set(tagged.values_list("article_id", flat=True)))


def _reindex_places(article_ids):
    lists_before = invalidation.lists_of(invalidation.public_ids(article_ids))
    PlaceIndex.objects.rebuild(article_ids)
    apply(invalidation.places_moved(article_ids, lists_before))


def _articles_within(location):
    tagged = Article.locations.through.objects.filter(location.subtree_q(prefix="location__"))
    return set(tagged.values_list("article_id", flat=True))


@receiver(names_rebuilt)
def purge_place_names(sender, locations, **kwargs):
    apply(invalidation.places_renamed([place.pk for place in locations], many=len(locations) > MANY_PLACES))


# Notes, photos, and what stories are filed under


def _saved_or_deleted(*models):
    def connect(handler):
        for model in models:
            post_save.connect(handler, sender=model, dispatch_uid=f"{handler.__name__}-save-{model.__name__}")
            post_delete.connect(handler, sender=model, dispatch_uid=f"{handler.__name__}-delete-{model.__name__}")
        return handler

    return connect


@_saved_or_deleted(Correction)
def purge_a_note(sender, instance, raw=False, **kwargs):
    if not raw:
        apply(invalidation.note_changed(instance))


@_saved_or_deleted(ArticlePhoto)
def purge_a_body_photo(sender, instance, raw=False, **kwargs):
    if not raw:
        apply(invalidation.body_photo_changed(instance.article_id))


@_saved_or_deleted(Image, Author, Section, Tag, Location)
def purge_what_shows_it(sender, instance, raw=False, created=False, **kwargs):
    """A new photo, byline, tag or place is on no page yet; an edited or deleted one is on the pages that show it."""
    if raw or (created and sender is not Section):
        return
    apply(invalidation.thing_changed(instance, deleted=kwargs.get("signal") is post_delete))


@receiver(pre_delete, sender=Tag)
@receiver(pre_delete, sender=Author)
@receiver(pre_delete, sender=Location)
def purge_the_stories_of_what_is_going(sender, instance, **kwargs):
    """Deleting a tag, byline or place takes it off its public stories: their pages and lists go too."""
    through = {Tag: TaggedArticle, Author: Article.authors.through, Location: Article.locations.through}[sender]
    stories = set(_stories_filed_under(through, instance))
    apply(invalidation.filing_changed(stories, invalidation.lists_of(invalidation.public_ids(stories))))
