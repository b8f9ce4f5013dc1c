"""
Two app servers over one PostgreSQL and one Redis (`make test-servers`): whatever one process
learns — an edit, a login, a preview link, failed logins — the other knows at once.
"""

import http.cookiejar
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import TransactionTestCase
from django.utils import timezone

from articles.management.commands.bench_http import serve
from articles.models import PreviewLink
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


class TwoServerTests(TransactionTestCase):
    def setUp(self):
        if not ENABLED:
            self.skipTest("`make test-servers` runs this with PostgreSQL and Redis")
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
