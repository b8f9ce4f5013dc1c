"""
Varnish in front of the site (`make test-edge`): Debian's varnishd with xkey and the VCL in
deploy/varnish, gunicorn with production settings behind it, PostgreSQL and the embedded cache
shared with this test process. A correction reaches readers through Varnish within a second, a
draft purges nothing, staff pages never come from Varnish, and 64 connections get no error.
"""

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from unittest import mock, skipUnless

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase, override_settings

from articles.models import Correction
from bench.management.commands.bench_http import fetch, free_port, serve
from common import purge
from tests.factories import make_article, make_draft, make_live_story, make_post, make_staff
from tests.test_two_servers import Browser

ENABLED = os.environ.get("NEWSROOM_EDGE_TESTS") == "1"
VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "default.vcl"


@contextlib.contextmanager
def varnish(backend):
    """varnishd on a free port in front of `backend` (http://host:port), with the project's VCL."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
    folder.chmod(0o755)  # varnishd reads the VCL as its own, unprivileged user
    host, port = backend.removeprefix("http://").split(":")
    (folder / "default.vcl").write_text(VCL.read_text().replace("BACKEND_HOST", host).replace("BACKEND_PORT", port))
    edge_port = free_port()
    command = ["varnishd", "-a", f"127.0.0.1:{edge_port}", "-f", str(folder / "default.vcl"), "-n", str(folder / "n")]
    command += ["-s", "malloc,64m", "-P", str(folder / "varnishd.pid"), "-p", "default_grace=0"]
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


@skipUnless(ENABLED, "`make test-edge` runs this with Varnish and PostgreSQL")
class VarnishTests(TransactionTestCase):
    serialized_rollback = True  # the groups made by migrations outlive each test's flush

    def setUp(self):
        if connection.vendor != "postgresql":
            self.fail("The edge tests share the database with gunicorn: run them with PostgreSQL.")
        if settings.CACHE_SCHEME != "diskcache":
            self.fail("The edge tests share the embedded cache with gunicorn.")
        test_database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        self.environment = {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": test_database,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "0",
            "DJANGO_SERVE_MEDIA": "1",
            "CACHE_URL": f"diskcache://{settings.CACHES['default']['LOCATION']}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "NEWSROOM_PROXY_COUNT": "1",
        }
        self.stack = contextlib.ExitStack()
        self.addCleanup(self.stack.close)
        self.site, _ = self.stack.enter_context(serve(600, 2, self.environment))
        self.edge = self.stack.enter_context(varnish(self.site))
        edge_settings = override_settings(VARNISH_URLS=[self.edge + "/"], EDGE_CACHE_SECONDS=3600)
        edge_settings.enable()
        self.addCleanup(edge_settings.disable)
        purge.reset()
        self.addCleanup(purge.reset)

    def get(self, path, headers=None):
        status, body, response_headers = fetch(self.edge + path, headers)
        return status, body.decode(), response_headers

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
        self.get("/news/public-one/")
        self.get("/")
        with mock.patch("common.freshness.purge.send", wraps=purge.send) as sent:
            draft.standfirst = "Saved again and again."
            draft.save()
        self.assertEqual(sent.call_count, 0)
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
