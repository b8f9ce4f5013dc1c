"""
Surrogate keys: what an answer shows, named so that a change can purge every copy that shows it.

A key names a row ("article-12", "image-3", "location-7"…) or a list ("stories:tag-5": the stories
filed under tag 5; "posts:article-9": the posts of live story 9), or one of the few things every
page of a kind shows (STORIES, SECTIONS…). This module is the one place keys are built.

While an answer is drawn, every key of what it reads is recorded in the open Drawing:
- each row of a model that readers see (a `Shown` model) records its own key when it is loaded;
- a list records its key where it is read: `show(list_of(tag))`;
- a kept part (common.parts) records the keys it was drawn with, whether drawn now or kept.
The answer carries them (Surrogate-Key), and so does every copy kept of it (common.purges).
"""

from contextvars import ContextVar

STORIES = "stories"  # the lists of all stories: home, "latest", the latest feed, sitemaps
SECTIONS = "sections"  # the section menu on every page
PLACES = "places"  # which place lies inside which: breadcrumbs, place lists, the places index
SEARCH = "search"  # search results, which read every public story's words
SITEMAPS = "sitemaps"  # the stories' sitemaps (their dates change with every edit) and the index
SITEMAP_LISTS = "sitemaps:lists"  # the sitemaps of tags, places, bylines and sections (their names)
CORRECTIONS = "corrections"  # the corrections page
SITE = "site"  # everything at once (a restored backup)


def of(instance):
    """The key of a row: "<model>-<pk>"."""
    return f"{instance._meta.model_name}-{instance.pk}"


def named(model_name, pk):
    return f"{model_name}-{pk}"


def list_of(instance):
    """The key of the list of stories filed under a tag, section, byline or place."""
    return f"stories:{of(instance)}"


def posts_of(article_id):
    """The key of a live story's posts: its live page, its post pages, polls and post feed."""
    return f"posts:article-{article_id}"


def posts_about(location_id):
    """The key of the live posts about a place or anywhere inside it (its page's "live updates")."""
    return f"posts:location-{location_id}"


class Drawing:
    """The keys an answer, or a part of one, shows, collected while it is drawn."""

    def __init__(self, parent=None, started=None, log=None):
        self.parent = parent
        self.keys = {}
        # Where the purge log stood before anything was drawn (common.copies.start()): a part drawn
        # inside a page inherits the page's, which only makes its copy more careful.
        self.started = started or (parent.started if parent else None)
        # The whole log as it stood then (common.copies.read_log()), if read: a kept part is current
        # for this answer if nothing was purged between its drawing and the answer's start.
        self.log = log or (parent.log if parent else None)
        # The parts drawn or found kept for this answer, by address, with the keys each showed
        # (common.parts): a part the answer shows twice is drawn, or checked, once.
        self.parts = parent.parts if parent else {}
        # Copies looked up ahead (common.parts.prefetch), not yet asked for: {address: (copy, held
        # by this process, known to be current)}.
        self.looked_up = parent.looked_up if parent else {}
        # Whether kept copies were current, by the keys they show and the serial they were drawn at:
        # copies alike (a page's parts drawn together) are asked of the purge log once per answer.
        self.checked = parent.checked if parent else {}

    def add(self, keys):
        self.keys.update(dict.fromkeys(keys))


_drawing = ContextVar("drawing", default=None)


class drawing:  # noqa: N801 (used as a context manager, like a function)
    """`with drawing(started) as frame:` collect what is drawn inside; the enclosing drawing gets it too."""

    def __init__(self, started=None, log=None):
        self.started, self.log = started, log

    def __enter__(self):
        self.frame = Drawing(_drawing.get(), self.started, self.log)
        self.token = _drawing.set(self.frame)
        return self.frame

    def __exit__(self, *exc):
        _drawing.reset(self.token)
        if self.frame.parent is not None:
            self.frame.parent.add(self.frame.keys)


def current():
    """The drawing open in this thread, or None."""
    return _drawing.get()


class unrecorded:  # noqa: N801 (used as a context manager, like a function)
    """`with unrecorded():` rows read inside record nothing (whoever reads them says what they show)."""

    def __enter__(self):
        self.token = _drawing.set(None)

    def __exit__(self, *exc):
        _drawing.reset(self.token)


def show(*keys):
    """Record keys (strings, or rows, or lists of either) in the drawing open now, if any."""
    frame = _drawing.get()
    if frame is not None:
        frame.add(collect(*keys))


def collect(*things):
    """Keys of rows, lists of them and plain strings, in order, each once."""
    found = {}
    for thing in things:
        _collect(thing, found)
    return list(found)


def _collect(thing, found):
    if thing is None:
        return
    if isinstance(thing, str):
        found[thing] = None
    elif hasattr(thing, "_meta"):
        found[of(thing)] = None
    else:
        for item in thing:
            _collect(item, found)


class Shown:
    """
    A model whose rows readers see: each row loaded while an answer is drawn records its key, so
    that editing the row purges every answer that showed it. Put it before models.Model.
    """

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        frame = _drawing.get()
        if frame is not None:
            frame.keys[f"{cls._meta.model_name}-{instance.pk}"] = None
        return instance
