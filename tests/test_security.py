"""Security headers, no inline code on reader pages, login throttling, sessions, CSRF, a movable admin."""

import sys
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse

from articles.models import Correction
from locations.models import Location
from tests.factories import make_article, make_author, make_image, make_section
from tests.test_settings import run

LOGIN = "/admin/login/"


class InlineCodeFinder(HTMLParser):
    """Collects what a strict Content-Security-Policy would block: inline scripts, style elements and attributes."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.found.append(f"inline <script {attrs}>")
        if tag == "style":
            self.found.append("<style> element")
        if "style" in attrs:
            self.found.append(f"style attribute on <{tag}>")
        self.found += [f"{name} handler on <{tag}>" for name in attrs if name.startswith("on")]
        self.found += [
            f"javascript: URL on <{tag}>" for v in attrs.values() if (v or "").strip().lower().startswith("javascript:")
        ]


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.found


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section, author = make_section(slug="news"), make_author(slug="olena", photo=make_image())
        siversk = Location.objects.get(slug="siversk")
        cls.story = make_article(
            section=section, authors=[author], tags=["Front line"], locations=[siversk], hero_image=make_image()
        )
        Correction.objects.create(article=cls.story, text="A correction.")

    def reader_pages(self):
        return [
            "/",
            self.story.get_absolute_url(),
            "/tags/front-line/",
            "/sections/news/",
            "/authors/olena/",
            "/places/",
            "/places/siversk/",
            "/places/ukraine/",
            "/search/?q=headline",
            "/corrections/",
            "/no-such-page/",
        ]

    def test_every_page_sends_the_security_headers(self):
        for url in [*self.reader_pages(), LOGIN]:
            with self.subTest(url):
                response = self.client.get(url)
                csp = response["Content-Security-Policy"]
                for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
                    self.assertIn(directive, csp)
                script_src = next(part for part in csp.split("; ") if part.startswith("script-src"))
                self.assertNotIn("unsafe", script_src)  # no inline scripts anywhere, the admin included
                if url != LOGIN:
                    self.assertNotIn("unsafe-inline", csp)  # and no inline styles on reader pages
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertIn("camera=()", response["Permissions-Policy"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "strict-origin-when-cross-origin")
                self.assertEqual(response["Cross-Origin-Opener-Policy"], "same-origin")
                self.assertEqual(response["X-Frame-Options"], "DENY")

    def test_reader_pages_have_no_inline_scripts_or_styles(self):
        for url in self.reader_pages():
            with self.subTest(url):
                self.assertEqual(inline_code(self.client.get(url).content.decode()), [])

    def test_the_checker_finds_inline_code(self):
        self.assertEqual(
            inline_code('<p style="x" onclick="y"><a href="javascript:z">a</a><script>1</script><style></style>'),
            [
                "style attribute on <p>",
                "onclick handler on <p>",
                "javascript: URL on <a>",
                "inline <script {}>",
                "<style> element",
            ],
        )


class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_user("desk", password="correct horse battery", is_staff=True)

    def attempt(self, username, password, address="10.0.0.1"):
        return self.client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)

    def test_five_failures_lock_the_account_even_from_another_address(self):
        for _ in range(4):
            self.assertContains(self.attempt("desk", "wrong"), "Please enter the correct username and password")
        self.assertEqual(self.attempt("desk", "wrong").status_code, 429)  # the fifth
        response = self.attempt("desk", "correct horse battery", address="10.9.9.9")
        self.assertContains(response, "Too many failed logins", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_five_failures_lock_the_address_for_every_account(self):
        for n in range(5):
            self.attempt(f"someone-{n}", "guess")
        self.assertEqual(self.attempt("desk", "correct horse battery").status_code, 429)
        self.assertEqual(self.attempt("desk", "correct horse battery", address="10.0.0.2").status_code, 302)

    def test_a_success_before_the_limit_resets_the_count(self):
        for _ in range(4):
            self.attempt("desk", "wrong")
        self.assertEqual(self.attempt("desk", "correct horse battery").status_code, 302)


class SessionAndCsrfTests(TestCase):
    def test_staff_sessions_end_with_the_browser_and_after_a_working_day(self):
        get_user_model().objects.create_user("desk", password="correct horse battery", is_staff=True)
        response = self.client.post(LOGIN, {"username": "desk", "password": "correct horse battery"})
        cookie = response.cookies["sessionid"]
        self.assertEqual(cookie["max-age"], "")  # a browser-session cookie
        self.assertTrue(cookie["httponly"])
        self.assertLessEqual(self.client.session.get_expiry_age(), 8 * 3600)

    def test_admin_forms_refuse_a_post_without_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(LOGIN, {"username": "desk", "password": "x"})
        self.assertEqual(response.status_code, 403)

    def test_the_admin_can_move(self):
        code = "from django.urls import reverse; print(reverse('admin:index'))"
        result = run(
            [sys.executable, "manage.py", "shell", "-c", code], NEWSROOM_ADMIN_PATH="newsdesk", DJANGO_DEBUG="1"
        )
        self.assertEqual(result.stdout.strip().splitlines()[-1], "/newsdesk/", result.stderr)
        self.assertEqual(reverse("admin:index"), "/admin/")


class ProxyHeaderTests(TestCase):
    """X-Forwarded-Proto is believed only when the site says it runs behind a proxy (NEWSROOM_PROXY_COUNT)."""

    def test_without_a_proxy_a_forged_https_header_changes_nothing(self):
        with self.settings(SECURE_SSL_REDIRECT=True):
            response = self.client.get("/health/", headers={"X-Forwarded-Proto": "https"})
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "https://testserver/health/")

    def test_the_header_is_trusted_only_with_a_proxy_count(self):
        code = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
        for count, expected in (("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")):
            with self.subTest(count=count):
                result = run(
                    [sys.executable, "manage.py", "shell", "-c", code], NEWSROOM_PROXY_COUNT=count, DJANGO_DEBUG="1"
                )
                self.assertEqual(result.stdout.strip().splitlines()[-1], expected, result.stderr)


class AdminNonceTests(TestCase):
    def test_the_editors_import_map_carries_the_pages_nonce_and_reader_pages_have_none(self):
        editor = get_user_model().objects.create_superuser("chief", password="correct horse battery")
        self.client.force_login(editor)
        response = self.client.get(reverse("admin:articles_article_add"))
        nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
        self.assertContains(response, f'<script type="importmap" nonce="{nonce}">')
        other = self.client.get(reverse("admin:articles_article_add"))["Content-Security-Policy"]
        self.assertNotIn(nonce, other)  # fresh on every page
        reader = self.client.get("/")["Content-Security-Policy"]
        self.assertNotIn("nonce-", reader)
        self.assertNotIn("unsafe-inline", reader)
