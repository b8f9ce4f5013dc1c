"""
Everything that follows from saving a story or what it is filed with, in one place: former
addresses, the place index, the search entries, and the kept pages to retire (which ones:
articles.retiring). Models save their own row and say so (Article.save sends story_saved;
many-to-many edits, photos, bylines, places and deletes send Django's own signals); the receivers
here keep the rest in step.
"""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from common.cachetags import CORRECTIONS, PLACES, SEARCH, SECTIONS, SITEMAPS, SITEMAPS_LISTS
from common.freshness import retire, schedule
from locations.models import Location
from locations.signals import names_rebuilt, place_moved
from media.models import Image

from . import retiring
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
    story_saved,
    sync_search_entries,
)

# Stories


@receiver(story_saved)
def keep_step_with_a_saved_story(sender, article, before, **kwargs):
    old_slug = before["slug"]
    if old_slug and old_slug != article.slug:
        # Links already shared keep working: the old address redirects here for good.
        ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    PlaceIndex.objects.filter(article=article).update(
        status=article.status, published_at=article.published_at, language=article.language
    )
    sync_search_entries([article.pk])
    # A story taken down must not be shown again, not even while its lists are drawn anew.
    retire(*retiring.story_saved(article, before), hard=before["was_public"] and not article.is_public)
    if (
        before["published_at"] != article.published_at
        or before["was_public"] != article.is_public
        or not before["slug"]
    ):
        schedule(Article.objects.next_scheduled_time())


@receiver(pre_delete, sender=Article)
def note_lists_of_a_story_going(sender, instance, **kwargs):
    instance._lists_before = retiring.lists_of([instance.pk]) if instance.is_public else set()


@receiver(post_delete, sender=Article)
def retire_a_deleted_story(sender, instance, **kwargs):
    if lists := getattr(instance, "_lists_before", None):
        retire(retiring.story(instance.pk), *lists, hard=True)


# Live posts


@receiver(pre_save, sender=LivePost)
def note_whether_a_post_was_public(sender, instance, raw=False, **kwargs):
    instance._was_public = (
        not raw and instance.pk is not None and LivePost.objects.published().filter(pk=instance.pk).exists()
    )


@receiver(post_save, sender=LivePost)
def keep_step_with_a_saved_post(sender, instance, raw=False, **kwargs):
    if raw:
        return
    is_public = LivePost.objects.published().filter(pk=instance.pk).exists()
    if getattr(instance, "_was_public", False) or is_public:
        sync_search_entries([instance.article_id])  # search finds a live story by its posts' words
        retire(*retiring.post_changed(instance.article_id, [instance.pk]))


@receiver(pre_delete, sender=LivePost)
def note_places_of_a_post_going(sender, instance, **kwargs):
    public = LivePost.objects.published().filter(pk=instance.pk).exists()
    instance._places_before = retiring.post_places([instance.pk]) if public else None


@receiver(post_delete, sender=LivePost)
def retire_a_deleted_post(sender, instance, **kwargs):
    places = getattr(instance, "_places_before", None)
    if places is not None:
        sync_search_entries([instance.article_id])
        retire(*retiring.post_changed(instance.article_id, [], places), hard=True)


@receiver(m2m_changed, sender=LivePost.locations.through)
def keep_step_with_a_posts_places(sender, instance, action, reverse, pk_set, **kwargs):
    """A public post's places changed: the live lists of the places it was and is about."""
    post_ids = set(pk_set or ()) if reverse else {instance.pk}
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance._post_places_before = retiring.post_places(post_ids)
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    public = LivePost.objects.published().filter(pk__in=post_ids)
    for article_id in set(public.values_list("article_id", flat=True)):
        sync_search_entries([article_id])
        retire(*retiring.post_changed(article_id, post_ids, getattr(instance, "_post_places_before", ())))


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
        instance._filed_before = (article_ids, retiring.lists_of(retiring.public_ids(article_ids)))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    before_ids, lists_before = getattr(instance, "_filed_before", (set(), set()))
    article_ids |= before_ids
    if sender is Article.locations.through:
        PlaceIndex.objects.rebuild(article_ids)
    sync_search_entries(article_ids)
    public = retiring.public_ids(article_ids)
    if public:
        retire(*(retiring.story(pk) for pk in public), *lists_before, *retiring.lists_of(public))


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
    public = retiring.public_ids(article_ids)
    lists_before = retiring.lists_of(public)
    PlaceIndex.objects.rebuild(article_ids)
    if public:
        retire(PLACES, *lists_before, *retiring.lists_of(public))


def _articles_within(location):
    tagged = Article.locations.through.objects.filter(location.subtree_q(prefix="location__"))
    return set(tagged.values_list("article_id", flat=True))


# What public pages show besides the stories themselves


def _saved_or_deleted(*models):
    def connect(handler):
        for model in models:
            post_save.connect(handler, sender=model, dispatch_uid=f"{handler.__name__}-save-{model.__name__}")
            post_delete.connect(handler, sender=model, dispatch_uid=f"{handler.__name__}-delete-{model.__name__}")
        return handler

    return connect


@_saved_or_deleted(Correction, ArticlePhoto)
def retire_a_public_storys_notes_and_photos(sender, instance, raw=False, **kwargs):
    if raw or not Article.objects.published().filter(pk=instance.article_id).exists():
        return
    tags = [retiring.story(instance.article_id)]
    if sender is Correction:
        tags += [CORRECTIONS, SITEMAPS]
    retire(*tags)


@_saved_or_deleted(Image)
def retire_a_photo_readers_see(sender, instance, raw=False, **kwargs):
    """A photo no public page shows (a new upload, one on drafts only) retires nothing."""
    if raw:
        return
    public = Article.objects.published()
    shown = (
        public.filter(Q(hero_image=instance.pk) | Q(photos__image=instance.pk)).exists()
        or Author.objects.filter(photo=instance.pk, articles__in=public).exists()
        or LivePost.objects.published().filter(image=instance.pk).exists()
    )
    if shown:
        retire(f"image-{instance.pk}")


@_saved_or_deleted(Author)
def retire_a_byline(sender, instance, raw=False, created=False, **kwargs):
    """A byline shows on its stories and its page, once it has a public story."""
    if not raw and not created and Article.objects.published().filter(authors=instance.pk).exists():
        retire(f"author-{instance.pk}", SEARCH, SITEMAPS_LISTS)


@_saved_or_deleted(Section)
def retire_a_section(sender, instance, raw=False, **kwargs):
    if not raw:
        retire(f"section-{instance.pk}", SECTIONS, SITEMAPS_LISTS)  # the menu on every page


@_saved_or_deleted(Tag)
def retire_a_tag(sender, instance, raw=False, created=False, **kwargs):
    """A new tag is on no public page yet; a renamed one is on its page and its stories' pages."""
    if not raw and not created:
        retire(f"tag-{instance.pk}", SEARCH, SITEMAPS_LISTS)


@_saved_or_deleted(Location)
def retire_a_place(sender, instance, raw=False, **kwargs):
    if not raw:
        retire(f"location-{instance.pk}", PLACES, SEARCH, SITEMAPS_LISTS)


@receiver(names_rebuilt)
def retire_place_names(sender, locations, **kwargs):
    """Names decide search results and which old spellings lead to a place's page."""
    if len(locations) <= MANY_PLACES:
        retire(*(f"location-{place.pk}" for place in locations), SEARCH)
    else:  # a gazetteer import: every place page and search at once
        retire(PLACES, SEARCH)


#: Above this many places changed at once, their pages are retired as a whole.
MANY_PLACES = 50


@receiver(pre_delete, sender=Tag)
@receiver(pre_delete, sender=Author)
@receiver(pre_delete, sender=Location)
def note_stories_of_what_is_going(sender, instance, **kwargs):
    """Deleting a tag, byline or place takes it off its public stories: their pages and lists go too."""
    stories = _stories_filed_under(
        {Tag: TaggedArticle, Author: Article.authors.through, Location: Article.locations.through}[sender], instance
    )
    public = retiring.public_ids(stories)
    if public:
        retire(*(retiring.story(pk) for pk in public), *retiring.lists_of(public))
