"""Merging tags: every story of the merged tags moves to the kept one, and their addresses lead to it."""

from . import invalidation
from .models import TaggedArticle, TagRedirect, sync_search_entries
from .receivers import apply


def merge_tags(kept, others):
    """Move every story of `others` to `kept`, delete them, and send their addresses to it; returns how many moved."""
    others = [tag for tag in others if tag.pk != kept.pk]
    moved = []
    for other in others:
        # A story with both tags keeps one link; the others change tag in a single update.
        already = TaggedArticle.objects.filter(tag=kept).values("content_object_id")
        TaggedArticle.objects.filter(tag=other, content_object_id__in=already).delete()
        moving = TaggedArticle.objects.filter(tag=other)
        moved += list(moving.values_list("content_object_id", flat=True))
        moving.update(tag=kept)
        TagRedirect.objects.filter(tag=other).update(tag=kept)
        old_slug = other.slug
        other.delete()
        TagRedirect.objects.update_or_create(old_slug=old_slug, defaults={"tag": kept})
    # Bulk updates send no signals: the moved stories' search text and the purges follow here.
    sync_search_entries(moved)
    apply(invalidation.tags_merged(kept, [other.pk for other in others], moved))
    return len(moved)
