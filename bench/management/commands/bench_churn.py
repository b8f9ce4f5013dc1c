"""
`make bench-churn`: is the site fast while the newsroom works?

Readers ask for 1,000+ public addresses of the 100,000-story database, Zipf-wise (a few pages very
often, most rarely), with wrk from a second process, through gunicorn alone and through Varnish in
front of it. Each round is measured twice, in turn: quiet, and with editors at work (a draft saved
every second, a published story edited every 10 s, a new story published every 60 s of editing),
so the machine's drift weighs on both alike. Results go to docs/benchmarks.md.
"""

import random
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from articles.models import Article, Author, Section, Tag
from bench.management.commands.bench_http import fetch, free_port, load, queue_worker, serve
from bench.report import write_section
from locations.models import Location
from newsroom.management.commands.varnish_vcl import varnish_vcl

SECTION = "## Churn: readers while editors work"
ZIPF_EXPONENT = 1.0


class Command(BaseCommand):
    help = "Zipf reader traffic over 1,000+ public URLs, quiet and with editors at work, through gunicorn and Varnish."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=4, help="Rounds per target; each is quiet then busy.")
        parser.add_argument("--duration", type=int, default=30, help="Seconds of load per measurement.")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument("--urls", type=int, default=1200, help="How many public addresses readers ask for.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-write", action="store_true")

    def handle(self, *args, **options):
        if shutil.which("wrk") is None or shutil.which("varnishd") is None:
            raise CommandError("bench-churn needs wrk and Varnish: `make bench-churn` installs them.")
        self.options = options
        close_old_connections()
        with connection.cursor() as cursor:  # readers go on reading while an editor writes
            cursor.execute("PRAGMA journal_mode=WAL") if connection.vendor == "sqlite" else None
        self.stories = Article.objects.published().count()
        paths = self.public_paths(options["urls"])
        script = self.zipf_script(paths)
        self.stdout.write(
            f"{Article.objects.count():,} stories; {len(paths):,} public addresses, Zipf s={ZIPF_EXPONENT}"
        )
        with ExitStack() as stack:
            site, edge, varnish_folder = stack.enter_context(site_behind_varnish(options["workers"]))
            editors = Editors()
            stack.callback(editors.stop)
            self.stdout.write("Warming the caches with every address once, through Varnish and straight…")
            started = time.perf_counter()
            for path in paths:
                fetch(edge + path, {"Accept-Encoding": "gzip"})
                fetch(site + path, {"Accept-Encoding": "gzip"})
            self.stdout.write(f"  {time.perf_counter() - started:.0f} s")
            results = {"gunicorn": {"quiet": [], "busy": []}, "varnish": {"quiet": [], "busy": []}}
            for n in range(options["rounds"]):
                for target, base in (("gunicorn", site), ("varnish", edge)):
                    order = ("quiet", "busy") if n % 2 == 0 else ("busy", "quiet")
                    for condition in order:
                        if condition == "busy":
                            editors.start()
                        before = varnish_counters(varnish_folder) if target == "varnish" else None
                        run = wrk(base, script, options["duration"], options["connections"])
                        if condition == "busy":
                            editors.pause()
                            if editors.error is not None:
                                raise CommandError(
                                    f"The editors stopped working, so nothing was measured: {editors.error}"
                                )
                        if before is not None:
                            after = varnish_counters(varnish_folder)
                            hits = after["cache_hit"] - before["cache_hit"]
                            misses = after["cache_miss"] - before["cache_miss"]
                            run["hit_ratio"] = hits / max(hits + misses, 1)
                        results[target][condition].append(run)
                        self.stdout.write(
                            f"  round {n + 1} {target:8} {condition:5} {run['rps']:8.0f} req/s"
                            f"  p99 {run['p99_ms']:6.1f} ms"
                            + (f"  hits {run['hit_ratio']:.2%}" if "hit_ratio" in run else "")
                            + (f"  ERRORS {run['error_detail']}" if run["errors"] else "")
                        )
            report = self.report(results, len(paths), editors)
        self.stdout.write(report)
        if not options["no_write"]:
            write_section(report, SECTION)

    def public_paths(self, count):
        """Home, stories, tags, places, bylines, sections, feeds and sitemaps: at least `count` addresses."""
        rng = random.Random(20251223)
        stories = list(Article.objects.published().order_by("-published_at").values_list("slug", flat=True)[:5000])
        tags = Tag.objects.annotate(n=Count("tagged_articles")).order_by("-n").values_list("slug", flat=True)[:250]
        places = (
            Location.objects.annotate(n=Count("story_index"))
            .filter(n__gt=0)
            .order_by("-n")
            .values_list("slug", flat=True)
        )[:150]
        paths = ["/", "/places/"]
        paths += [f"/sections/{slug}/" for slug in Section.objects.values_list("slug", flat=True)]
        paths += [f"/authors/{slug}/" for slug in Author.objects.values_list("slug", flat=True)[:60]]
        paths += [f"/tags/{slug}/" for slug in tags]
        paths += [f"/places/{slug}/" for slug in places]
        # Feeds and sitemaps are read by programs, now and then: the rarest addresses.
        machines = ["/feeds/latest/", "/feeds/latest/atom/", *(f"/tags/{slug}/feed/" for slug in list(tags)[:20])]
        machines += ["/sitemap-news.xml", "/sitemap.xml"]
        wanted = max(count - len(paths) - len(machines), 0)
        # The newest stories are the most read: the first half of the story addresses comes from
        # the newest 600, the rest from the whole recent archive.
        paths += [f"/news/{slug}/" for slug in stories[: wanted // 2]]
        paths += [f"/news/{slug}/" for slug in rng.sample(stories[wanted // 2 :], wanted - wanted // 2)]
        head, middle = paths[:1], paths[1:]
        rng.shuffle(middle)  # Zipf ranks: the home page first, a fixed random order of the pages, then the rest
        return head + middle + machines

    @staticmethod
    def zipf_script(paths):
        weights = [1 / (rank**ZIPF_EXPONENT) for rank in range(1, len(paths) + 1)]
        total, running, cumulative = sum(weights), 0.0, []
        for weight in weights:
            running += weight / total
            cumulative.append(running)
        quoted = ",\n".join(f'  {{{share:.8f}, "{path}"}}' for share, path in zip(cumulative, paths, strict=True))
        script = Path(tempfile.mkdtemp(prefix="newsroom-churn-")) / "zipf.lua"
        script.write_text(
            f"local pages = {{\n{quoted}\n}}\n"
            "math.randomseed(os.time())\n"
            "request = function()\n"
            "  local r, lo, hi = math.random(), 1, #pages\n"
            "  while lo < hi do\n"
            "    local mid = math.floor((lo + hi) / 2)\n"
            "    if pages[mid][1] < r then lo = mid + 1 else hi = mid end\n"
            "  end\n"
            "  return wrk.format(nil, pages[lo][2])\n"
            "end\n"
        )
        return script

    def report(self, results, url_count, editors):
        o = self.options
        lines = [
            SECTION,
            "",
            f"`make bench-churn`: {self.stories:,} public stories, {url_count:,} public addresses asked for "
            f"Zipf-wise (s = {ZIPF_EXPONENT}) by wrk -t1 -c{o['connections']}, {o['rounds']} rounds of "
            f"{o['duration']} s per target and condition, quiet and busy in turn; gunicorn with {o['workers']} "
            f"workers, production settings, the embedded cache; Varnish 7.1 in front for the second target. "
            f"Busy: a draft saved every second, a published story edited every 10 s, a story published every "
            f"60 s of editing ({editors.drafts} draft saves, {editors.edits} edits, {editors.publications} "
            f"publications in all). Median of the rounds; the machine: 2 cores, shared with wrk.",
            "",
            "| target | quiet req/s | busy req/s | busy ÷ quiet | quiet p99 | busy p99 | p99 busy ÷ quiet "
            "| hit ratio, busy | wrk errors |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for target, runs in results.items():
            quiet_rps = statistics.median(run["rps"] for run in runs["quiet"])
            busy_rps = statistics.median(run["rps"] for run in runs["busy"])
            quiet_p99 = statistics.median(run["p99_ms"] for run in runs["quiet"])
            busy_p99 = statistics.median(run["p99_ms"] for run in runs["busy"])
            ratio = (
                f"{statistics.median(run['hit_ratio'] for run in runs['busy']):.1%}"
                if "hit_ratio" in runs["busy"][0]
                else "—"
            )
            errors = sum(run["errors"] for condition in runs.values() for run in condition)
            lines.append(
                f"| {target} | {quiet_rps:,.0f} | {busy_rps:,.0f} | {busy_rps / quiet_rps:.2f} | {quiet_p99:.1f} ms "
                f"| {busy_p99:.1f} ms | {busy_p99 / quiet_p99:.2f} | {ratio} | {errors} |"
            )
        lines += ["", "Each round (req/s, p99):", ""]
        for target, runs in results.items():
            for condition, condition_runs in runs.items():
                rounds = ", ".join(f"{run['rps']:,.0f} / {run['p99_ms']:.1f} ms" for run in condition_runs)
                lines.append(f"- {target}, {condition}: {rounds}")
        return "\n".join(lines) + "\n"


class Editors:
    """The newsroom at work, in a thread of this process: the same database, cache and purges as the site."""

    def __init__(self):
        self.active = threading.Event()
        self.stopped = threading.Event()
        self.drafts = self.edits = self.publications = 0
        self.busy_seconds = 0
        self.error = None
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.thread.start()

    def start(self):
        self.active.set()

    def pause(self):
        self.active.clear()

    def stop(self):
        self.stopped.set()
        self.active.set()
        self.thread.join(timeout=10)

    def work(self):
        try:
            self.run()
        except Exception as error:  # the figures would be a quiet newsroom's: say so and stop
            self.error = error
            self.stopped.set()
            raise

    def run(self):
        drafts = [
            Article.objects.create(headline=f"Draft being written {n}", status=Article.Status.DRAFT) for n in range(5)
        ]
        hot = list(Article.objects.published().order_by("-published_at")[:50])
        tags, places = list(Tag.objects.order_by("pk")[:30]), list(Location.objects.filter(kind="settlement")[:30])
        second = 0
        while not self.stopped.is_set():
            self.active.wait()
            if self.stopped.is_set():
                break
            tick = time.monotonic()
            second += 1
            draft = drafts[second % len(drafts)]
            draft.standfirst = f"Still being written, version {second}."
            draft.save()
            self.drafts += 1
            if second % 10 == 0:
                story = hot[(second // 10) % len(hot)]
                story.standfirst = f"Updated at {timezone.localtime():%H:%M:%S}: the picture is clearer now."
                story.save()
                self.edits += 1
            if second % 60 == 30:
                story = Article.objects.create(
                    headline=f"Breaking: story number {self.publications + 1} of the busy hour",
                    standfirst="Filed, checked and published while readers read.",
                    body="<p>What happened, where, and what it means.</p>",
                    status=Article.Status.DRAFT,
                    section=Section.objects.first(),
                )
                story.tags.set(random.sample(tags, 3))
                story.locations.set(random.sample(places, 2))
                story.publish()
                self.publications += 1
            time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
        close_old_connections()


@contextmanager
def site_behind_varnish(workers):
    """
    gunicorn (production settings, the page cache on) with Varnish in front, purged by the site and
    by this process: yields (the site's address, Varnish's address, Varnish's working folder).
    """
    with ExitStack() as stack:
        varnish_port = free_port()
        edge_env = {"NEWSROOM_VARNISH_URLS": f"http://127.0.0.1:{varnish_port}/", "NEWSROOM_PROXY_COUNT": "1"}
        site, _master = stack.enter_context(serve(settings.PAGE_CACHE_SECONDS or 600, workers, edge_env))
        edge, folder = stack.enter_context(varnish(site, varnish_port))
        stack.enter_context(queue_worker(edge_env))
        stack.enter_context(override_settings(VARNISH_URLS=[edge + "/"], EDGE_CACHE_SECONDS=3600))
        yield site, edge, folder


@contextmanager
def varnish(backend, port):
    """varnishd on `port` in front of `backend`, with the project's VCL."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-churn-varnish-"))
    folder.chmod(0o755)  # varnishd reads the VCL as its own, unprivileged user
    (folder / "default.vcl").write_text(varnish_vcl(backend.removeprefix("http://")))
    command = ["varnishd", "-a", f"127.0.0.1:{port}", "-f", str(folder / "default.vcl"), "-n", str(folder / "n")]
    command += ["-s", "malloc,512m", "-P", str(folder / "pid")]
    subprocess.run(command, check=True, capture_output=True)
    try:
        time.sleep(1)
        yield f"http://127.0.0.1:{port}", folder
    finally:
        subprocess.run(["kill", (folder / "pid").read_text().strip()], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def varnish_counters(varnish_folder):
    """Varnish's hit and miss counters, read with varnishstat."""
    out = subprocess.run(
        ["varnishstat", "-1", "-n", str(varnish_folder / "n"), "-f", "MAIN.cache_hit", "-f", "MAIN.cache_miss"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {name: int(value) for name, value in re.findall(r"MAIN\.(\w+)\s+(\d+)", out)}


def wrk(base, script, duration, connections):
    """One measurement: readers as the Zipf script draws them, asking for gzip as browsers do."""
    run = load(base + "/", duration, connections, ["-H", "Accept-Encoding: gzip", "-s", str(script)])
    run["errors"] += sum(int(n) for n in re.findall(r"\d+", run["socket_errors"]))
    return run
