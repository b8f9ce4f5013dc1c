"""
Precise purges: a change purges only the kept pages that show it, and the edge cache is purged by
the same keys through the durable queue; drafts and everything else readers cannot see purge nothing.
"""

import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, PreviewLink, Tag
from common import copies, edge, purges
from common.copies import Copy
from locations.models import Location
from newsroom.pagecache import PageCacheMiddleware
from tests.factories import jpeg_bytes, make_article, make_author, make_draft, make_image, make_section, make_staff
from tests.tasks import run_queued_tasks


class FakeEdge:
    """A local HTTP server standing in for Varnish, Fastly or Cloudflare: records every purge request."""

    def __init__(self, failures=0):
        self.requests, self.failures = [], failures
        edge = self

        class Handler(BaseHTTPRequestHandler):
            def answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                edge.requests.append((self.command, self.path, self.headers, body))
                failing = edge.failures > 0
                edge.failures -= 1
                self.send_response(503 if failing else 200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_PURGE = do_POST = answer  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def purged(self, header="xkey-softpurge"):
        """Every key purged through Varnish's xkey-softpurge (or, given, xkey-purge) header."""
        return {
            tag
            for method, _, headers, _ in self.requests
            if method == "PURGE" and headers.get(header)
            for tag in headers[header].split()
        }


class EdgeTestCase(TestCase):
    """A test case whose edge cache is a FakeEdge; purges are sent for real by the queue's worker after each commit."""

    failures = 0

    def setUp(self):
        self.edge = FakeEdge(self.failures)
        self.addCleanup(self.edge.close)
        settings = override_settings(VARNISH_URLS=[self.edge.url + "/"], EDGE_CACHE_SECONDS=3600, PURGE_RETRY_SECONDS=5)
        settings.enable()
        self.addCleanup(settings.disable)

    def committed(self, change):
        """Run `change` as if in its own transaction, then the worker that sends its purges to the edge."""
        run_queued_tasks()  # what the test made before, which counts as done
        self.edge.requests.clear()
        with self.captureOnCommitCallbacks(execute=True):
            change()
        run_queued_tasks()


PLACES_OF_SIVERSK = ["siversk", "donetsk-oblast", "ukraine", "donbas"]
PUBLIC_PAGES = [
    "/",
    "/news/siversk-story/",
    "/news/kharkiv-story/",
    "/tags/front-line/",
    "/tags/energy/",
    "/sections/news/",
    "/sections/energy/",
    "/authors/olena/",
    "/authors/ivan/",
    "/places/siversk/",
    "/places/donetsk-oblast/",
    "/places/kharkiv/",
    "/places/ukraine/",
    "/places/",
    "/feeds/latest/",
    "/tags/front-line/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/search/?q=story",
    "/corrections/",
    "/parts/latest/",
]


@override_settings(PAGE_CACHE_SECONDS=600)
class PreciseInvalidationTests(EdgeTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.news, cls.energy = make_section(name="News", slug="news"), make_section(name="Energy", slug="energy")
        cls.olena, cls.ivan = make_author(name="Olena", slug="olena"), make_author(name="Ivan", slug="ivan")
        cls.siversk, cls.kharkiv = Location.objects.get(slug="siversk"), Location.objects.get(slug="kharkiv")
        cls.siversk_story = make_article(
            headline="Siversk story",
            slug="siversk-story",
            section=cls.news,
            authors=[cls.olena],
            tags=["Front line"],
            locations=[cls.siversk],
            hero_image=make_image(),
        )
        cls.kharkiv_story = make_article(
            headline="Kharkiv story",
            slug="kharkiv-story",
            section=cls.energy,
            authors=[cls.ivan],
            tags=["Energy"],
            locations=[cls.kharkiv],
        )

    def warm(self):
        for url in PUBLIC_PAGES:
            self.assertEqual(self.client.get(url).status_code, 200, url)

    def kept(self):
        """The public pages whose kept copy is still current (a story page's "latest" part aside)."""
        kept = []
        for url in PUBLIC_PAGES:
            copy = cache.get(PageCacheMiddleware.address(RequestFactory().get(url)))
            if isinstance(copy, Copy) and copies.check(copy.keys, copy.started).current:
                kept.append(url)
        return kept

    def served_from_the_cache(self):
        """
        The public pages answered from kept copies: every query is the purge log's, saying that a
        copy is current (one for the page, one for each part a story page fills in).
        """
        served = []
        for url in PUBLIC_PAGES:
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            if queries and all("FROM common_purgeserial" in query["sql"] for query in queries):
                served.append(url)
        return served

    def test_changes_readers_cannot_see_retire_nothing_and_purge_nothing(self):
        editor = make_staff("Editors")
        draft = make_draft(headline="A draft", slug="a-draft", tags=["Front line"], locations=[self.siversk])
        self.warm()

        def save_a_draft():
            draft.standfirst = "Still being written."
            draft.save()

        def send_for_review():
            draft.status = Article.Status.REVIEW
            draft.save()

        def make_a_preview_link():
            PreviewLink.objects.create(article=draft, expires_at=timezone.now() + timedelta(hours=1))

        def upload_a_photo():
            self.client.force_login(editor)
            photo = SimpleUploadedFile("new.jpg", jpeg_bytes(), content_type="image/jpeg")
            response = self.client.post(
                reverse("admin:media_image_add"),
                {"file": photo, "alt_text": "A new photo", "focal_x": 0.5, "focal_y": 0.5},
            )
            self.assertEqual(response.status_code, 302)
            self.client.logout()

        def file_the_draft_under_a_new_tag_and_place():
            draft.tags.add(*Tag.objects.for_names(["A topic nobody reads yet"]))
            draft.locations.add(self.kharkiv)

        def schedule_it_for_tomorrow():
            draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now() + timedelta(days=1)
            draft.save()

        def dismiss_a_place_suggested_for_a_public_story():
            self.siversk_story.dismissed_places.add(self.kharkiv)

        changes = [
            save_a_draft,
            send_for_review,
            make_a_preview_link,
            upload_a_photo,
            file_the_draft_under_a_new_tag_and_place,
            schedule_it_for_tomorrow,
            dismiss_a_place_suggested_for_a_public_story,
        ]
        for change in changes:
            with self.subTest(change.__name__):
                self.committed(change)
                self.assertEqual(self.kept(), PUBLIC_PAGES)
                self.assertEqual(self.served_from_the_cache(), PUBLIC_PAGES)
                self.assertEqual(self.edge.requests, [])

    def test_publishing_a_story_purges_its_lists_and_the_stories_it_is_related_to(self):
        story = make_draft(
            headline="New Siversk story",
            slug="new-siversk-story",
            section=self.news,
            authors=[self.olena],
            tags=["Front line"],
            locations=[self.siversk],
        )
        self.warm()
        self.committed(story.publish)
        self.assertEqual(
            self.kept(),
            [
                "/news/kharkiv-story/",  # shares nothing: its related stories stay as they were
                "/tags/energy/",
                "/sections/energy/",
                "/authors/ivan/",
                "/places/kharkiv/",
                "/places/",
                "/corrections/",
            ],
        )
        # Siversk, the places above it and the informal area it lies in.
        places = {f"stories:location-{place.pk}" for place in Location.objects.filter(slug__in=PLACES_OF_SIVERSK)}
        front_line = Tag.objects.get(name="Front line")
        self.assertEqual(
            self.edge.purged(),
            {
                f"article-{story.pk}",
                "stories",
                f"stories:section-{self.news.pk}",
                f"stories:tag-{front_line.pk}",
                f"stories:author-{self.olena.pk}",
                *places,
                "sitemaps",
                "search",
            },
        )
        self.assertContains(self.client.get("/"), "New Siversk story")
        self.assertContains(self.client.get("/places/donetsk-oblast/"), "New Siversk story")

    def test_editing_a_public_story_purges_the_pages_that_show_it(self):
        self.warm()

        def edit():
            self.siversk_story.headline = "Siversk story, corrected"
            self.siversk_story.save()

        self.committed(edit)
        self.assertEqual(
            self.kept(),
            [
                "/news/kharkiv-story/",
                "/tags/energy/",
                "/sections/energy/",
                "/authors/ivan/",
                "/places/kharkiv/",
                "/places/",
                "/corrections/",
            ],
        )
        self.assertEqual(self.edge.purged(), {f"article-{self.siversk_story.pk}", "sitemaps", "search"})
        self.assertContains(self.client.get("/tags/front-line/"), "Siversk story, corrected")
        self.assertContains(self.client.get("/news/kharkiv-story/"), "Siversk story, corrected")  # its "latest" part

    def test_a_renamed_byline_reaches_every_kept_page_that_shows_its_cards(self):
        self.warm()

        def rename():
            self.olena.name = "Olena Kovalenko"
            self.olena.save()

        self.committed(rename)
        self.assertIn(f"author-{self.olena.pk}", self.edge.purged())
        for url in ["/", "/tags/front-line/", "/sections/news/", "/places/siversk/", "/places/ukraine/"]:
            response = self.client.get(url)
            self.assertContains(response, "Olena Kovalenko", msg_prefix=url)
            self.assertIn(f"author-{self.olena.pk}", response["Surrogate-Key"].split(), url)
        # Pages that show none of her stories' cards stay kept.
        self.assertIn("/tags/energy/", self.kept())
        self.assertIn("/authors/ivan/", self.kept())


@override_settings(PAGE_CACHE_SECONDS=600)
class KeptPartKeyTests(EdgeTestCase):
    def test_a_story_page_shows_a_related_storys_renamed_byline(self):
        ivan = make_author(name="Ivan", slug="ivan")
        story = make_article(headline="Main story", slug="main-story", tags=["Front line"])
        make_article(headline="Related story", slug="related-story", tags=["Front line"], authors=[ivan])
        self.assertContains(self.client.get("/news/main-story/"), "Ivan")

        def rename():
            ivan.name = "Ivan Petrenko"
            ivan.save()

        self.committed(rename)
        self.assertIn(f"author-{ivan.pk}", self.edge.purged())
        for _ in range(2):  # drawn again, then with its parts kept: the byline's key stays on the page
            response = self.client.get(story.get_absolute_url())
            self.assertContains(response, "Ivan Petrenko")
            self.assertIn(f"author-{ivan.pk}", response["Surrogate-Key"].split())
            cache.delete(PageCacheMiddleware.address(RequestFactory().get(story.get_absolute_url())))  # not its parts


@override_settings(PAGE_CACHE_SECONDS=600)
class TakedownTests(EdgeTestCase):
    def test_an_unpublished_story_is_purged_hard_and_gone_at_once(self):
        story = make_article(headline="To be taken down", slug="taken-down", tags=["Front line"])
        self.client.get("/news/taken-down/")
        self.client.get("/tags/front-line/")
        self.committed(story.unpublish)
        self.assertIn(f"article-{story.pk}", self.edge.purged("xkey-purge"))
        self.assertEqual(self.edge.purged(), set())  # nothing of it left to a soft purge
        self.assertEqual(self.client.get("/news/taken-down/").status_code, 404)
        self.assertEqual(self.client.get("/tags/front-line/").status_code, 404)


class PurgeDeliveryTests(EdgeTestCase):
    failures = 2

    def test_a_failed_purge_is_logged_and_retried_until_it_goes_through(self):
        with mock.patch.object(purges, "FIRST_PAUSE", 0.05), self.assertLogs("common.purges", "WARNING") as logs:
            purges.purge_edge.enqueue(["article-7"], False, 0, time.time())
            for _ in range(100):  # as the worker does: a retry waits for its time
                run_queued_tasks()
                if DBTaskResult.objects.filter(status="SUCCESSFUL").exists():
                    break
                time.sleep(0.02)
        self.assertEqual(len(self.edge.requests), 3)
        self.assertEqual(self.edge.purged(), {"article-7"})
        self.assertEqual(len([line for line in logs.output if "retrying" in line]), 2)
        results = DBTaskResult.objects.order_by("enqueued_at")
        self.assertEqual([result.status for result in results], ["FAILED", "FAILED", "SUCCESSFUL"])

    @override_settings(PURGE_REPEAT_SECONDS=0.2)
    def test_a_purge_that_went_through_is_sent_once_more_a_moment_later(self):
        self.edge.failures = 0
        purges.purge_edge.enqueue(["article-7"], True, 0, time.time())
        run_queued_tasks()
        self.assertEqual(len(self.edge.requests), 1)  # the repeat waits for its time
        time.sleep(0.25)
        run_queued_tasks()
        run_queued_tasks()
        self.assertEqual(len(self.edge.requests), 2)  # and is not repeated in turn
        hard = [headers.get("xkey-purge") for _, _, headers, _ in self.edge.requests]
        self.assertEqual(hard, ["article-7", "article-7"])  # a takedown, both times

    def test_an_editors_save_never_fails_because_of_the_edge(self):
        self.edge.close()  # nothing answers at that address any more
        self.client.force_login(get_user_model().objects.create_superuser("chief", password="x"))
        story = make_article(slug="kept-working")
        with self.captureOnCommitCallbacks(execute=True):
            story.headline = "Saved while the edge cache is down"
            story.save()
        self.assertEqual(Article.objects.get(pk=story.pk).headline, "Saved while the edge cache is down")


class PurgeAdapterTests(TestCase):
    def setUp(self):
        self.edge = FakeEdge()
        self.addCleanup(self.edge.close)

    def test_fastly_gets_a_soft_purge_by_surrogate_key(self):
        edge.FastlyPurger("svc123", "token-x", api=self.edge.url).purge({"article-1", "stories"})
        ((method, path, headers, _),) = self.edge.requests
        self.assertEqual((method, path), ("POST", "/service/svc123/purge"))
        self.assertEqual(headers["Surrogate-Key"], "article-1 stories")
        self.assertEqual(headers["Fastly-Key"], "token-x")
        self.assertEqual(headers["Fastly-Soft-Purge"], "1")

    def test_cloudflare_gets_the_tags_in_batches_of_thirty(self):
        edge.CloudflarePurger("zone9", "token-y", api=self.edge.url).purge({f"article-{n}" for n in range(45)})
        self.assertEqual([path for _, path, _, _ in self.edge.requests], ["/zones/zone9/purge_cache"] * 2)
        tags = [tag for _, _, _, body in self.edge.requests for tag in json.loads(body)["tags"]]
        self.assertEqual(len(tags), 45)
        self.assertEqual(self.edge.requests[0][2]["Authorization"], "Bearer token-y")
