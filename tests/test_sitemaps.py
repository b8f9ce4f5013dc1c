from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import time_machine
from django.test import TestCase

from articles.models import Correction
from locations.models import Location
from tests.factories import make_article, make_author, make_draft, make_future, make_section

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        siversk = Location.objects.get(slug="siversk")
        cls.author = make_author(name="Public Author", slug="public-author")
        cls.story = make_article(
            slug="public-story",
            tags=["Мобілізація"],
            locations=[siversk],
            authors=[cls.author],
            section=make_section(slug="news"),
        )
        hidden_author = make_author(slug="hidden-author")
        make_draft(
            slug="draft-story",
            tags=["Secret topic"],
            locations=[Location.objects.get(slug="kharkiv")],
            authors=[hidden_author],
        )
        make_future(slug="future-story", tags=["Future topic"])

    def locations_in(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [loc.text for loc in ElementTree.fromstring(response.content).iter(f"{{{NS['s']}}}loc")]

    def test_index_lists_each_section(self):
        sections = self.locations_in("/sitemap.xml")
        for name in ("articles", "sections", "tags", "places", "authors"):
            self.assertIn(f"http://testserver/sitemap-{name}.xml", sections)

    def test_only_public_urls_are_listed(self):
        every = []
        for name in ("articles", "sections", "tags", "places", "authors"):
            every += self.locations_in(f"/sitemap-{name}.xml")
        self.assertIn("http://testserver/news/public-story/", every)
        self.assertIn("http://testserver/tags/mobilizatsiia/", every)
        self.assertIn("http://testserver/places/siversk/", every)
        self.assertIn("http://testserver/places/ukraine/", every)
        self.assertIn("http://testserver/authors/public-author/", every)
        for hidden in (
            "draft-story",
            "future-story",
            "secret-topic",
            "future-topic",
            "hidden-author",
            "/places/kharkiv/",
        ):
            self.assertFalse([url for url in every if hidden in url], hidden)

    def test_robots_txt_points_at_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertContains(response, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(response, "Disallow: /admin/")
        self.assertContains(response, "Disallow: /*/live/?after=")  # the answers to live pages' polls


NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


class NewsAndImageSitemapTests(TestCase):
    def test_news_sitemap_lists_the_last_two_days_with_publication_details(self):
        from datetime import datetime, timedelta

        from django.utils import timezone

        fresh = make_article(headline="Fresh story", slug="fresh", published_at=timezone.now() - timedelta(hours=20))
        make_article(headline="Old story", slug="old", published_at=timezone.now() - timedelta(days=3))
        make_draft(headline="Draft", slug="draft")
        root = ElementTree.fromstring(self.client.get("/sitemap-news.xml").content)
        urls = root.findall(f"{{{NS['s']}}}url")
        self.assertEqual([u.findtext(f"{{{NS['s']}}}loc") for u in urls], ["http://testserver/news/fresh/"])
        news = urls[0].find(f"{NEWS}news")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}name"), "The Eastern Dispatch")
        self.assertEqual(news.findtext(f"{NEWS}publication/{NEWS}language"), "en")
        self.assertEqual(news.findtext(f"{NEWS}title"), "Fresh story")
        published = datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
        self.assertEqual(published.replace(microsecond=0), fresh.published_at.replace(microsecond=0))
        self.assertIn("http://testserver/sitemap-news.xml", SitemapTests.locations_in(self, "/sitemap.xml"))

    def test_news_sitemap_keeps_live_coverage_while_it_goes_on(self):
        from datetime import timedelta

        from django.utils import timezone

        three_days = timezone.now() - timedelta(days=3)
        make_article(headline="Long live", slug="long-live", is_live=True, published_at=three_days)
        make_article(
            headline="Ended", slug="ended", is_live=True, published_at=three_days, coverage_ended_at=three_days
        )
        root = ElementTree.fromstring(self.client.get("/sitemap-news.xml").content)
        locations = [u.findtext(f"{{{NS['s']}}}loc") for u in root.findall(f"{{{NS['s']}}}url")]
        self.assertEqual(locations, ["http://testserver/news/long-live/"])

    def test_story_sitemap_names_each_hero_photo(self):
        from tests.factories import make_image

        story = make_article(slug="with-photo", hero_image=make_image())
        root = ElementTree.fromstring(self.client.get("/sitemap-articles.xml").content)
        url = root.find(f"{{{NS['s']}}}url")
        self.assertEqual(url.findtext(f"{{{NS['s']}}}loc"), "http://testserver/news/with-photo/")
        self.assertEqual(url.findtext(f"{IMAGE}image/{IMAGE}loc"), "http://testserver" + story.hero_image.social_url)


class SitemapDateTests(TestCase):
    """Crawlers see a date for each sitemap that follows what is public, never an unpublished save."""

    def lastmods(self):
        root = ElementTree.fromstring(self.client.get("/sitemap.xml").content)
        return {
            sitemap.findtext("s:loc", namespaces=NS).rsplit("/", 1)[-1]: sitemap.findtext("s:lastmod", namespaces=NS)
            for sitemap in root.findall("s:sitemap", NS)
        }

    def test_a_scheduled_story_dates_the_sitemaps_by_its_publication_once_due(self):
        noon = datetime(2025, 12, 23, 10, 0, tzinfo=UTC)
        with time_machine.travel(noon, tick=False):
            make_article(slug="earlier", tags=["Front line"], published_at=noon - timedelta(hours=1))
            make_article(slug="scheduled", tags=["Front line"], published_at=noon + timedelta(minutes=30))
            before = self.lastmods()
        self.assertEqual(before["sitemap-articles.xml"], "2025-12-23T11:00:00+02:00")
        self.assertEqual(before["sitemap-tags.xml"], "2025-12-23T11:00:00+02:00")  # not the scheduled story's save
        with time_machine.travel(noon + timedelta(minutes=31), tick=False):
            after = self.lastmods()
        for name in ("sitemap-news.xml", "sitemap-articles.xml", "sitemap-tags.xml"):
            with self.subTest(name):
                self.assertEqual(after[name], "2025-12-23T12:30:00+02:00")

    def test_a_correction_moves_the_date_forward(self):
        noon = datetime(2025, 12, 23, 10, 0, tzinfo=UTC)
        with time_machine.travel(noon, tick=False):
            story = make_article(slug="corrected", published_at=noon - timedelta(hours=2))
            Correction.objects.create(article=story, text="Fixed a name.", published_at=noon)
            self.assertEqual(self.lastmods()["sitemap-articles.xml"], "2025-12-23T12:00:00+02:00")
