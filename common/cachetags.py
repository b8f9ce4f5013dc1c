"""
What a page shows, as a header a CDN can purge by: `Cache-Tag` (comma-separated) and
`Surrogate-Key` (space-separated) name each object on the page ("article-12", "image-3",
"location-7", "tag-5", "author-2", "section-1") and "stories" on every page listing stories.

Purge "article-N" after an edit of story N, "image-N" after a photo's caption or crop changes,
and "stories" when a story is published, unpublished or its scheduled time comes.
"""

from collections.abc import Iterable

STORIES = "stories"


def add(response, *things):
    """Add tags for model instances, lists of them, or plain strings; stories also tag their hero photo."""
    tags = dict.fromkeys(filter(None, response.get("Cache-Tag", "").split(",")))
    for thing in things:
        _collect(thing, tags)
    response["Cache-Tag"] = ",".join(tags)
    response["Surrogate-Key"] = " ".join(tags)
    return response


def _collect(thing, tags):
    if thing is None:
        return
    if isinstance(thing, str):
        tags[thing] = None
    elif hasattr(thing, "_meta"):
        tags[f"{thing._meta.model_name}-{thing.pk}"] = None
        hero = getattr(thing, "hero_image_id", None)
        if hero:
            tags[f"image-{hero}"] = None
    elif isinstance(thing, Iterable):
        for item in thing:
            _collect(item, tags)
