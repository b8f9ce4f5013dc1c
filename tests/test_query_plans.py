"""Every query a reader page runs reads the big tables through an index, never by scanning them whole."""

import re

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction
from locations.models import Location
from tests.factories import make_article, make_author, make_image, make_section

# Tables that grow with the archive. Sections, authors and the like stay small enough to read whole.
BIG_TABLES = [
    "articles_article",
    "articles_placeindex",
    "articles_taggedarticle",
    "articles_article_locations",
    "articles_article_authors",
    "articles_searchentry",
    "articles_correction",
    "articles_articlephoto",
    "locations_location",
    "locations_placename",
]


class QueryPlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section, author = make_section(slug="news"), make_author(slug="olena")
        siversk = Location.objects.get(slug="siversk")
        for _ in range(3):
            story = make_article(
                section=section, authors=[author], tags=["Front line"], locations=[siversk], hero_image=make_image()
            )
        Correction.objects.create(article=story, text="A correction.")
        cls.story = story

    def pages(self):
        return [
            "/",
            self.story.get_absolute_url(),
            "/tags/front-line/",
            "/tags/front-line/?page=1",
            "/sections/news/",
            "/authors/olena/",
            "/places/",
            "/places/siversk/",
            "/places/donetsk-oblast/",
            "/places/ukraine/",
            "/places/donbas/",
            "/search/?q=headline",
            "/search/?q=siversk",
            "/corrections/",
            "/feeds/latest/",
            "/places/ukraine/feed/",
            "/sitemap-news.xml",
            "/sitemap-articles.xml",
            "/sitemap-tags.xml",
            "/sitemap-places.xml",
        ]

    def test_no_reader_page_scans_a_big_table(self):
        if connection.vendor != "sqlite":
            self.skipTest("Plans are read from SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans by table statistics.")
        scans = re.compile(rf"\bSCAN ({'|'.join(BIG_TABLES)})\b(?! USING)")
        for url in self.pages():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200, url)
            for query in queries.captured_queries:
                sql = query["sql"]
                if not sql.startswith("SELECT"):
                    continue
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                    plan = "\n".join(row[-1] for row in cursor.fetchall())
                with self.subTest(url=url, sql=sql[:150]):
                    self.assertIsNone(scans.search(plan), plan)

    def plan(self, run):
        with CaptureQueriesContext(connection) as queries:
            run()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {queries.captured_queries[0]['sql']}")
            return "\n".join(row[-1] for row in cursor.fetchall())

    def test_the_lead_of_an_edition_with_none_marked_is_looked_for_among_marked_stories_only(self):
        # Walking the edition's stories newest first for a marked one read all 75,000 of them.
        if connection.vendor != "sqlite":
            self.skipTest("Plans are read from SQLite's EXPLAIN QUERY PLAN.")
        plan = self.plan(lambda: Article.objects.published("en").values_list("pk").filter(is_featured=True).first())
        self.assertIn("article_edition_lead_idx", plan)

    def test_a_sections_stories_in_one_edition_are_counted_from_an_index(self):
        if connection.vendor != "sqlite":
            self.skipTest("Plans are read from SQLite's EXPLAIN QUERY PLAN.")
        section = self.story.section
        plan = self.plan(lambda: Article.objects.published("en").filter(section=section).count())
        self.assertIn("COVERING INDEX article_section_edition_idx", plan)
