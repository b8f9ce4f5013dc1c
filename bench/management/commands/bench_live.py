"""
`make bench-live`: a live page on a busy day.

10,000 simulated readers keep one live page open (bench/live_readers.py, a process of its own):
each asks for new posts every 20 s, about 500 requests a second, while an editor publishes a post
every 30 s. Measured through Varnish in front of gunicorn and through gunicorn alone: errors,
latency, the bytes of a "nothing new" answer, how long a new post takes to reach the readers,
and the latency of other reader pages (asked 50 times a second) with and without the live readers. Results go to
docs/benchmarks.md.
"""

import http.client
import json
import statistics
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author, LivePost
from bench.management.commands.bench_churn import site_behind_varnish
from bench.management.commands.bench_http import fetch
from bench.report import write_section
from locations.models import Location

SECTION = "## Live coverage: readers polling while an editor posts"
SLUG = "bench-live-coverage"
POSTS_BEFORE = 200
#: Other reader pages are asked this often during the run, to see whether they keep their speed.
PROBE_RATE = 50
PROBE_SECONDS = 10


class Command(BaseCommand):
    help = "10,000 readers polling a live page every 20 s while an editor posts every 30 s."

    def add_arguments(self, parser):
        parser.add_argument("--readers", type=int, default=10_000)
        parser.add_argument("--interval", type=float, default=20.0, help="Seconds between a reader's polls.")
        parser.add_argument("--duration", type=float, default=150.0, help="Seconds of polling per target.")
        parser.add_argument("--post-every", type=float, default=30.0, help="Seconds between the editor's posts.")
        parser.add_argument("--connections", type=int, default=32, help="Keep-alive connections of the readers.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--no-write", action="store_true")
        parser.add_argument(
            "--story-only", action="store_true", help="Only make the live story with its 200 posts (for `make audit`)."
        )

    def handle(self, *args, **options):
        self.options = options
        if options["story_only"]:
            self.stdout.write(f"Live story with posts at {self.live_story().get_absolute_url()}")
            return
        close_old_connections()
        with connection.cursor() as cursor:  # readers go on reading while the editor writes
            cursor.execute("PRAGMA journal_mode=WAL") if connection.vendor == "sqlite" else None
        story = self.live_story()
        poll_path = reverse("articles:live_updates", kwargs={"slug": story.slug})
        other_paths = ["/", Article.objects.published().exclude(pk=story.pk).first().get_absolute_url()]
        results = {}
        with site_behind_varnish(options["workers"]) as (site, edge, _folder):
            for target, base in (("varnish", edge), ("gunicorn", site)):
                for path in [story.get_absolute_url(), *other_paths]:
                    fetch(base + path, {"Accept-Encoding": "gzip"})
                self.stdout.write(f"{target}: other pages, quiet…")
                quiet = {path: probe(base, path) for path in other_paths}
                self.stdout.write(f"{target}: {options['readers']:,} readers polling, an editor posting…")
                run = self.readers_with_editor(story, base, poll_path, other_paths)
                run["other_quiet"], run["script_gzip_bytes"] = quiet, self.script_size(base, story)
                results[target] = run
                self.stdout.write(json.dumps(run, indent=1))
        report = self.report(results, story)
        self.stdout.write(report)
        if not self.options["no_write"]:
            write_section(report, SECTION)

    def live_story(self):
        """The live story of the benchmark, with 200 posts, made once per database copy."""
        story = Article.objects.filter(slug=SLUG).first()
        if story is None:
            story = Article.objects.create(
                slug=SLUG,
                headline="Bench: a live page on a busy day",
                standfirst="Posts every thirty seconds, readers everywhere.",
                body="<ul><li>What we know so far.</li></ul>",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
                is_live=True,
            )
            places = list(Location.objects.filter(kind="settlement").order_by("-population")[:20])
            author = Author.objects.first()
            for n in range(POSTS_BEFORE):
                post = LivePost.objects.create(
                    article=story,
                    title=f"Key moment {n}" if n % 10 == 0 else "",
                    is_key_event=n % 10 == 0,
                    body=f"<p>Update {n}: what our reporters saw and heard, in two or three sentences.</p>",
                    status=LivePost.Status.PUBLISHED,
                )
                post.locations.set([places[n % len(places)]])
                if author:
                    post.authors.set([author])
            story.refresh_from_db()
        return story

    def readers_with_editor(self, story, base, poll_path, other_paths):
        story.refresh_from_db()
        command = [sys.executable, "-m", "bench.live_readers", "--base", base, "--path", poll_path]
        command += ["--latest", str(story.live_sequence), "--readers", str(self.options["readers"])]
        command += ["--interval", str(self.options["interval"]), "--duration", str(self.options["duration"])]
        command += ["--connections", str(self.options["connections"])]
        readers = subprocess.Popen(command, cwd=settings.BASE_DIR, stdout=subprocess.PIPE, text=True)
        editor = Editor(story, self.options["post_every"])
        time.sleep(self.options["interval"] + 5)  # every reader has asked once
        busy = {path: probe(base, path) for path in other_paths}
        out, _ = readers.communicate()
        editor.stop()
        if readers.returncode != 0 or editor.error:
            raise CommandError(f"The run failed: readers exited {readers.returncode}, editor: {editor.error}")
        run = json.loads(out)
        run["posts_published"] = editor.posts
        run["other_busy"] = busy
        return run

    @staticmethod
    def script_size(base, story):
        html = fetch(base + story.get_absolute_url())[1].decode()
        start = html.index('<script src="') + len('<script src="')
        return len(fetch(base + html[start : html.index('"', start)], {"Accept-Encoding": "gzip"})[1])

    def report(self, results, story):
        o = self.options
        lines = [
            SECTION,
            "",
            f"`make bench-live` ({timezone.localdate():%Y-%m-%d}): {o['readers']:,} readers keep one live page "
            f"open and ask for new posts every {o['interval']:.0f} s (±2.5 s), {o['duration']:.0f} s per target, "
            f"over {o['connections']} keep-alive connections (bench/live_readers.py, its own process), while an "
            f"editor publishes a post every {o['post_every']:.0f} s. The story had {POSTS_BEFORE} posts before. "
            f"gunicorn with {o['workers']} workers on SQLite and the embedded cache; Varnish from "
            "deploy/varnish/default.vcl, purged by the site. Latency is per answer; delivery is from a "
            "post's publication to its arrival at each reader.",
            "",
            "| | Varnish + gunicorn | gunicorn alone |",
            "|---|---:|---:|",
        ]
        v, g = results.get("varnish", {}), results.get("gunicorn", {})

        def row(label, key, fmt="{}"):
            lines.append(f"| {label} | {fmt.format(v.get(key))} | {fmt.format(g.get(key))} |")

        row("poll requests / s", "rps", "{:.0f}")
        row("answers (status: count)", "statuses")
        row("errors", "errors")
        row("p50 ms", "p50_ms")
        row("p99 ms", "p99_ms")
        row("max ms", "max_ms")
        row('"nothing new" answers', "nothing_new")
        row('"nothing new" bytes on the wire, median (headers + body)', "nothing_new_bytes_median")
        row('"nothing new" bytes, max', "nothing_new_bytes_max")
        row("posts published during the run", "posts_published")
        row("post deliveries measured", "deliveries")
        row("delivery p50 s", "delivery_p50_s")
        row("delivery p95 s", "delivery_p95_s")
        row("delivery max s", "delivery_max_s")
        row("Varnish X-Cache", "x_cache")
        for path in v.get("other_quiet", {}):
            for target, run in (("Varnish", v), ("gunicorn", g)):
                quiet, busy = run["other_quiet"][path], run["other_busy"][path]
                lines.append(
                    f"| {path} via {target}, {PROBE_RATE} req/s: p50 / p99 ms quiet → with live readers | "
                    f"{quiet['p50_ms']:.1f} / {quiet['p99_ms']:.1f} → {busy['p50_ms']:.1f} / {busy['p99_ms']:.1f} | "
                    f"errors {quiet['errors']} → {busy['errors']} |"
                )
        lines += ["", f"The live page's script: {v.get('script_gzip_bytes')} bytes gzip-compressed.", ""]
        return "\n".join(lines) + "\n"


def probe(base, path, seconds=PROBE_SECONDS, rate=PROBE_RATE):
    """
    Another reader page asked at a reader's pace (`rate` a second, one keep-alive connection), so
    its latency is measured without the probe itself loading the machine as wrk would.
    """
    host, port = base.removeprefix("http://").split(":")
    latencies, errors = [], 0
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    start = time.perf_counter()
    for n in range(int(seconds * rate)):
        time.sleep(max(0.0, start + n / rate - time.perf_counter()))
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        except (OSError, http.client.HTTPException):
            errors += 1
            conn.close()
            continue
        latencies.append((time.perf_counter() - began) * 1000)
    conn.close()
    latencies.sort()
    return {
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))],
        "errors": errors,
    }


class Editor:
    """An editor publishing a post every `every` seconds, in a thread of this process (same database and purges)."""

    def __init__(self, story, every):
        self.story, self.every = story, every
        self.posts, self.error = 0, None
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.thread.start()

    def stop(self):
        self.stopped.set()
        self.thread.join(timeout=30)

    def work(self):
        try:
            while not self.stopped.wait(self.every):
                LivePost.objects.create(
                    article=self.story,
                    body=f"<p>Breaking, at {timezone.localtime():%H:%M:%S}: a new post for every open page.</p>",
                    status=LivePost.Status.PUBLISHED,
                )
                self.posts += 1
        except Exception as error:  # the figures would be without posts: say so
            self.error = error
            raise
        finally:
            close_old_connections()
