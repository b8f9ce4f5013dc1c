"""How stories are read: the one definition of public, and the queries pages are shaped around."""

from collections import Counter

from django.db import models
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .cards import as_cards
from .status import Status, public_q
from .taxonomy import TaggedArticle

#: Stories considered per source (tags, places) when picking related stories.
RELATED_CANDIDATES = 50


class ArticleQuerySet(models.QuerySet):
    def published(self, language=None):
        """
        The one definition of public: published, and the publication time has come. With
        `language`, the public stories of that edition (readers' pages pass the page's language).
        """
        return self.filter(public_q(language=language))

    def with_translation(self):
        """
        Each story with its public version in the other language, in the same row: the story it
        translates, else a translation of it, else another translation of the story it translates.
        Three small subqueries, each on an index (a single OR of the three read every story).
        """
        public = self.model.objects.published().exclude(language=OuterRef("language")).order_by()
        sources = [
            public.filter(pk=OuterRef("translation_of")),
            public.filter(translation_of=OuterRef("pk")),
            public.filter(translation_of=OuterRef("translation_of")),
        ]
        return self.annotate(
            translation_slug=Coalesce(*(Subquery(other.values("slug")[:1]) for other in sources)),
            translation_language=Coalesce(*(Subquery(other.values("language")[:1]) for other in sources)),
        )

    def for_listing(self):
        """
        Everything a story card draws: section, hero photo and bylines; never the body, which a card
        does not show and which would be read and sorted for every story of a long list.
        """
        return self.select_related("section", "hero_image").prefetch_related("authors").defer("body", "body_html")

    def cards(self):
        """The stories as cards (see articles.models.cards): ids now, rows only for a card drawn again."""
        return as_cards(self)

    def for_feed(self):
        """A feed item: a story card's fields and the story's corrections and updates."""
        return self.for_listing().prefetch_related("corrections")

    def about(self, location, language=None):
        """
        Public stories about `location` or any place inside it, newest first (of one edition, given
        `language`). Reads the place index, filtered by the same rule as published() on its copies,
        so the database walks one index in order and stops after a page.
        """
        return self.filter(public_q("place_index__", language), place_index__location=location).order_by(
            "-place_index__published_at", "-pk"
        )

    def next_scheduled_time(self):
        """When the next scheduled story goes public, or None."""
        return (
            self.filter(status=Status.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def lead_id(self):
        """The id of the home page's lead: the newest story marked as lead, else the newest story."""
        ids = self.values_list("pk", flat=True)
        return ids.filter(is_featured=True).first() or ids.first()

    def top_per_section(self, per_section, sections):
        """
        The newest `per_section` stories of each of `sections`, in one query: a small indexed
        "newest N of this section" subquery per section, so the archive's size does not matter
        (ranking every story by section with a window function read all of them).
        """
        newest = Q()
        for section in sections:
            ids = self.filter(section=section).order_by("-published_at", "-pk").values("pk")[:per_section]
            newest |= Q(pk__in=ids)
        return self.filter(newest) if newest else self.none()

    def related_ids(self, article, limit=4):
        """
        The ids of up to `limit` stories sharing most tags and places with `article`, newest first
        among equals.

        Two small grouped queries (by tags, by places) instead of one join of both: with popular
        tags and 100,000 stories the joined version had to count millions of row pairs.
        """
        scores, newest = Counter(), {}
        sources = (
            (TaggedArticle.objects, "tag_id", [tag.pk for tag in article.tags.all()], "content_object"),
            (
                self.model.locations.through.objects,
                "location_id",
                [place.pk for place in article.locations.all()],
                "article",
            ),
        )
        for rows, key, ids, story in sources:
            if not ids:
                continue
            shared = (
                rows.filter(public_q(f"{story}__"), **{f"{key}__in": ids})
                .exclude(**{f"{story}_id": article.pk})
                .values(f"{story}_id")
                .annotate(shared=Count(key), at=Max(f"{story}__published_at"))
                .order_by("-shared", "-at", f"-{story}_id")[:RELATED_CANDIDATES]
            )
            for row in shared:
                scores[row[f"{story}_id"]] += row["shared"]
                newest[row[f"{story}_id"]] = row["at"]
        return sorted(scores, key=lambda pk: (scores[pk], newest[pk]), reverse=True)[:limit]
