"""Whole-page caching for anonymous readers: served after one look at the purge log, purged by any visible change."""

import threading
import time
from datetime import timedelta

import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Correction, PreviewLink
from common import keys, purges
from common.copies import STALE_SECONDS
from locations.models import Location
from newsroom.middleware import PublicCacheHeadersMiddleware
from newsroom.pagecache import PageCacheMiddleware
from tests.factories import make_article, make_author, make_draft, make_image, make_section, make_staff


@override_settings(PAGE_CACHE_SECONDS=600)
class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="News", slug="news")
        cls.author = make_author(name="Olena Marchenko", slug="olena")
        cls.photo = make_image(caption="Smoke over the town")
        cls.siversk = Location.objects.get(slug="siversk")
        cls.story = make_article(
            headline="Siversk withdrawal confirmed",
            slug="siversk",
            section=cls.section,
            authors=[cls.author],
            hero_image=cls.photo,
            tags=["Front line"],
            locations=[cls.siversk],
        )

    def queries(self, url, **headers):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, headers=headers)
            _ = response.content
        return response, len(queries)

    def test_a_second_anonymous_request_is_served_after_one_look_at_the_purge_log(self):
        first, first_queries = self.queries("/news/siversk/")
        again, again_queries = self.queries("/news/siversk/")
        self.assertGreater(first_queries, 5)
        self.assertEqual(again_queries, 2)  # the page's copy, and the copy of its "latest" part
        self.assertEqual(again.content, first.content)
        self.assertEqual(again["ETag"], first["ETag"])

    def test_a_page_drawn_from_kept_parts_with_nothing_changed_reads_only_where_the_log_stands(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            drawn = self.client.get("/news/siversk/")
            again, again_queries = self.queries("/news/siversk/")
        self.assertEqual(again.content, drawn.content)
        # When the page begins and when it is done: no part's keys need looking up.
        self.assertEqual(again_queries, 2)

    def test_public_pages_tell_browsers_and_cdns_how_long_to_keep_them(self):
        response = self.client.get("/news/siversk/")
        cache_control = set(response["Cache-Control"].split(", "))
        self.assertLessEqual(
            {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=600", "stale-if-error=86400"},
            cache_control,
        )
        self.assertTrue(response.has_header("Last-Modified"))
        shown = response["Surrogate-Key"].split(" ")
        for key in (f"article-{self.story.pk}", f"image-{self.photo.pk}", f"location-{self.siversk.pk}", "sections"):
            self.assertIn(key, shown)
        # The "latest" column is a part of its own: a publication elsewhere does not purge this page.
        self.assertNotIn("stories", shown)
        self.assertEqual(response["Cache-Tag"].split(","), shown)
        feed = self.client.get("/feeds/latest/")["Surrogate-Key"].split()
        self.assertIn("stories", feed)
        self.assertIn(f"article-{self.story.pk}", feed)
        tag = self.story.tags.get()
        self.assertIn(f"stories:tag-{tag.pk}", self.client.get("/tags/front-line/")["Surrogate-Key"].split())

    def test_an_unchanged_page_answers_304_fresh_or_cached(self):
        etag = self.client.get("/").headers["ETag"]
        for attempt in ("from the cache", "again"):
            with self.subTest(attempt):
                self.assertEqual(self.client.get("/", headers={"if-none-match": etag}).status_code, 304)
        modified = self.client.get("/")["Last-Modified"]
        self.assertEqual(self.client.get("/", headers={"if-modified-since": modified}).status_code, 304)

    def assert_change_shows(self, url, change, expected):
        self.client.get(url)
        self.assertLessEqual(self.queries(url)[1], 2)  # kept
        with self.captureOnCommitCallbacks(execute=True):
            change()
        self.assertContains(self.client.get(url), expected)

    def test_each_kind_of_change_shows_on_the_next_request(self):
        story, photo = self.story, self.photo

        def edit_story():
            story.headline = "Ukraine confirms withdrawal from Siversk"
            story.save()

        def recaption():
            photo.caption = "Smoke rises over Siversk"
            photo.save()

        def rename_author():
            self.author.name = "Olena Marchenko-Bondar"
            self.author.save()

        def rename_section():
            self.section.name = "Front-line news"
            self.section.save()

        def rename_place():
            self.siversk.name = "Siversk (Sieversk)"
            self.siversk.save()

        def retag():
            story.tags.add("Withdrawals")

        def correct():
            Correction.objects.create(article=story, text="We gave the wrong date.")

        changes = [
            ("story edited", "/news/siversk/", edit_story, "Ukraine confirms withdrawal from Siversk"),
            ("photo caption", "/news/siversk/", recaption, "Smoke rises over Siversk"),
            ("byline renamed", "/news/siversk/", rename_author, "Olena Marchenko-Bondar"),
            ("section renamed", "/sections/news/", rename_section, "Front-line news"),
            ("place renamed", "/places/siversk/", rename_place, "Siversk (Sieversk)"),
            ("tag added", "/news/siversk/", retag, "Withdrawals"),
            ("correction", "/news/siversk/", correct, "We gave the wrong date."),
            ("published", "/", lambda: make_article(headline="A story just published"), "A story just published"),
        ]
        for name, url, change, expected in changes:
            with self.subTest(name):
                self.assert_change_shows(url, change, expected)

    def test_an_unpublished_story_leaves_every_cached_page(self):
        for url in ("/", "/tags/front-line/", "/places/ukraine/", "/news/siversk/"):
            self.client.get(url)
        self.story.unpublish()
        self.assertNotContains(self.client.get("/"), "Siversk withdrawal confirmed")
        self.assertNotContains(self.client.get("/places/ukraine/"), "Siversk withdrawal confirmed")
        self.assertEqual(self.client.get("/tags/front-line/").status_code, 404)
        self.assertEqual(self.client.get("/news/siversk/").status_code, 404)

    def test_a_scheduled_story_shows_on_cached_pages_when_its_time_comes(self):
        at = timezone.now() + timedelta(minutes=30)
        make_article(headline="Scheduled statement", published_at=at, locations=[self.siversk])
        for url in ("/", "/places/siversk/"):
            self.assertNotContains(self.client.get(url), "Scheduled statement")
        with time_machine.travel(at + timedelta(seconds=1)):
            for url in ("/", "/places/siversk/"):
                with self.subTest(url):
                    self.assertContains(self.client.get(url), "Scheduled statement")

    def test_staff_never_see_nor_make_cached_pages(self):
        draft = make_draft(headline="Draft only staff see", slug="draft-only")
        self.client.get("/")  # cached for readers
        self.client.force_login(make_staff("Editors"))
        response, count = self.queries("/")
        self.assertGreater(count, 0)
        self.assertIn("private", response["Cache-Control"])
        preview, _ = self.queries(draft.get_absolute_url())
        self.assertContains(preview, "Draft only staff see")
        self.client.logout()
        self.assertEqual(self.client.get(draft.get_absolute_url()).status_code, 404)

    def test_preview_links_are_never_cached(self):
        link = PreviewLink.objects.create(
            article=make_draft(slug="checked"), expires_at=timezone.now() + timedelta(hours=1)
        )
        self.client.get(link.get_absolute_url())
        self.assertGreater(self.queries(link.get_absolute_url())[1], 0)
        link.revoked_at = timezone.now()
        link.save()
        self.assertEqual(self.client.get(link.get_absolute_url()).status_code, 410)

    def test_query_strings_are_part_of_the_key(self):
        for _ in range(13):
            make_article(tags=["Front line"])
        first = self.client.get("/tags/front-line/")
        second = self.client.get("/tags/front-line/?page=2")
        self.assertNotEqual(first.content, second.content)
        self.assertEqual(self.client.get("/tags/front-line/?page=abc").status_code, 404)


@override_settings(PAGE_CACHE_SECONDS=600)
class StampedeTests(TransactionTestCase):
    """One publication never lines every worker up behind the same render, nor serves what it replaced."""

    def setUp(self):
        self.renders = []
        self.version = "first"
        self.middleware = PageCacheMiddleware(PublicCacheHeadersMiddleware(self.slow_page))

    def slow_page(self, request):
        self.renders.append(self.version)
        time.sleep(0.3)
        keys.show("article-4242")
        return HttpResponse(f"<p>{self.version} version of the page</p>" * 20)

    def ask(self, **headers):
        request = RequestFactory().get("/news/stampede/", headers=headers)
        request.user = AnonymousUser()
        return self.middleware(request)

    def at_once(self, count=2):
        """`count` requests for the same page at the same moment, as workers would take them."""
        answers = [None] * count

        def ask(n):
            answers[n] = self.ask()
            connection.close()  # each thread's own

        threads = [threading.Thread(target=ask, args=(n,)) for n in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return answers

    def test_two_concurrent_misses_make_one_render(self):
        answers = self.at_once()
        self.assertEqual(self.renders, ["first"])
        self.assertEqual([answer.status_code for answer in answers], [200, 200])
        self.assertEqual(answers[0].content, answers[1].content)

    def test_a_page_purged_a_moment_ago_is_drawn_once_while_the_others_get_the_previous_copy(self):
        self.at_once(1)
        purges.purge("article-4242")
        self.version = "second"
        answers = self.at_once(3)
        self.assertEqual(self.renders, ["first", "second"])
        bodies = sorted(answer.content.decode()[:30] for answer in answers)
        self.assertEqual([body.startswith("<p>first") for body in bodies], [True, True, False])
        for answer in answers:
            if "first" in answer.content.decode():  # the previous copy: no shared cache may keep it
                self.assertEqual(answer["X-Page-Cache"], "stale")
                self.assertIn("s-maxage=0", answer["Cache-Control"])
        self.assertIn("second", self.ask().content.decode())

    def test_a_page_taken_down_is_never_served_from_its_previous_copy(self):
        self.at_once(1)
        purges.purge("article-4242", hard=True)
        purges.purge("article-4242")  # a softer purge after it changes nothing
        self.version = "second"
        answers = self.at_once(3)
        self.assertTrue(all("second" in answer.content.decode() for answer in answers))

    def test_a_copy_out_of_date_for_longer_than_the_contract_allows_is_never_served(self):
        self.at_once(1)
        purges.purge("article-4242")
        self.version = "second"
        with time_machine.travel(timezone.now() + timedelta(seconds=STALE_SECONDS + 0.5)):
            answers = self.at_once(3)
        self.assertTrue(all("second" in answer.content.decode() for answer in answers))

    @override_settings(PAGE_REFRESH_IN_BACKGROUND=True)
    def test_in_production_no_reader_waits_for_the_new_copy(self):
        self.at_once(1)
        purges.purge("article-4242")
        self.version = "second"
        asked = time.monotonic()
        answer = self.ask()
        self.assertLess(time.monotonic() - asked, 0.2)  # the render takes 0.3 s, in a thread
        self.assertEqual(answer["X-Page-Cache"], "stale")
        self.assertIn("first", answer.content.decode())
        for _ in range(40):
            time.sleep(0.05)
            if "second" in self.ask().content.decode():
                break
        else:
            self.fail("the new copy never came")
        self.assertEqual(self.renders, ["first", "second"])

    @override_settings(PAGE_REFRESH_IN_BACKGROUND=True)
    def test_the_edge_cache_is_never_handed_the_previous_copy(self):
        # Varnish answers its readers from its own copy while it fetches; what it fetches must be
        # current, or it would keep the previous copy for another round (found through Varnish).
        self.at_once(1)
        purges.purge("article-4242")
        self.version = "second"
        answer = self.ask(surrogate_capability="varnish=ESI/1.0")
        self.assertNotEqual(answer.get("X-Page-Cache"), "stale")
        self.assertIn("second", answer.content.decode())


@override_settings(PAGE_CACHE_SECONDS=600)
class StoryPagePartsTests(TestCase):
    """The story page's "latest" column is a part of its own: filled in here, or left to Varnish."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="A story with a sidebar", slug="with-sidebar")
        cls.other = make_article(headline="Another recent story")

    def test_the_page_is_whole_for_readers_and_the_same_as_drawn_in_one_go(self):
        with override_settings(PAGE_CACHE_SECONDS=0):
            drawn = self.client.get("/news/with-sidebar/").content
        served = self.client.get("/news/with-sidebar/")
        self.assertEqual(served.content, drawn)
        self.assertContains(served, "Another recent story")
        self.assertNotContains(served, "esi:include")

    def test_an_edge_cache_that_does_esi_gets_the_part_to_fill_in(self):
        response = self.client.get("/news/with-sidebar/", headers={"Surrogate-Capability": 'varnish="ESI/1.0"'})
        self.assertContains(response, '<esi:include src="/parts/latest/"/>')
        self.assertIn('content="ESI/1.0"', response["Surrogate-Control"])
        part = self.client.get("/parts/latest/")
        self.assertContains(part, "Another recent story")
        self.assertEqual(part["X-Robots-Tag"], "noindex")

    def test_a_new_story_reaches_the_sidebar_without_drawing_the_story_page_again(self):
        self.client.get("/news/with-sidebar/")
        with self.captureOnCommitCallbacks(execute=True):
            make_article(headline="Just published elsewhere")
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/news/with-sidebar/")
        self.assertContains(response, "Just published elsewhere")
        # The story page was kept: besides the purge log, only the latest list's one query.
        reads = [q["sql"] for q in queries.captured_queries if "common_purge" not in q["sql"]]
        self.assertEqual(len(reads), 1, reads)
        self.assertIn("articles_article", reads[0])


@override_settings(PAGE_CACHE_SECONDS=600)
class ScheduleAndEdgeLifetimeTests(TestCase):
    def test_no_cache_may_keep_a_list_past_the_next_scheduled_story(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_article(headline="Out already")
            make_article(headline="Out in 100 seconds", published_at=timezone.now() + timedelta(seconds=100))
        cache_control = self.client.get("/")["Cache-Control"]
        s_maxage = int(cache_control.split("s-maxage=")[1].split(",")[0])
        max_age = int(cache_control.split("max-age=")[1].split(",")[0])
        self.assertLessEqual(s_maxage, 100)
        self.assertLessEqual(max_age, 60)
        self.assertGreater(s_maxage, 90)

    @override_settings(EDGE_CACHE_SECONDS=3600)
    def test_a_purged_edge_cache_may_keep_pages_longer(self):
        with self.captureOnCommitCallbacks(execute=True):
            make_article(slug="long-lived")
        response = self.client.get("/news/long-lived/")
        self.assertEqual(response["Surrogate-Control"], "max-age=3600")
        self.assertIn("s-maxage=300", response["Cache-Control"])
