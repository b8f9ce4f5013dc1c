"""
Varnish in front of the site (`make test-edge`): Debian's varnishd with xkey and the VCL in
deploy/varnish, gunicorn with production settings and the queue's worker behind it, over the
PostgreSQL database of this test process. A correction reaches readers through Varnish within a
second, a draft purges nothing, a 404 never outlives a publication, a forged header changes nothing
for the next reader, a stopped site leaves readers with Varnish's copies (or a short page saying
so), staff pages never come from Varnish, and 64 connections get no error. The randomised check of
the whole contract runs through Varnish too (EdgeContractTests).
"""

import contextlib
import itertools
import os
import random
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.db.models import Max
from django.test import TransactionTestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Correction, LivePost
from bench.management.commands.bench_http import fetch, free_port, queue_worker, serve
from common.models import PendingPurge
from locations.models import Location
from newsroom.management.commands.varnish_vcl import varnish_vcl
from tests.consistency import Budget, EditorsAndReaders, Reader, World, normalised, run_machine
from tests.factories import make_article, make_draft, make_live_story, make_post, make_staff
from tests.test_two_servers import Browser

ENABLED = os.environ.get("NEWSROOM_EDGE_TESTS") == "1"


@contextlib.contextmanager
def varnish(backend, edge_port=None):
    """varnishd on a free port in front of `backend` (http://host:port), with the project's VCL."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    folder.chmod(0o755)  # varnishd reads the VCL as its own, unprivileged user
    (folder / "default.vcl").write_text(varnish_vcl(backend.removeprefix("http://")))
    edge_port = edge_port or free_port()
    command = ["varnishd", "-a", f"127.0.0.1:{edge_port}", "-f", str(folder / "default.vcl"), "-n", str(folder / "n")]
    command += ["-s", "malloc,64m", "-P", str(folder / "varnishd.pid")]
    started = subprocess.run(command, capture_output=True, text=True)
    if started.returncode:
        raise RuntimeError(f"varnishd did not start: {started.stderr}")
    edge = f"http://127.0.0.1:{edge_port}"
    try:
        for _ in range(50):
            with contextlib.suppress(OSError):
                fetch(edge + "/health/")
                break
            time.sleep(0.1)
        yield edge
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((folder / "varnishd.pid").read_text()), 15)
        time.sleep(0.2)
        shutil.rmtree(folder, ignore_errors=True)


class EdgeTestCase(TransactionTestCase):
    """gunicorn (production settings) and the queue's worker over this test's database, Varnish in front."""

    serialized_rollback = True  # the groups made by migrations outlive each test's flush

    def setUp(self):
        if connection.vendor != "postgresql":
            self.fail("The edge tests share the database with gunicorn: run them with PostgreSQL.")
        edge_port = free_port()
        self.environment = site_environment(edge_port)
        self.stack = contextlib.ExitStack()
        self.addCleanup(self.stack.close)
        self.site, self.site_pid = self.stack.enter_context(serve(600, 2, self.environment))
        self.edge = self.stack.enter_context(varnish(self.site, edge_port))
        self.stack.enter_context(queue_worker({**self.environment, "NEWSROOM_VARNISH_URLS": self.edge + "/"}))
        edge_settings = override_settings(VARNISH_URLS=[self.edge + "/"], EDGE_CACHE_SECONDS=3600)
        edge_settings.enable()
        self.addCleanup(edge_settings.disable)


def read(url, headers=None):
    """(status, body, headers) of a GET, errors included, no redirect followed."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with NO_REDIRECTS.open(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def answers(url):
    try:
        read(url)
    except OSError:
        return False
    return True


NO_REDIRECTS = urllib.request.build_opener(Browser.NoRedirect())


def site_environment(edge_port):
    """What gunicorn and its worker run with: this test's database, production settings, the edge's origin."""
    test_database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    return {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "DATABASE_URL": test_database,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_SERVE_MEDIA": "1",
        "NEWSROOM_SITE_URL": f"http://127.0.0.1:{edge_port}",
        "CACHE_URL": f"diskcache://{tempfile.mkdtemp(prefix='newsroom-edge-cache-')}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "NEWSROOM_PROXY_COUNT": "1",
    }


@skipUnless(ENABLED, "`make test-edge` runs this with Varnish and PostgreSQL")
class VarnishTests(EdgeTestCase):
    def get(self, path, headers=None):
        status, body, response_headers = fetch(self.edge + path, headers)
        return status, body.decode(), response_headers

    def answer(self, path, headers=None):
        """(status, body, headers) through Varnish, errors included, no redirect followed."""
        return read(self.edge + path, headers)

    def until(self, condition, since, what, limit=2.0):
        """Wait for `condition()`, failing when it takes more than `limit` seconds from `since`."""
        while not condition():
            self.assertLess(time.monotonic() - since, limit, f"{what} took more than {limit} s")
            time.sleep(0.02)

    def settled(self):
        """Wait until the queue's worker has sent every purge asked for so far."""
        self.until(
            lambda: not DBTaskResult.objects.filter(finished_at__isnull=True).exists(), time.monotonic(), "the queue"
        )

    def test_a_404_never_outlives_the_publication_that_ends_it(self):
        draft = make_draft(headline="Out soon", slug="out-soon")
        for _ in range(3):
            self.assertEqual(self.answer("/news/out-soon/")[0], 404)
        published = time.monotonic()
        draft.publish()
        self.until(lambda: self.answer("/news/out-soon/")[0] == 200, published, "the published story")
        self.assertEqual(self.answer("/news/out-soon/")[2]["X-Cache"], "HIT")
        pulled = time.monotonic()
        draft.unpublish()
        self.until(lambda: self.answer("/news/out-soon/")[0] == 404, pulled, "the takedown")
        republished = time.monotonic()
        draft.publish()
        self.until(lambda: self.answer("/news/out-soon/")[0] == 200, republished, "the story published again")

    def test_a_forged_forwarding_header_or_another_host_changes_nothing_for_the_next_reader(self):
        make_article(headline="Read after an attacker", slug="after-an-attacker")
        origin = self.environment["NEWSROOM_SITE_URL"]
        forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example", "Forwarded": "proto=https"}
        for path in ("/news/after-an-attacker/", "/feeds/latest/", "/sitemap-articles.xml", "/robots.txt"):
            with self.subTest(path):
                self.answer(path, {**forged, "Host": "localhost"})  # the attacker asks first
                for body in (self.answer(path, forged)[1], self.answer(path)[1]):
                    self.assertIn(origin + "/", body)
                    self.assertNotIn("https://127.0.0.1", body)
                    self.assertNotIn("evil.example", body)
                    self.assertNotIn("//localhost", body)

    def test_while_the_site_is_down_readers_get_kept_copies_or_a_short_page_saying_so(self):
        make_article(headline="Kept by Varnish", slug="kept-by-varnish")
        for path in ("/news/kept-by-varnish/", "/uk/"):
            self.answer(path)
        os.kill(self.site_pid, signal.SIGTERM)
        self.until(lambda: not answers(self.site + "/health/"), time.monotonic(), "stopping the site", limit=30)
        status, body, headers = self.answer("/news/kept-by-varnish/")
        self.assertEqual(status, 200)
        self.assertIn("Kept by Varnish", body)
        for path, words in (("/news/never-read/", "briefly unavailable"), ("/uk/news/never-read/", "ненадовго")):
            with self.subTest(path):
                status, body, headers = self.answer(path)
                self.assertEqual(status, 503)
                self.assertIn(words, body)
                self.assertIn(settings.SITE_NAME, body)
                self.assertEqual(headers["Retry-After"], "30")
                self.assertNotIn("Backend fetch failed", body)

    def test_a_withdrawn_live_post_is_gone_from_varnish_at_once(self):
        story = make_live_story(headline="Live, then withdrawn", slug="live-withdrawn")
        make_post(story)
        post = make_post(story, body="<p>A post sent by mistake.</p>", locations=[Location.objects.get(slug="siversk")])
        pages = ["/news/live-withdrawn/", "/news/live-withdrawn/live/?after=0", "/places/donbas/"]
        for path in pages * 2:
            self.assertIn("A post sent by mistake", self.answer(path)[1])
        withdrawn = time.monotonic()
        post.status = LivePost.Status.DRAFT
        post.save()
        for path in pages:
            self.until(lambda path=path: "A post sent by mistake" not in self.answer(path)[1], withdrawn, path)

    def test_a_published_correction_reaches_a_reader_within_a_second(self):
        story = make_article(headline="A story read through Varnish", slug="through-varnish")
        self.get("/news/through-varnish/")
        self.assertEqual(self.get("/news/through-varnish/")[2]["X-Cache"], "HIT")
        corrected = time.monotonic()
        Correction.objects.create(article=story, text="The convoy left at dawn, not at dusk.")
        while "The convoy left at dawn" not in self.get("/news/through-varnish/")[1]:
            self.assertLess(time.monotonic() - corrected, 1.0, "the correction took more than a second")
            time.sleep(0.02)

    def test_a_live_poll_is_kept_by_varnish_until_the_next_post(self):
        story = make_live_story(headline="Live through Varnish", slug="live-through-varnish")
        make_post(story)
        poll = "/news/live-through-varnish/live/?after=1"
        self.get(poll)
        status, body, headers = self.get(poll)
        self.assertEqual((status, headers["X-Cache"]), (200, "HIT"))
        self.assertNotIn("live-post", body)
        posted = time.monotonic()
        new = make_post(story, body="<p>Sirens in Kramatorsk.</p>")
        while f'id="post-{new.pk}"' not in self.get(poll)[1]:
            self.assertLess(time.monotonic() - posted, 1.0, "the new post took more than a second")
            time.sleep(0.02)

    def test_a_draft_save_sends_no_purge(self):
        make_article(headline="A public story", slug="public-one")
        draft = make_draft(headline="Work in progress", slug="in-progress")
        self.settled()  # the first story's own purges are sent before its pages are read
        self.get("/news/public-one/")
        self.get("/")
        queued = DBTaskResult.objects.count()
        draft.standfirst = "Saved again and again."
        draft.save()
        self.assertEqual(DBTaskResult.objects.count(), queued)
        time.sleep(0.3)
        for path in ("/news/public-one/", "/"):
            with self.subTest(path):
                self.assertEqual(self.get(path)[2]["X-Cache"], "HIT")

    def test_staff_pages_never_come_from_varnish(self):
        editor = make_staff("Editors", username="edge-editor")
        editor.password = PBKDF2PasswordHasher().encode("correct horse battery", PBKDF2PasswordHasher().salt())
        editor.save()
        make_article(headline="Seen by readers and staff", slug="seen-by-all")
        draft = make_draft(headline="Only staff may see this draft", slug="staff-only")
        self.get("/news/seen-by-all/")
        self.get("/news/seen-by-all/")  # kept for readers now
        desk = Browser()
        status, _ = desk.post(
            self.edge + "/admin/login/?next=/admin/",
            {"username": "edge-editor", "password": "correct horse battery"},
        )
        self.assertEqual(status, 302)
        with desk.opener.open(self.edge + "/news/seen-by-all/", timeout=30) as response:
            self.assertEqual(response.headers["X-Cache"], "PASS")
            self.assertIn("private", response.headers["Cache-Control"])
        status, html = desk.get(self.edge + "/news/staff-only/")
        self.assertEqual(status, 200)
        self.assertIn("Only staff may see this draft", html)
        with self.assertRaises(OSError) as refused:
            self.get("/news/staff-only/")
        self.assertEqual(refused.exception.code, 404)
        self.assertEqual(draft.status, "draft")

    def test_64_connections_for_ten_seconds_get_no_error(self):
        for n in range(5):
            make_article(headline=f"Load story {n}", slug=f"load-{n}", tags=["Load"])
        paths = ["/", "/news/load-0/", "/news/load-1/", "/tags/load/", "/feeds/latest/", "/places/ukraine/"]
        for path in paths:
            self.get(path)
        script = Path(tempfile.mkdtemp()) / "paths.lua"
        quoted = ", ".join(f'"{path}"' for path in paths)
        script.write_text(
            f"local paths = {{{quoted}}}\nlocal n = 0\n"
            "request = function()\n  n = n + 1\n  return wrk.format(nil, paths[n % #paths + 1])\nend\n"
        )
        result = subprocess.run(
            ["wrk", "-t2", "-c64", "-d10s", "-s", str(script), self.edge + "/"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("Socket errors", result.stdout)
        self.assertNotIn("Non-2xx or 3xx", result.stdout)
        requests = int(re.search(r"(\d+) requests in", result.stdout).group(1))
        self.assertGreater(requests, 10_000, result.stdout)


class VarnishReader(Reader):
    """Reads through Varnish, and from a second gunicorn that keeps nothing (no page cache, no cache at all)."""

    def __init__(self, edge, fresh):
        self.edge, self.fresh_site = edge, fresh

    def cached(self, address):
        found, headers = edge_answer(self.edge + address)
        return found, headers.get("X-Cache") in {"HIT", "STALE"}

    def fresh(self, address):
        return edge_answer(self.fresh_site + address)[0]


def edge_answer(url):
    """(status, where a redirect leads, the body), and the headers."""
    request = urllib.request.Request(urllib.parse.quote(url, safe=":/?=&%"))
    try:
        with NO_REDIRECTS.open(request, timeout=30) as response:
            status, body, headers = response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        status, body, headers = error.code, error.read(), error.headers
    return (status, headers.get("Location", ""), normalised(body)), headers


class WallClock:
    """The real clock: the edge leg cannot move the servers' time, so its machine has no rules that do."""

    def now(self):
        return timezone.now()


#: Steps through Varnish (each reads every address twice and waits for purges): fewer than in process.
EDGE_STEPS = int(os.environ.get("CONSISTENCY_EDGE_STEPS", "30"))


@skipUnless(ENABLED, "`make test-edge` runs this with Varnish and PostgreSQL")
class EdgeContractTests(EdgeTestCase):
    """The cache contract through Varnish: within 2 s of each change, every answer is what a fresh render gives."""

    def setUp(self):
        super().setUp()
        fresh = {**self.environment, "CACHE_URL": "dummy://"}
        self.fresh_site, _ = self.stack.enter_context(serve(0, 1, fresh))

    def test_every_answer_through_varnish_is_what_a_fresh_render_gives(self):
        run_seed = int(os.environ.get("CONSISTENCY_SEED") or random.randrange(2**32))
        test, runs, budget = self, itertools.count(1), Budget(EDGE_STEPS)

        class Machine(EditorsAndReaders):
            sample, seed = 0, run_seed

            def __init__(self):
                self.world = World(tag=f"-{next(runs)}")
                self.clock = WallClock()
                self.reader = VarnishReader(test.edge, test.fresh_site)
                self.budget = budget
                self.changed_at = time.monotonic()
                super().__init__()

            def after_change(self):
                self.changed_at = time.monotonic()

            def last_change(self):
                """When the last change was, on the monotonic clock: an editor's, or a scheduled time that has come."""
                now = time.time()
                due = PendingPurge.objects.filter(due_at__lte=now).aggregate(latest=Max("due_at"))["latest"]
                return max(self.changed_at, time.monotonic() - (now - due)) if due else self.changed_at

            def check(self, address):
                """
                An answer may lag a change by up to 2 s (the purge's way to Varnish); not longer. A
                story scheduled a minute ahead goes out by the clock here: its time is a change too.
                """
                (cached, kept), fresh = self.reader.cached(address), self.reader.fresh(address)
                while cached != fresh and time.monotonic() - self.last_change() < CONTRACT_SECONDS:
                    time.sleep(0.05)
                    (cached, kept), fresh = self.reader.cached(address), self.reader.fresh(address)
                self.budget.reads += 1
                self.budget.kept += kept
                if cached != fresh:
                    self.divergences.append((address, cached, fresh))

            # Time cannot be moved for the servers: these rules are left out here.
            def let_the_scheduled_time_come(self):
                pass

            def time_passes(self, seconds):
                pass

        run_machine(Machine, budget, run_seed, steps_per_run=10, where=" through Varnish")


#: How long after a change an answer through Varnish may still show what was before (docs/caching.md).
CONTRACT_SECONDS = 2.0
