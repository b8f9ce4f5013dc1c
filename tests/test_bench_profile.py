"""make bench-profile: every reader page, profiled, with figures that mean something."""

import re
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from locations.models import Location
from tests.factories import make_article, make_author


class ProfileCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        author = make_author(name="Olena Marchenko")
        for _ in range(3):
            make_article(tags=["front"], authors=[author], locations=[Location.objects.get(slug="siversk")])
        make_article(language="uk", headline="Новина дня")

    def test_it_refuses_to_profile_pages_a_cache_would_keep(self):
        with self.assertRaisesMessage(CommandError, "CACHE_URL=dummy://"):
            call_command("bench_profile", "--no-write", stdout=StringIO())

    @override_settings(CACHE_SCHEME="dummy")
    def test_each_page_gets_its_time_queries_and_shares(self):
        out = StringIO()
        call_command("bench_profile", "--renders", "3", "--no-write", stdout=out)
        rows = [line for line in out.getvalue().splitlines() if line.startswith("| ") and "`/" in line]
        # bench-http's pages of each kind this database has, in both editions: no story is in a
        # section, and the one Ukrainian story has no tag or byline.
        labels = [row.split(" | ")[0][2:].split(" (`")[0] for row in rows]
        self.assertEqual(len(labels), 11, labels)
        self.assertIn("Home, Ukrainian", labels)
        self.assertIn("Search, Ukrainian", labels)
        for row in rows:
            with self.subTest(row[:40]):
                cells = [cell.strip() for cell in row.strip("|").split("|")]
                self.assertGreater(float(cells[1]), 0)  # ms per render
                self.assertGreater(int(cells[2]), 0)  # queries
                shares = [int(share.rstrip("%")) for share in cells[3:8]]
                self.assertLessEqual(sum(shares), 101)  # own time: the areas do not overlap
                self.assertRegex(cells[8], re.compile(r"`\w+\.py:\w+` \d+%"))
