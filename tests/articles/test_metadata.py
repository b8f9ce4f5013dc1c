import json
import re
from html.parser import HTMLParser

from django.test import TestCase
from django.utils import timezone

from locations.models import Location
from tests.factories import make_article, make_author, make_image, make_section


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.json_ld, self.canonical, self._in_ld = {}, [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))


def head_of(response):
    parser = _Head()
    parser.feed(response.content.decode())
    return parser


HOSTILE = 'Kyiv says "no" </script><script>alert(1)</script> & more'


class ArticleMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(
            headline=HOSTILE,
            slug="hostile-headline",
            standfirst="Standfirst with 'quotes' and </script>.",
            section=make_section(name="News", slug="news"),
            hero_image=make_image(alt_text="Smoke"),
            authors=[make_author(name="Olena Marchenko", slug="olena")],
            tags=["Front line", "Drones"],
            locations=[Location.objects.get(slug="siversk")],
        )

    def test_json_ld_news_article_carries_every_property(self):
        head = head_of(self.client.get(self.article.get_absolute_url()))
        article = next(block for block in head.json_ld if block["@type"] == "NewsArticle")
        self.assertEqual(article["headline"], HOSTILE)
        self.assertEqual(article["description"], "Standfirst with 'quotes' and </script>.")
        self.assertEqual(article["datePublished"], self.article.published_at.isoformat())
        self.assertIn("dateModified", article)
        self.assertEqual(
            article["author"],
            [{"@type": "Person", "name": "Olena Marchenko", "url": "http://testserver/authors/olena/"}],
        )
        self.assertEqual(article["publisher"]["@type"], "Organization")
        self.assertTrue(article["publisher"]["logo"]["url"].endswith("img/logo.png"))
        self.assertEqual(len(article["image"]), 3)
        self.assertEqual(article["articleSection"], "News")
        self.assertEqual(sorted(article["keywords"]), ["Drones", "Front line"])
        place = article["contentLocation"][0]
        self.assertEqual((place["@type"], place["name"]), ("Place", "Siversk"))
        self.assertEqual(place["geo"]["@type"], "GeoCoordinates")

    def test_breadcrumb_list_runs_home_section_story(self):
        head = head_of(self.client.get(self.article.get_absolute_url()))
        crumbs = next(block for block in head.json_ld if block["@type"] == "BreadcrumbList")
        self.assertEqual([item["name"] for item in crumbs["itemListElement"]], ["Home", "News", HOSTILE])

    def test_script_end_tag_in_a_field_cannot_break_out(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            self.assertNotIn("<", block)
        self.assertNotIn("<script>alert(1)</script>", html)

    def test_open_graph_and_twitter_tags(self):
        head = head_of(self.client.get(self.article.get_absolute_url()))
        self.assertEqual(head.canonical, "http://testserver/news/hostile-headline/")
        self.assertEqual(head.meta["og:title"], [HOSTILE])
        self.assertEqual(head.meta["og:type"], ["article"])
        self.assertEqual(head.meta["og:image:width"], ["1200"])
        self.assertEqual(head.meta["og:image:height"], ["630"])
        self.assertTrue(head.meta["og:image"][0].endswith("social-1200x630.jpg"))
        published = timezone.localtime(self.article.published_at).strftime("%Y-%m-%dT%H:%M")
        self.assertTrue(head.meta["article:published_time"][0].startswith(published))
        self.assertEqual(head.meta["article:section"], ["News"])
        self.assertEqual(sorted(head.meta["article:tag"]), ["Drones", "Front line"])
        self.assertEqual(head.meta["twitter:card"], ["summary_large_image"])
        self.assertIn("article:modified_time", head.meta)


class PlaceMetadataTests(TestCase):
    def test_place_page_has_place_and_breadcrumb_json_ld(self):
        head = head_of(self.client.get("/places/siversk/"))
        place = next(block for block in head.json_ld if block["@type"] == "Place")
        self.assertEqual(place["name"], "Siversk")
        self.assertEqual(round(place["geo"]["latitude"], 2), 48.87)
        crumbs = next(block for block in head.json_ld if block["@type"] == "BreadcrumbList")
        self.assertEqual(
            [i["name"] for i in crumbs["itemListElement"]], ["Home", "Ukraine", "Donetsk Oblast", "Siversk"]
        )
        self.assertEqual(head.canonical, "http://testserver/places/siversk/")
