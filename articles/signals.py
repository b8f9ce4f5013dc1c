"""
Keeping the place index and the search rows in step: these changes do not go through
Article.save() (many-to-many edits, hierarchy moves), so they are caught here.
"""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from locations.models import Location
from locations.signals import place_moved

from .models import Article, PlaceIndex, TaggedArticle
from .search import sync_search_entries


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
