from xml.etree import ElementTree

from django.test import TestCase

from locations.models import Location
from tests.factories import make_article, make_author, make_draft, make_future, make_image, make_section

ATOM = "{http://www.w3.org/2005/Atom}"


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="News", slug="news")
        cls.author = make_author(name="Olena Marchenko", slug="olena")
        place = Location.objects.get(slug="kramatorsk")
        common = {"section": cls.section, "authors": [cls.author], "tags": ["Drones"], "locations": [place]}
        cls.story = make_article(headline="Public story", hero_image=make_image(), **common)
        make_draft(headline="Draft story", **common)
        make_future(headline="Future story", **common)
        cls.urls = [
            "/feeds/latest/",
            "/sections/news/feed/",
            "/authors/olena/feed/",
            "/tags/drones/feed/",
            "/places/kramatorsk/feed/",
            "/places/donetsk-oblast/feed/",
        ]

    def test_every_rss_feed_parses_and_lists_only_public_stories(self):
        for url in self.urls:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
                channel = ElementTree.fromstring(response.content).find("channel")
                self.assertEqual([i.findtext("title") for i in channel.findall("item")], ["Public story"])

    def test_every_atom_feed_parses_and_lists_only_public_stories(self):
        for url in self.urls:
            with self.subTest(url):
                response = self.client.get(url + "atom/")
                self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
                feed = ElementTree.fromstring(response.content)
                self.assertEqual([e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")], ["Public story"])

    def test_hero_photo_is_an_enclosure_with_its_size(self):
        item = ElementTree.fromstring(self.client.get("/feeds/latest/").content).find("channel/item")
        enclosure = item.find("enclosure")
        self.assertTrue(enclosure.get("url").startswith("http://testserver/media/renditions/"))
        self.assertTrue(enclosure.get("url").endswith("social-1200x630.jpg"))
        self.assertEqual(enclosure.get("type"), "image/jpeg")
        self.assertGreater(int(enclosure.get("length")), 0)
        self.assertEqual(item.findtext("category"), "News")

    def test_pages_advertise_their_feeds(self):
        pages = {
            "/": "/feeds/latest/",
            "/sections/news/": "/sections/news/feed/atom/",
            "/authors/olena/": "/authors/olena/feed/",
            "/tags/drones/": "/tags/drones/feed/atom/",
        }
        for page, feed in pages.items():
            with self.subTest(page):
                self.assertContains(self.client.get(page), f'href="{feed}"')

    def test_unknown_feeds_are_404(self):
        for url in ("/sections/nope/feed/", "/authors/nope/feed/atom/", "/tags/nope/feed/atom/"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)


class FeedDateStyleTests(TestCase):
    def test_feeds_write_dates_in_the_house_style_of_the_pages(self):
        from datetime import UTC, datetime

        from articles.models import Correction

        story = make_article(headline="Dated story", published_at=datetime(2025, 12, 23, 12, 20, tzinfo=UTC))
        Correction.objects.create(article=story, text="A fix.", published_at=datetime(2025, 12, 23, 14, 45, tzinfo=UTC))
        for url in ("/feeds/latest/", "/feeds/latest/atom/"):
            with self.subTest(url):
                self.assertContains(self.client.get(url), "Correction&lt;/strong&gt; (23 December 2025, 16:45): A fix.")
        self.assertContains(self.client.get(story.get_absolute_url()), ">23 December 2025, 16:45</time>")
        self.assertContains(self.client.get("/"), ">23 December 2025, 14:20</time>")
