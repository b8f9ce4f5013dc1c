"""
Full-text search over stories: SQLite FTS5 on the embedded database, PostgreSQL full-text search
(a tsvector column with a GIN index) on PostgreSQL.

Both read SearchEntry: one row per story with its searchable text (headline, standfirst, body,
tags, bylines, and every name of its places, so "Slovyansk" finds Sloviansk) and copies of the two
fields published() reads, kept by articles.models.indexes.sync_search_entries() whenever a story or its tags, bylines or
places change. On SQLite, triggers copy the rows into an FTS5 index.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.morphology import CYRILLIC, bare_lemmas, known, name_lemmas

from .models import Article, SearchEntry, public_q
from .models.indexes import MARK_END, MARK_START, unmarked

MAX_TERMS = 12
MAX_TERM_LENGTH = 40
MIN_QUERY_LENGTH = 2
#: Results are counted and ranked up to this many; a broader query lists its matches newest first,
#: because scoring every story that contains a common word costs a second at 100,000 stories.
MAX_RANKED = 1000
WORD = re.compile(r"\w+(?:['’ʼ]\w+)*", re.UNICODE)


def query_forms(word):
    """
    The dictionary forms of a Ukrainian query word, as the lemmas column holds them (none for other
    words); a capitalised one is a name, found by its nouns' forms.
    """
    if not CYRILLIC.search(word):
        return []
    return name_lemmas(word) if word[:1].isupper() else bare_lemmas(word)


def prefix_match(word, last):
    """
    Whether a query word also finds the words it starts: the last one, so that a half-typed word
    finds something, unless it is a whole Ukrainian word, which finds its own forms instead
    ("Покровськ" finds "у Покровську", not the village "Покровське" nor "Покровського району").
    """
    return last and not known(word)


def terms(query):
    """The words of a query, as the search engines will see them: no operators, no punctuation."""
    return [word[:MAX_TERM_LENGTH] for word in WORD.findall(query or "")][:MAX_TERMS]


class Results:
    """A lazy, paginatable result set: count() and slices run the search for just that page."""

    def __init__(self, query, language=None):
        self.terms = terms(query)
        self.language = language  # the edition searched; None searches both
        self._count = None

    def count(self):
        """How many stories match, counted up to MAX_RANKED (see `broad`)."""
        if self._count is None:
            found = _backend(self.language).count(self.terms, MAX_RANKED + 1) if self.terms else 0
            self.broad = found > MAX_RANKED
            self._count = min(found, MAX_RANKED)
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not self.terms:
            return []
        self.count()
        hits = _backend(self.language).page(
            self.terms, page.start or 0, (page.stop or 0) - (page.start or 0), newest_first=self.broad
        )
        return _with_stories(hits, self.terms)


class _SQLite:
    def __init__(self, language):
        self.language = language

    @staticmethod
    def match(words):
        # Every word quoted (so nothing the reader types is FTS syntax), all required, the last one
        # also as a prefix so a half-typed word still finds something; a Ukrainian word also in
        # any of its dictionary forms, in the lemmas column ("Сіверськ" finds "у Сіверську").
        clauses = []
        for position, word in enumerate(words):
            quoted = (
                '"' + word.replace('"', '""') + '"' + ("*" if prefix_match(word, position == len(words) - 1) else "")
            )
            forms = [f'lemmas : "{form}"' for form in query_forms(word)]
            clauses.append("(" + " OR ".join([quoted, *forms]) + ")" if forms else quoted)
        return " AND ".join(clauses)

    def where(self, words):
        # Raw SQL, because the FTS5 MATCH has no ORM form: the two conditions on `e` restate
        # models.public_q() (the rule of published()) on the search rows' copies.
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        # CROSS JOIN fixes the order for SQLite's planner: the full-text match first, then the rows
        # it found; left free, it may walk the (status, published_at) index and test every story.
        edition, params = (" AND e.language = %s", [self.language]) if self.language else ("", [])
        return (
            "FROM articles_search_fts CROSS JOIN articles_searchentry e ON e.article_id = articles_search_fts.rowid "
            "WHERE articles_search_fts MATCH %s AND e.status = 'published' AND e.published_at <= %s" + edition,
            [self.match(words), now, *params],
        )

    def count(self, words, cap):
        sql, params = self.where(words)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 {sql} LIMIT %s)", [*params, cap])
            return cursor.fetchone()[0]

    def page(self, words, offset, limit, newest_first=False):
        sql, params = self.where(words)
        # Headline counts most, then standfirst and the tag/byline/place names, then the body.
        # Newest first walks the index from its end (rowid = story id, so in filing order) and stops
        # after a page; sorting 100,000 matches by publication time would cost what ranking does.
        order = (
            "articles_search_fts.rowid DESC"
            if newest_first
            else "bm25(articles_search_fts, 10.0, 4.0, 1.0, 4.0, 1.0), e.published_at DESC"
        )
        select = (
            "SELECT e.article_id, snippet(articles_search_fts, 2, char(2), char(3), '…', 28) "
            + sql
            + f" ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(select, [*params, limit, offset])
            return cursor.fetchall()


class _PostgreSQL:
    def __init__(self, language):
        self.language = language

    @staticmethod
    def query(words):
        query = None
        for position, word in enumerate(words):
            prefix = prefix_match(word, position == len(words) - 1)
            term = SearchQuery(
                word + ":*" if prefix else word, search_type="raw" if prefix else "plain", config="simple"
            )
            for form in query_forms(word):
                term |= SearchQuery(form, search_type="plain", config="simple")
            query = term if query is None else query & term
        return query

    def matches(self, words):
        return SearchEntry.objects.filter(public_q(language=self.language), vector=self.query(words))

    def count(self, words, cap):
        return self.matches(words)[:cap].count()

    def page(self, words, offset, limit, newest_first=False):
        query = self.query(words)
        order = ("-published_at", "-article_id") if newest_first else ("-rank", "-published_at", "-article_id")
        rows = (
            self.matches(words)
            .annotate(
                rank=SearchRank(F("vector"), query),
                excerpt=SearchHeadline(
                    "body", query, config="simple", start_sel=MARK_START, stop_sel=MARK_END, max_words=40, min_words=20
                ),
            )
            .order_by(*order)
            .values_list("article_id", "excerpt")[offset : offset + limit]
        )
        return list(rows)


def _backend(language):
    return (_PostgreSQL if connection.vendor == "postgresql" else _SQLite)(language)


def _with_stories(hits, words):
    # What a result shows: no bylines (see templates/jinja2/includes/search_result.jinja).
    stories = Article.objects.published().for_listing().prefetch_related(None).in_bulk([pk for pk, _excerpt in hits])
    marked = Highlighter(words)
    results = []
    for article_id, excerpt in hits:
        story = stories.get(article_id)
        if story is not None:
            story.search_headline = marked(story.headline)
            story.search_standfirst = marked(story.standfirst)
            story.search_excerpt = marked(excerpt)
            results.append(story)
    return results


class Highlighter:
    """
    A query's words worked out once, for all the texts of a page of results. Called with a text:
    the text, escaped, with every word the query found wrapped in <mark>: the query's words as
    written, the words the last one starts (see prefix_match), and every form of a Ukrainian word
    ("Харківщина" marks "на Харківщині", "евакуація" marks "евакуацією").
    """

    def __init__(self, words):
        self.words = words
        self.exact = {word.casefold() for word in words}
        self.prefixes = tuple(
            word.casefold() for position, word in enumerate(words) if prefix_match(word, position == len(words) - 1)
        )
        self.forms = {form for word in words for form in query_forms(word)}

    def __call__(self, text):
        text = unmarked(text)
        if not self.words:
            return escape(text)
        return _marked(WORD.sub(self.found, text))

    def found(self, match):
        word = match.group(0)
        folded = word.casefold()
        forms = self.forms
        hit = (
            folded in self.exact
            or folded.startswith(self.prefixes)
            or bool(forms and forms.intersection(bare_lemmas(word)))
        )
        return MARK_START + word + MARK_END if hit else word


def _marked(text):
    # Escaping first, so nothing in the text becomes markup; the only markup is the <mark> pairs
    # standing for the marker characters, which unmarked() keeps out of every stored text.
    return mark_safe(escape(text or "").replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308
