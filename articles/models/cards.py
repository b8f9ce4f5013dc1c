"""
Stories as cards. A list page (home, a tag, a section, a byline, a place, related stories) draws a
kept card for each story (articles_tags.story_card), so most of the time it needs only each
story's id. `Article.objects.….cards()` reads just that (and the hero photo's id); a story's full
row, with its section, photo and bylines, is read only when its card has to be drawn again, and
then for every story of the list in one query. Each card records the keys of its own story only
(common.keys), so a card is purged by what it shows and not by its neighbours.
"""

from django.db.models.query import ValuesListIterable

from common import keys, parts

from .taxonomy import Author

CARD_FIELDS = ("pk", "hero_image_id")


def card_name(pk, variant):
    """The name of a story's kept card in one variant (size, heading, what it shows)."""
    return f"story-card:{pk}:{variant}"


class CardRows:
    """The full rows of one list's stories, read together the first time any of them is needed."""

    def __init__(self, model, whole=None):
        self.model, self.ids, self.rows, self.shows = model, [], None, {}
        self.prefetched = set()  # the card variants looked up already
        self.whole = whole  # for a group of a list's stories (grouped()): the list, which reads the rows

    def story(self, pk, hero_image_id):
        self.ids.append(pk)
        return CardStory(self, pk, hero_image_id)

    def read_bylines(self):
        """
        Every story's bylines (`row.bylines`, in the bylines' own order) in one query of the links
        between stories and authors: Django's prefetch builds a queryset for each story, and took
        longer than the rows themselves.
        """
        links = self.model.authors.through.objects.filter(article_id__in=self.rows).select_related("author")
        order = [f"{'-' if name.startswith('-') else ''}author__{name.lstrip('-')}" for name in Author._meta.ordering]
        for row in self.rows.values():
            row.bylines = []
        for link in links.order_by(*order):
            self.rows[link.article_id].bylines.append(link.author)

    def prefetch_cards(self, variant):
        """The kept cards of this list's stories, in one variant, looked up together (common.parts.prefetch)."""
        if variant not in self.prefetched:
            self.prefetched.add(variant)
            parts.prefetch(card_name(pk, variant) for pk in self.ids)

    def row(self, pk):
        if self.whole is not None:
            return self.whole.row(pk)
        if self.rows is None:
            with keys.unrecorded():
                self.rows = self.model.objects.for_listing().prefetch_related(None).in_bulk(self.ids)
                self.read_bylines()
        try:
            row = self.rows[pk]
        except KeyError:  # deleted between the list's query and the drawing of its card
            raise self.model.DoesNotExist(f"Story {pk} is gone.") from None
        if pk not in self.shows:  # what its card shows, worked out once per list
            self.shows[pk] = keys.collect(row, row.section, row.hero_image, row.bylines)
        keys.show(self.shows[pk])
        return row


class CardStory:
    """
    A story in a list, known by its id (and its hero photo's) until its card is drawn; anything
    else is read from its row, which CardRows fetches for the whole list at once.
    """

    __slots__ = ("_rows", "hero_image_id", "pk")

    def __init__(self, rows, pk, hero_image_id):
        self._rows, self.pk, self.hero_image_id = rows, pk, hero_image_id

    @property
    def _meta(self):
        return self._rows.model._meta

    @property
    def id(self):
        return self.pk

    @property
    def row(self):
        return self._rows.row(self.pk)

    def prefetch_cards(self, variant):
        self._rows.prefetch_cards(variant)

    def __getattr__(self, name):
        # Only for what the slots above do not hold: the headline, the section, the bylines… (never
        # a private name: copying or pickling asks for those before the slots are filled).
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.row, name)

    def __eq__(self, other):
        return getattr(other, "pk", None) == self.pk and getattr(other, "_meta", None) == self._meta

    def __hash__(self):
        return hash(self.pk)

    def __repr__(self):
        return f"<CardStory {self.pk}>"


class CardIterable(ValuesListIterable):
    """Yields a CardStory for each row of a `.cards()` queryset, all sharing one CardRows."""

    def __iter__(self):
        rows = CardRows(self.queryset.model)
        for pk, hero_image_id in super().__iter__():
            yield rows.story(pk, hero_image_id)


def grouped(stories):
    """
    Some of a list's stories as a group of their own (a block of a page, drawn in one card variant):
    the group's kept cards are looked up together, and only theirs; their rows, when a card must be
    drawn again, are still read with the whole list's, in one query.
    """
    if not stories:
        return []
    group = CardRows(stories[0]._rows.model, whole=stories[0]._rows)
    return [group.story(story.pk, story.hero_image_id) for story in stories]


def card_stories(model, pairs):
    """Cards for (id, hero photo id) pairs kept from a list's page, sharing one CardRows."""
    rows = CardRows(model)
    return [rows.story(pk, hero_image_id) for pk, hero_image_id in pairs]


def as_cards(queryset):
    cards = queryset.prefetch_related(None).values_list(*CARD_FIELDS)
    cards._iterable_class = CardIterable
    return cards
