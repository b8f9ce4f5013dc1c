"""
Two app servers over one PostgreSQL and one Redis (`make test-servers`): whatever one process
learns — an edit, a login, a preview link, failed logins — the other knows at once. And a server
whose database goes away for a moment answers 503 with Retry-After, then carries on by itself.
"""

import contextlib
import http.cookiejar
import os
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from unittest import skipUnless

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from articles.models import PreviewLink
from bench.management.commands.bench_http import free_port, serve
from tests.factories import make_article, make_staff

ENABLED = os.environ.get("NEWSROOM_TWO_SERVERS") == "1"


class Browser:
    """Just enough of a browser: cookies, CSRF tokens from forms, no redirects followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect())

    def get(self, url):
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url, fields):
        status, html = self.get(url)
        fields = {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1),
            **fields,
        }
        request = urllib.request.Request(
            url, urllib.parse.urlencode(fields, doseq=True).encode(), headers={"Referer": url}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class Cable:
    """
    A TCP relay between the app server and PostgreSQL that can be pulled out and plugged back in:
    pulling it drops every open connection and refuses new ones, as a database host that has gone
    away does.
    """

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.sockets = []
        self.listener = None

    def plug_in(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.listener.settimeout(0.1)
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def pull_out(self):
        self.listener.close()
        for sock in self.sockets:
            self.cut(sock)
        self.sockets.clear()

    def accept(self, listener):
        while listener.fileno() != -1:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            threading.Thread(target=self.pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client), daemon=True).start()

    @staticmethod
    def pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            Cable.cut(source)
            Cable.cut(sink)

    @staticmethod
    def cut(sock):
        """Shut down before closing: a bare close leaves the connection up while the other pump waits on it."""
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@skipUnless(ENABLED, "`make test-servers` runs this with PostgreSQL and Redis")
class TwoServerTests(TransactionTestCase):
    serialized_rollback = True  # the groups made by migrations outlive each test's flush

    def setUp(self):
        if connection.vendor != "postgresql" or "redis" not in os.environ.get("CACHE_URL", ""):
            self.fail("Two servers need a shared database and a shared cache: PostgreSQL and Redis.")
        # The servers run the production settings on the test database (its tables hold what this test writes).
        test_database = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
        self.environment = {
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": test_database,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_HTTPS": "0",
        }

    def test_what_one_server_does_the_other_sees(self):
        editor = make_staff("Editors", username="night-editor")
        # Hashed as production hashes (the tests' own settings use a fast hasher the servers do not know).
        editor.password = PBKDF2PasswordHasher().encode("correct horse battery", PBKDF2PasswordHasher().salt())
        editor.save()
        story = make_article(headline="Seen by both servers", slug="both")
        draft = make_article(headline="Checked by a fact-checker", slug="checked", status="draft", published_at=None)
        with serve(600, 1, self.environment) as (first, _), serve(600, 1, self.environment) as (second, _):
            reader = Browser()
            self.assertIn("Seen by both servers", reader.get(second + "/news/both/")[1])  # now cached in Redis

            desk = Browser()
            status, _ = desk.post(
                first + "/admin/login/?next=/admin/", {"username": "night-editor", "password": "correct horse battery"}
            )
            self.assertEqual(status, 302)
            self.assertEqual(desk.get(second + "/admin/")[0], 200, "the session made on one server works on the other")

            changelist = first + "/admin/articles/article/"
            status, _ = desk.post(changelist, {"action": "unpublish", "_selected_action": [story.pk]})
            self.assertEqual(status, 302)
            self.assertEqual(reader.get(second + "/news/both/")[0], 404, "the other server's cached page is gone")

            link = PreviewLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(hours=1))
            self.assertIn("Checked by a fact-checker", reader.get(second + link.get_absolute_url())[1])
            link.revoked_at = timezone.now()
            link.save()
            self.assertEqual(reader.get(first + link.get_absolute_url())[0], 410)

            guesser = Browser()
            for _ in range(5):
                guesser.post(first + "/admin/login/", {"username": "night-editor", "password": "guess"})
            status, html = Browser().post(
                second + "/admin/login/", {"username": "night-editor", "password": "correct horse battery"}
            )
            self.assertEqual(status, 429, "failed logins counted on one server lock the account on the other")

    def test_a_database_gone_for_a_moment_answers_503_and_the_server_recovers_by_itself(self):
        make_article(headline="Before the outage", slug="before")
        make_article(headline="Written just before the outage", slug="during")
        database = urllib.parse.urlsplit(self.environment["DATABASE_URL"])
        cable = Cable(database.hostname, database.port)
        cable.plug_in()
        self.addCleanup(cable.pull_out)
        through_cable = database._replace(netloc=f"{database.username}:{database.password}@127.0.0.1:{cable.port}")
        environment = {**self.environment, "DATABASE_URL": through_cable.geturl()}
        with serve(600, 1, environment) as (site, _):
            reader = Browser()
            self.assertEqual(reader.get(site + "/news/before/")[0], 200)  # the worker holds a connection now

            cable.pull_out()
            with self.assertRaises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(site + "/news/during/", timeout=30)
            self.assertEqual(refused.exception.code, 503)
            self.assertEqual(refused.exception.headers["Retry-After"], "30")
            html = refused.exception.read().decode()
            self.assertIn("We are back in a moment", html)
            self.assertNotIn("Traceback", html)
            # A kept page cannot be told current without the purge log, which is in the database: it
            # is not served (the edge cache in front answers with its own copy, see docs/caching.md).
            self.assertEqual(reader.get(site + "/news/before/")[0], 503, "a kept page unchecked")

            cable.plug_in()
            status, html = reader.get(site + "/news/during/")
            self.assertEqual(status, 200, "the server reconnects by itself and the 503 was not cached")
            self.assertIn("Written just before the outage", html)
