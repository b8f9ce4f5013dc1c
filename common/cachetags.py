"""
What a page shows, as tags: the page cache (newsroom.pagecache) keeps a page until one of its tags
is retired (common.freshness), and the `Cache-Tag` (comma-separated) and `Surrogate-Key`
(space-separated) headers let an edge cache purge by the same tags.

- "article-12", "image-3", "location-7", "tag-5", "author-2", "section-1": the object itself
  (a story's text and times, a photo's caption, a place's name…), on every page that shows it.
- "stories:tag-5", "stories:section-1", "stories:author-2", "stories:location-7": which stories a
  list holds, on the list's pages; retired when a story joins or leaves the list or moves in it.
- "stories": the lists of all stories (home, the "latest" list); "sections": the section menu, on
  every page; "sitemaps", "search", "corrections", "places": those pages; "site": every
  public answer, for the one change that touches everything (restoring a backup).
"""

from collections.abc import Iterable
from contextlib import contextmanager
from functools import wraps

STORIES = "stories"
SECTIONS = "sections"
SITEMAPS = "sitemaps"  # the stories' sitemaps
SITEMAPS_LISTS = "sitemaps:lists"  # the sitemaps of tags, places, bylines and sections
SEARCH = "search"
CORRECTIONS = "corrections"
PLACES = "places"
SITE = "site"  # every public page: retired only when everything changes at once (a restore)


def tag(thing):
    """The tag of a model instance: "<model>-<pk>"."""
    return f"{thing._meta.model_name}-{thing.pk}"


def list_of(thing):
    """The tag of the list of stories filed under `thing` (a tag, section, author or place)."""
    return f"stories:{tag(thing)}"


def collect(*things):
    """Tags for model instances, lists of them, or plain strings; stories also tag their hero photo."""
    tags = {}
    for thing in things:
        _collect(thing, tags)
    return list(tags)


def add(response, *things):
    """Add tags (as collect()) to the response's Cache-Tag and Surrogate-Key headers."""
    tags = dict.fromkeys(of(response))
    tags.update(dict.fromkeys(collect(*things)))
    response["Cache-Tag"] = ",".join(tags)
    response["Surrogate-Key"] = " ".join(tags)
    return response


def show(request, tags):
    """
    Record that the page being drawn for `request` shows these tags: a part drawn or kept on its own
    (a story card) says what it shows, and the page carries it (newsroom.middleware adds them).
    """
    if request is not None:
        request.__dict__.setdefault("shown_tags", {}).update(dict.fromkeys(tags))


@contextmanager
def showing(request):
    """
    Collect the tags shown while one kept part is drawn (the cards inside it), so the part is kept
    with them; they are shown on the page as well.
    """
    outer = request.__dict__.pop("shown_tags", {})
    inner = request.__dict__["shown_tags"] = {}
    try:
        yield inner
    finally:
        outer.update(inner)
        request.shown_tags = outer


def shown(request):
    """The tags recorded by show() for this request, in the order they were shown."""
    return list(request.__dict__.get("shown_tags", ()))


def of(response):
    """The tags a response carries."""
    return [item for item in response.get("Cache-Tag", "").split(",") if item]


def _collect(thing, tags):
    if thing is None:
        return
    if isinstance(thing, str):
        tags[thing] = None
    elif hasattr(thing, "_meta"):
        tags[tag(thing)] = None
        hero = getattr(thing, "hero_image_id", None)
        if hero:
            tags[f"image-{hero}"] = None
    elif isinstance(thing, Iterable):
        for item in thing:
            _collect(item, tags)


def tagged(*tags):
    """A view decorator: the view's answers carry these tags (for views that cannot add their own)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return add(view(request, *args, **kwargs), *tags)

        return wrapped

    return decorator
