"""
Where a page drawn from nothing spends its time (make bench-profile): each reader page of
`make bench-http`, and the Ukrainian home page, rendered in-process with nothing kept
(CACHE_URL=dummy://, no page cache), timed, then profiled with cProfile. The report gives, per page,
the time and queries of a render, how much of it went to the template engine, to the ORM's SQL and
to reverse(), and the project's costliest functions — the "before" and "after" of the cold-page work.
"""

import cProfile
import pstats
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from bench.management.commands.bench_http import Command as HttpBench
from bench.report import write_section

#: Where a render's time goes: the time spent in these parts' own code (not in what they call),
#: as shares of the whole; what none of them holds is the rest of Django and Python's own.
AREAS = {
    "template engine": ("django/template/",),
    "ORM": ("django/db/models/",),
    "database": ("django/db/backends/", "sqlite3", "psycopg"),
    "URLs": ("django/urls/",),
    "the project": ("PROJECT",),
}
#: Wrappers every request passes through: not costs of their own.
WRAPPERS = ("middleware.py", "pagecache.py", "/views/generic/", "decorators")


class Command(BaseCommand):
    help = "Profile each reader page drawn from nothing (run with CACHE_URL=dummy://); write the top costs."

    def add_arguments(self, parser):
        parser.add_argument("--renders", type=int, default=40, help="Renders per page, timed and profiled.")
        parser.add_argument("--top", type=int, default=4, help="The project's costliest functions per page.")
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, renders, top, no_write, **options):
        if settings.CACHE_SCHEME != "dummy" or settings.PAGE_CACHE_SECONDS:
            raise CommandError(
                "Run with CACHE_URL=dummy:// and NEWSROOM_PAGE_CACHE_SECONDS=0: every render must start from nothing."
            )
        client = Client()
        pages = HttpBench().pages()
        rows = [self.profile(client, name, url, renders, top) for name, url in pages]
        title = f"## Cold pages: where the time goes, {Article.objects.count():,} stories"
        report = self.render(title, rows, renders)
        self.stdout.write(report)
        if not no_write:
            write_section(report, title)

    def profile(self, client, name, url, renders, top):
        response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answers {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        query_count = len(queries)  # now: the next request empties the log it reads
        batches = []
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(renders // 3 or 1):
                client.get(url)
            batches.append((time.perf_counter() - started) / (renders // 3 or 1))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(renders):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler).stats
        total = sum(tottime for _calls, _primitive, tottime, _cumulative, _callers in stats.values())
        self.stdout.write(f"{name}: {statistics.median(batches) * 1000:.1f} ms")
        return {
            "name": name,
            "url": url,
            "ms": statistics.median(batches) * 1000,
            "queries": query_count,
            "areas": {area: area_time(stats, parts) / total for area, parts in AREAS.items()},
            "top": project_costs(stats, total, top),
        }

    def render(self, title, rows, renders):
        lines = [
            title,
            "",
            f"`make bench-profile`: each page drawn in-process with nothing kept (`CACHE_URL=dummy://`, no "
            "page cache), "
            f"production settings; ms per render is the median of three batches, then {renders} renders "
            "under cProfile give each area's share of the time (its own code, not what it calls) and the "
            "project's costliest functions (time inside them and below).",
            "",
            "| page | ms per render | queries | " + " | ".join(AREAS) + " | costliest of the project |",
            "| --- | ---: | ---: | " + " | ".join("---:" for _ in AREAS) + " | --- |",
        ]
        for row in rows:
            areas = " | ".join(f"{share:.0%}" for share in row["areas"].values())
            top = "; ".join(f"`{where}` {share:.0%}" for where, share in row["top"])
            lines.append(f"| {row['name']} (`{row['url']}`) | {row['ms']:.1f} | {row['queries']} | {areas} | {top} |")
        return "\n".join(lines) + "\n"


def area_time(stats, parts):
    """Time spent in the own code of the functions whose file (or, for built-ins, name) holds one of `parts`."""
    project = str(settings.BASE_DIR) + "/"

    def inside(filename, name):
        if "PROJECT" in parts:
            return filename.startswith(project) and ".venv" not in filename
        return any(part in filename or (filename == "~" and part in name) for part in parts)

    return sum(
        tottime for (filename, _line, name), (_c, _p, tottime, *_rest) in stats.items() if inside(filename, name)
    )


def project_costs(stats, total, top):
    """The project's `top` functions by time inside them and below, as (place, share)."""
    base = str(settings.BASE_DIR) + "/"
    own = [
        (f"{filename.rsplit('/', 1)[-1]}:{name}", cumulative / total)
        for (filename, _line, name), (_calls, _primitive, _tottime, cumulative, _callers) in stats.items()
        if filename.startswith(base) and ".venv" not in filename and not any(w in filename for w in WRAPPERS)
    ]
    own.sort(key=lambda item: -item[1])
    return own[:top]
