"""
How fast a page drawn from nothing could be (make bench-floor): the least its reads cost through the
ORM, against the time issue 29's floors leave it.

A floor is a share of `/health/`'s rate over HTTP: gunicorn with production settings, nothing kept
(`CACHE_URL=dummy://`, no page cache), measured side by side with the page. With the workers busy,
a worker spends `workers / rate` seconds on each request, so a page at a share `s` of `/health/` may
spend `(1/s - 1)` times `/health/`'s own time on everything `/health/` does not do. Its reads are
part of that: here they are timed alone, in-process, in their plainest ORM form — the same rows the
page shows, with no subquery, annotation or template. When the reads alone cost more than the floor
leaves, no template engine, however fast, brings the page to the floor without keeping something.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticlePhoto, Author, Correction, Section, Tag
from articles.views.stories import LATEST_ON_HOME, STORIES_PER_SECTION_BLOCK
from bench.http_report import COLD_TARGETS
from bench.management.commands.bench_http import NO_CACHE, load, serve
from bench.management.commands.bench_http import Command as HttpBench
from bench.report import write_section
from locations.models import Location

#: The nothing-kept floors issue 29 sets for the pages measured here, as shares of /health/.
FLOORS = {label: COLD_TARGETS[label][0] for label in ("Article", "Home")}
#: As many related stories and sidebar stories as the story page shows (related_ids, latest_stories).
RELATED, SIDEBAR = 4, 5


class Command(BaseCommand):
    help = "Time the story and home pages' reads alone (in-process) against what issue 29's floors leave them."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=300, help="Timed runs of each page's reads.")
        parser.add_argument("--duration", type=int, default=3, help="Seconds per HTTP measurement.")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, repeat, duration, rounds, workers, no_write, **options):
        if settings.CACHE_SCHEME != "dummy" or settings.PAGE_CACHE_SECONDS:
            raise CommandError("Run with CACHE_URL=dummy:// and NEWSROOM_PAGE_CACHE_SECONDS=0: nothing may be kept.")
        pages = {label: path for label, path in HttpBench().edition_pages("en") if label in FLOORS}
        slug = pages["Article"].rstrip("/").rsplit("/", 1)[-1]
        reads = {"Article": lambda: story_reads(slug, "en"), "Home": lambda: home_reads("en")}
        client = Client()
        rows = {}
        for label, path in pages.items():
            with CaptureQueriesContext(connection) as queries:
                reads[label]()
            rows[label] = {
                "path": path,
                "queries": len(queries),
                "reads_ms": timed(reads[label], repeat),
                "page_ms": timed(lambda path=path: client.get(path), max(repeat // 10, 10)),
            }
        rates = self.over_http(pages, duration, rounds, workers)
        health_ms = workers * 1000 / rates["/health/"]
        report = self.render(rows, rates, health_ms, workers)
        self.stdout.write(report)
        if not no_write:
            write_section(report, f"## Cold pages: the least their reads cost, {Article.objects.count():,} stories")

    def over_http(self, pages, duration, rounds, workers):
        """Requests per second of /health/ and each page, interleaved, with nothing kept."""
        paths = ["/health/", *pages.values()]
        samples = {path: [] for path in paths}
        with serve(0, workers, NO_CACHE) as (base, _master):
            for _ in range(rounds):
                for path in paths:
                    samples[path].append(load(base + path, duration, 8)["rps"])
        return {path: statistics.median(rps) for path, rps in samples.items()}

    def render(self, rows, rates, health_ms, workers):
        lines = [
            f"## Cold pages: the least their reads cost, {Article.objects.count():,} stories",
            "",
            f"`make bench-floor`: over HTTP (gunicorn, {workers} workers, production settings, nothing kept), "
            f"`/health/` answered {rates['/health/']:,.0f} req/s: {health_ms:.2f} ms of a worker per request. "
            "A page at a share *s* of that may spend (1/*s* − 1) × that on everything `/health/` does not do. "
            "Its reads alone, in their plainest ORM form (the rows the page shows, no subquery or template), "
            "timed in-process:",
            "",
            "| page | over HTTP | share of `/health/` | floor | the floor leaves | reads alone | queries "
            "| whole page in-process | most the reads allow |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for label, row in rows.items():
            floor = FLOORS[label]
            rate = rates[row["path"]]
            left = health_ms * (1 / floor - 1)
            most = health_ms / (health_ms + row["reads_ms"])
            lines.append(
                f"| {label} (`{row['path']}`) | {rate:,.0f} req/s | {rate / rates['/health/']:.1%} | {floor:.0%} "
                f"| {left:.1f} ms | {row['reads_ms']:.1f} ms | {row['queries']} | {row['page_ms']:.1f} ms "
                f"| {most:.1%} |"
            )
        return "\n".join(lines) + "\n"


def timed(function, repeat):
    """Milliseconds per call: the median of three batches, after a warm-up."""
    for _ in range(5):
        function()
    batches = []
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(repeat // 3 or 1):
            function()
        batches.append((time.perf_counter() - started) / (repeat // 3 or 1) * 1000)
    return statistics.median(batches)


#: A card's columns, its section's and its hero photo's: what a story card draws, as plain values.
CARD = (
    *("pk", "headline", "slug", "standfirst", "language", "published_at", "revised_at", "live_sequence"),
    *("section__name", "section__name_uk", "section__slug"),
    *("hero_image__file", "hero_image__width", "hero_image__height", "hero_image__alt_text", "hero_image__credit"),
    *("hero_image__focal_x", "hero_image__focal_y"),
)
STORY = (*CARD, "body_html", "hero_caption", "translation_of_id", "updated_at")


def story_reads(slug, language):
    """What a story page shows, read as plainly as the ORM allows: plain values, no model instances."""
    public = Article.objects.published(language)
    story = public.filter(slug=slug).values(*STORY).get()
    pk, group = story["pk"], story["translation_of_id"] or story["pk"]
    versions = Article.objects.published().filter(Q(pk=group) | Q(translation_of=group))
    versions.exclude(language=language).values_list("slug", "language").first()
    bylines = Author.objects.filter(articles=pk)
    authors = list(bylines.values_list("name", "name_uk", "slug", "role", "bio", "photo__file"))
    tags = list(Tag.objects.filter(tagged_articles__content_object=pk).values_list("pk", "name", "slug"))
    places = list(Location.objects.filter(articles=pk).values_list("pk", "name", "name_uk", "slug", "kind"))
    list(Correction.objects.filter(article=pk).values_list("kind", "text", "published_at"))
    list(ArticlePhoto.objects.filter(article=pk).values_list("after_paragraph", "caption", "image__file"))
    list(Section.objects.values_list("name", "name_uk", "slug"))
    others = public.exclude(pk=pk).order_by("-published_at").values_list("pk", flat=True)
    tagged, placed = others.filter(tags__in=[t[0] for t in tags]), others.filter(locations__in=[p[0] for p in places])
    related = cards(public.filter(pk__in={*tagged[:RELATED], *placed[:RELATED]}))
    latest = list(public.order_by("-published_at").values_list("pk", "headline", "slug", "published_at")[:SIDEBAR])
    return {"story": story, "authors": authors, "tags": tags, "places": places, "related": related, "latest": latest}


def home_reads(language):
    """What the home page shows, read as plainly as the ORM allows (a query for each section's newest)."""
    public = Article.objects.published(language)
    ids = public.order_by("-published_at").values_list("pk", flat=True)
    lead = ids.filter(is_featured=True).first() or ids.first()
    latest = list(ids.exclude(pk=lead)[:LATEST_ON_HOME])
    sections = list(Section.objects.values_list("pk", "name", "name_uk", "slug"))
    others = ids.exclude(pk=lead)
    blocks = [pk for section in sections for pk in others.filter(section=section[0])[:STORIES_PER_SECTION_BLOCK]]
    return cards(public.filter(pk__in=[lead, *latest, *blocks]))


def cards(stories):
    """Story cards' columns and their bylines (two queries), as {story id: (columns, bylines)}."""
    rows = {row[0]: (row, []) for row in stories.values_list(*CARD)}
    bylines = Article.authors.through.objects.filter(article__in=list(rows))
    for story, *byline in bylines.values_list("article_id", "author__name", "author__name_uk", "author__slug"):
        rows[story][1].append(byline)
    return rows
