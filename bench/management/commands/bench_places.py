import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Tag
from bench.management.commands.eval_places import DATA, HALVES, read_passages
from bench.report import write_section
from locations.detection import detect
from locations.models import Location

WORDS_IN_ARTICLE = 1500


class Command(BaseCommand):
    help = (
        "Time place pages against a small tag page, in-process, on the current database (fill it "
        "with bench_data first), and place detection on a 1,500-word story."
    )

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, requests, no_write, **options):
        articles = Article.objects.count()
        small_tag = Tag.objects.filter(tagged_articles__content_object__status="published").order_by("-pk").first()
        town = (
            Location.objects.filter(kind=Location.Kind.SETTLEMENT, articles__isnull=False, population__lt=20000)
            .order_by("-population")
            .first()
        )
        popular_tag = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").first()
        story = Article.objects.published().filter(tags=popular_tag).order_by("-published_at").first()
        pages = [
            ("Place: Ukraine (every story)", "/places/ukraine/"),
            ("Place: Donetsk Oblast", "/places/donetsk-oblast/"),
            ("Place: Donbas (area)", "/places/donbas/"),
            (f"Place: {town.name} (town)", town.get_absolute_url()),
            (f"Tag: {small_tag.name} (small)", small_tag.get_absolute_url()),
            (f"Tag: {popular_tag.name} (most used)", popular_tag.get_absolute_url()),
            ("Article (related stories by tags and places)", story.get_absolute_url()),
            ("Search: a common word (“attacks”)", "/search/?q=attacks"),
            (f"Search: a town (“{town.name}”)", f"/search/?q={town.name}"),
            ("Search: an alias (“Slovyansk”)", "/search/?q=Slovyansk"),
        ]
        client = Client()
        rows = []
        # Whole pages are served from cache to anonymous readers; here every request renders.
        with override_settings(PAGE_CACHE_SECONDS=0):
            for label, url in pages:
                rows.append(self.time_page(client, label, url, requests))
        detection = self.time_detection()
        ukrainian = self.time_detection("Ukrainian development")
        report = self.report(rows, detection, ukrainian, articles, requests)
        self.stdout.write(report)
        if not no_write:
            write_section(report, section=report.splitlines()[0])

    @staticmethod
    def time_page(client, label, url, requests):
        cache.clear()
        start = time.perf_counter()
        client.get(url)  # The first request computes what later ones find cached.
        cold = (time.perf_counter() - start) * 1000
        for _ in range(3):  # Warm up caches and connections.
            client.get(url)
        timings = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        count = len(queries)  # read before reset_queries(), which empties what the context points into
        reset_queries()
        return label, cold, statistics.median(timings), _p90(timings), count

    def time_detection(self, half="development"):
        """Median ms to find the places in a 1,500-word story (a half's passages, end to end, repeated)."""
        filename, language = HALVES[half]
        words = []
        while len(words) < WORDS_IN_ARTICLE:
            for passage in read_passages(DATA / filename):
                words += passage.text.split()
        text = " ".join(words[:WORDS_IN_ARTICLE])
        start = time.perf_counter()
        detect(text, language)  # Builds the in-memory index once per process.
        build = time.perf_counter() - start
        timings = []
        for _ in range(20):
            start = time.perf_counter()
            found = detect(text, language)
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings), len(found), build, Location.objects.count()

    @staticmethod
    def report(rows, detection, ukrainian, articles, requests):
        lines = [
            f"## Places and tags at scale ({articles:,} articles, {Tag.objects.count():,} tags, {connection.vendor})",
            "",
            f"`make bench` — in-process Django test client, DEBUG off, {connection.vendor}, whole-page cache off "
            "(kept parts still in use: story parts, cards, menus, counts, related stories), "
            f"{requests} requests per page after warm-up; median and 90th percentile.",
            "",
            "| page | first request ms (empty cache) | median ms | p90 ms | queries |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {label} | {cold:.0f} | {median:.1f} | {p90:.1f} | {queries} |"
            for label, cold, median, p90, queries in rows
        ]
        ms, found, build, places = detection
        lines += [
            "",
            f"Place detection on a {WORDS_IN_ARTICLE:,}-word story (the development passages of `make eval-places`, "
            f"end to end) against the full gazetteer ({places:,} places): {ms:.1f} ms median ({found} places "
            f"found); the in-memory index, built once per process, took {build:.1f} s. In Ukrainian (the Ukrainian "
            f"development passages, repeated to {WORDS_IN_ARTICLE:,} words, every word read in its dictionary forms): "
            f"{ukrainian[0]:.1f} ms median ({ukrainian[1]} places found).",
            "",
        ]
        return "\n".join(lines)


def _p90(values):
    ordered = sorted(values)
    return ordered[int(len(ordered) * 0.9) - 1]
