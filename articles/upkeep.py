"""
Everything that follows from saving a story or what it is filed with, in one place: former
addresses, the place index, the search entries and the cached pages. Models save their own row and
say so (Article.save sends story_saved; many-to-many edits, photos, bylines, places and deletes send
Django's own signals); the receivers here keep the rest in step.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from common.freshness import bump_news_version
from locations.models import Location, PlaceName
from locations.signals import place_moved
from media.models import Image

from .models import (
    Article,
    ArticlePhoto,
    ArticleRedirect,
    Author,
    Correction,
    PlaceIndex,
    Section,
    Tag,
    TaggedArticle,
    story_saved,
    sync_search_entries,
)


@receiver(story_saved)
def keep_step_with_a_saved_story(sender, article, before, **kwargs):
    old_slug, _was_public = before
    if old_slug and old_slug != article.slug:
        # Links already shared keep working: the old address redirects here for good.
        ArticleRedirect.objects.update_or_create(old_slug=old_slug, defaults={"article": article})
    ArticleRedirect.objects.filter(old_slug=article.slug).delete()
    PlaceIndex.objects.filter(article=article).update(status=article.status, published_at=article.published_at)
    sync_search_entries([article.pk])
    bump_news_version(schedule_changed=True)


# Everything a reader page shows besides the story row itself (kept by keep_step_with_a_saved_story).
SHOWN_ON_PAGES = [Image, Author, Section, Tag, Location, PlaceName, Correction, ArticlePhoto, TaggedArticle]
SHOWN_THROUGH = [Article.locations.through, Article.authors.through, TaggedArticle, Location.members.through]


def news_changed(sender, **kwargs):
    """Cached pages and page parts end: a photo's caption, a byline, a place's name may be on any of them."""
    if kwargs.get("raw"):  # Loading fixtures.
        return
    action = kwargs.get("action")
    if action is None or action in {"post_add", "post_remove", "post_clear"}:
        bump_news_version()


for model in SHOWN_ON_PAGES:
    post_save.connect(news_changed, sender=model, dispatch_uid=f"news-changed-save-{model.__name__}")
    post_delete.connect(news_changed, sender=model, dispatch_uid=f"news-changed-delete-{model.__name__}")
post_delete.connect(news_changed, sender=Article, dispatch_uid="news-changed-delete-article")
for through in SHOWN_THROUGH:
    m2m_changed.connect(news_changed, sender=through, dispatch_uid=f"news-changed-m2m-{through.__name__}")


@receiver(m2m_changed, sender=Article.locations.through)
def reindex_article_places(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # Changed from the place's side: the affected articles are in pk_set.
        article_ids = pk_set or Article.objects.filter(locations=instance).values_list("pk", flat=True)
    else:
        article_ids = [instance.pk]
    PlaceIndex.objects.rebuild(article_ids)
    sync_search_entries(article_ids)


@receiver(m2m_changed, sender=Article.authors.through)
@receiver(m2m_changed, sender=TaggedArticle)
def reindex_article_text(sender, instance, action, reverse, pk_set, **kwargs):
    """Bylines and tags are searchable: their changes reach the search rows too."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Article):
        sync_search_entries([instance.pk])


@receiver(m2m_changed, sender=Location.members.through)
def reindex_area_members(sender, instance, action, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    # Stories inside the area as it is now, and those indexed under it before (a removed member's).
    affected = _articles_within(instance)
    if not reverse:
        affected |= set(instance.story_index.values_list("article_id", flat=True))
    PlaceIndex.objects.rebuild(affected)


@receiver(place_moved)
def reindex_moved_place(sender, location, **kwargs):
    PlaceIndex.objects.rebuild(_articles_within(location))


def _articles_within(location):
    tagged = Article.locations.through.objects.filter(location.subtree_q(prefix="location__"))
    return set(tagged.values_list("article_id", flat=True))
