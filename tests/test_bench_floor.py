"""make bench-floor: the pages' reads alone, against what issue 29's floors leave them."""

from io import StringIO
from unittest import mock

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from bench.management.commands.bench_floor import Command, home_reads, story_reads
from locations.models import Location
from tests.factories import make_article, make_author


class FloorCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = make_author(name="Olena Marchenko")
        siversk = Location.objects.get(slug="siversk")
        cls.older = make_article(headline="Shelling in Siversk", tags=["front"], locations=[siversk])
        cls.story = make_article(
            headline="Withdrawal from Siversk", tags=["front"], authors=[cls.author], locations=[siversk]
        )

    def test_it_refuses_to_time_pages_a_cache_would_keep(self):
        with self.assertRaisesMessage(CommandError, "CACHE_URL=dummy://"):
            call_command("bench_floor", "--no-write", stdout=StringIO())

    def test_the_story_reads_are_what_its_page_shows(self):
        page = self.client.get(self.story.get_absolute_url()).content.decode()
        read = story_reads(self.story.slug, "en")
        self.assertEqual(read["story"]["headline"], "Withdrawal from Siversk")
        self.assertEqual([author[0] for author in read["authors"]], ["Olena Marchenko"])
        self.assertEqual([tag[1] for tag in read["tags"]], ["front"])
        self.assertEqual([place[3] for place in read["places"]], ["siversk"])
        # The related story the page shows, with its columns.
        self.assertIn("Shelling in Siversk", page)
        self.assertEqual([row[1] for row, _bylines in read["related"].values()], ["Shelling in Siversk"])

    def test_the_home_reads_hold_every_story_on_the_home_page(self):
        page = self.client.get("/").content.decode()
        cards = home_reads("en")
        self.assertEqual(set(cards), {self.story.pk, self.older.pk})
        self.assertEqual(cards[self.story.pk][1], [["Olena Marchenko", "", self.author.slug]])
        for row, _bylines in cards.values():
            self.assertIn(row[1], page)

    @override_settings(CACHE_SCHEME="dummy")
    def test_the_table_says_what_each_floor_leaves_and_what_the_reads_allow(self):
        def over_http(pages, *args):
            return {"/health/": 2000.0, **dict.fromkeys(pages.values(), 80.0)}

        out = StringIO()
        with mock.patch.object(Command, "over_http", side_effect=over_http):
            call_command("bench_floor", "--repeat", "3", "--no-write", stdout=out)
        lines = out.getvalue().splitlines()
        rows = {line.split(" (`")[0][2:]: line for line in lines if line.startswith("| ") and " (`/" in line}
        self.assertEqual(set(rows), {"Home", "Article"})
        cells = [cell.strip() for cell in rows["Article"].strip("|").split("|")]
        # 2 workers at 2,000 req/s: 1 ms a request; at 15 % a page has 1/0.15 - 1 = 5.67 times that.
        self.assertEqual(cells[1:5], ["80 req/s", "4.0%", "15%", "5.7 ms"])
        reads = float(cells[5].removesuffix(" ms"))
        self.assertGreater(reads, 0)
        self.assertEqual(int(cells[6]), 13)
        # /health/'s 1 ms over 1 ms plus the reads, which the table shows rounded to 0.1 ms.
        most = float(cells[8].rstrip("%"))
        self.assertGreaterEqual(most + 0.05, 100 / (1 + reads + 0.05))
        self.assertLessEqual(most - 0.05, 100 / (1 + reads - 0.05))
