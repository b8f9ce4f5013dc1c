"""
Indexes kept beside the stories so long lists stay fast: the place index (every place a story is
about, with copies of its status and time) and the search entries (each story's searchable text).
"""

import html
import re
from collections import defaultdict

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.utils.html import strip_tags

from common.morphology import APOSTROPHES, CYRILLIC, bare_lemmas
from locations.models import Location, PlaceName

from .status import Status, public_q

#: Stand for <mark> and </mark> in search excerpts; never stored from a story's own text.
MARK_START, MARK_END = "\x02", "\x03"
WORD = re.compile(r"\w+(?:'\w+)*")
BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


class PlaceIndexQuerySet(models.QuerySet):
    def published(self, language=None):
        """Index rows of public stories: the same rule as Article.objects.published()."""
        return self.filter(public_q(language=language))

    def rebuild(self, article_ids):
        """Recompute the rows of these articles from their tagged places, their ancestors and areas."""
        Article = _article_model()
        article_ids = list(article_ids)
        tagged = Article.locations.through.objects.filter(article_id__in=article_ids).values_list(
            "article_id", "location__path"
        )
        areas = defaultdict(set)
        for area_id, member_path in Location.members.through.objects.values_list(
            "from_location_id", "to_location__path"
        ):
            areas[member_path].add(area_id)
        places_of = defaultdict(set)
        for article_id, path in tagged:
            chain = [int(part) for part in path.strip("/").split("/") if part]
            places_of[article_id].update(chain)
            for member_path, area_ids in areas.items():
                if path.startswith(member_path):
                    places_of[article_id].update(area_ids)
        copies = {
            pk: (status, at, language)
            for pk, status, at, language in Article.objects.filter(pk__in=article_ids).values_list(
                "pk", "status", "published_at", "language"
            )
        }
        self.filter(article_id__in=article_ids).delete()
        self.bulk_create(
            (
                PlaceIndex(
                    article_id=article_id,
                    location_id=location_id,
                    status=copies[article_id][0],
                    published_at=copies[article_id][1],
                    language=copies[article_id][2],
                )
                for article_id, location_ids in places_of.items()
                for location_id in location_ids
            ),
            batch_size=5000,
        )


class PlaceIndex(models.Model):
    """
    One row for every place a story is about: the tagged places, every place above them and every
    informal area they belong to. Place pages and their counts read only this table. Kept by
    articles.upkeep: status and time after each save, rebuild() when a story's places or the
    hierarchy change.
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="place_index")
    location = models.ForeignKey("locations.Location", on_delete=models.CASCADE, related_name="story_index")
    status = models.CharField(max_length=20, choices=Status)
    published_at = models.DateTimeField(null=True)
    language = models.CharField(max_length=8, default="en")

    objects = PlaceIndexQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["location", "article"], name="unique_place_index_row")]
        # The story's id is in the index too: a place's page is found by walking the index alone,
        # so page 1,000 of Ukraine skips 12,000 index entries, not 12,000 stories.
        indexes = [
            models.Index(
                fields=["location", "language", "status", "-published_at", "-article"], name="place_index_edition_idx"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} in {self.location_id}"


class SearchEntry(models.Model):
    """
    What search reads for a story (see articles.search): its text, its place and tag names, and
    copies of status and publication time so public results come from this table alone. Kept by
    sync_search_entries().
    """

    article = models.OneToOneField("Article", on_delete=models.CASCADE, primary_key=True, related_name="search_entry")
    status = models.CharField(max_length=20, choices=Status)
    published_at = models.DateTimeField(null=True)
    language = models.CharField(max_length=8, default="en")
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True, help_text="Tags, bylines and every name of the story's places.")
    lemmas = models.TextField(
        blank=True, help_text="Ukrainian stories: the dictionary form of every word, so 'Сіверськ' finds 'у Сіверську'."
    )
    vector = SearchVectorField(null=True, help_text="PostgreSQL only: the weighted tsvector, GIN-indexed.")

    class Meta:
        # Newest-first listing of a very common word walks this index and stops after a page.
        indexes = [
            models.Index(fields=["language", "status", "-published_at"], name="search_entry_edition_idx"),
        ]

    def __str__(self):
        return self.headline


def sync_search_entries(article_ids):
    """Rebuild the search rows of these stories (after a save, a publish or a change of tags or places)."""
    Article = _article_model()
    live_posts = Article._meta.get_field("live_posts").related_model.objects.filter(status="published")
    articles = list(
        Article.objects.filter(pk__in=list(article_ids)).prefetch_related(
            "tags", "authors", "locations", models.Prefetch("live_posts", queryset=live_posts.order_by("number"))
        )
    )
    # All place names of the batch in two queries: every name of the tagged places, and the
    # names of the places above them.
    tagged = {place.pk: place for article in articles for place in article.locations.all()}
    names_of = {}
    for location_id, name in PlaceName.objects.filter(location_id__in=tagged).values_list("location_id", "name"):
        names_of.setdefault(location_id, []).append(name)
    above = {pk for place in tagged.values() for pk in place.ancestor_ids}
    ancestor_names = dict(Location.objects.filter(pk__in=above).values_list("pk", "name"))
    entries = []
    for article in articles:
        extra = [tag.name for tag in article.tags.all()]
        extra += [author.name for author in article.authors.all()]
        for place in article.locations.all():
            extra += names_of.get(place.pk, [place.name])
            extra += [ancestor_names[pk] for pk in place.ancestor_ids if pk in ancestor_names]
        entry = SearchEntry(
            article=article,
            status=article.status,
            published_at=article.published_at,
            language=article.language,
            headline=unmarked(article.headline),
            standfirst=unmarked(article.standfirst),
            # A live story is found by the words of its published posts too.
            body="\n".join(
                [plain_text(article.body_html)]
                + [f"{post.title}\n{plain_text(post.body_html)}" for post in article.live_posts.all()]
            ),
            extra=unmarked(" \n".join(dict.fromkeys(extra))),
        )
        if article.language == "uk":
            entry.lemmas = dictionary_forms(" ".join([entry.headline, entry.standfirst, entry.body, entry.extra]))
        entries.append(entry)
    SearchEntry.objects.filter(article_id__in=[e.article_id for e in entries]).delete()
    SearchEntry.objects.bulk_create(entries, batch_size=1000)
    if connection.vendor == "postgresql" and entries:
        SearchEntry.objects.filter(article_id__in=[e.article_id for e in entries]).update(vector=_pg_vector())


def _pg_vector():
    return (
        SearchVector("headline", weight="A", config="simple")
        + SearchVector("standfirst", weight="B", config="simple")
        + SearchVector("extra", weight="B", config="simple")
        + SearchVector("body", weight="C", config="simple")
        + SearchVector("lemmas", weight="D", config="simple")
    )


def dictionary_forms(text):
    """Every Ukrainian word of `text` in its dictionary forms, once each: what a query's forms match."""
    words = {word for word in WORD.findall(text.translate(APOSTROPHES)) if CYRILLIC.search(word)}
    return " ".join(sorted({form for word in words for form in bare_lemmas(word)}))


def plain_text(body_html):
    """
    The body's text as a reader reads it (entities decoded: "&amp;" is "&"), with paragraphs kept
    apart so excerpts do not run words together.
    """
    return unmarked(html.unescape(strip_tags(BLOCK_END.sub(lambda m: m.group(0) + "\n", body_html or ""))))


def unmarked(text):
    """`text` without the two characters that stand for <mark> and </mark> in excerpts."""
    return (text or "").replace(MARK_START, "").replace(MARK_END, "")


def _article_model():
    """The story model, reached through the index's own foreign key: stories import this module."""
    return PlaceIndex._meta.get_field("article").related_model
