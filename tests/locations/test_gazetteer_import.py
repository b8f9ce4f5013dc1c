"""
The gazetteer import on a slice of the shipped extract: one raion and one town the starter
gazetteer left directly in its oblast. Fast enough to run anywhere; the whole extract is tested in
tests/locations/full_gazetteer/.
"""

import gzip
import json
import tempfile

from django.test import TestCase

from articles.models import Article
from locations.gazetteer import import_gazetteer, load_extract
from locations.models import Location
from tests.factories import make_article


class SliceImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.siversk = Location.objects.get(slug="siversk")
        cls.story = make_article(locations=[cls.siversk])

    def import_slice(self, raions, settlements):
        data = load_extract()
        sliced = {
            "source": data["source"],
            "foreign": [],
            "raions": [entry for entry in data["raions"] if entry["slug"] in raions],
            "settlements": [entry for entry in data["settlements"] if entry["slug"] in settlements],
        }
        path = f"{self.enterContext(tempfile.TemporaryDirectory())}/slice.json.gz"
        with gzip.open(path, "wt", encoding="utf-8") as extract:
            json.dump(sliced, extract)
        return import_gazetteer(path=path)

    def test_a_town_moves_into_its_raion_and_its_stories_follow_it(self):
        result = self.import_slice({"bakhmut-raion"}, {"siversk"})
        self.assertEqual((result.created, result.moved), (1, 1))
        raion = Location.objects.get(slug="bakhmut-raion")
        self.siversk.refresh_from_db()
        self.assertEqual(self.siversk.parent, raion)
        self.assertEqual(str(self.siversk), "Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk")
        self.assertEqual(list(Article.objects.published().about(raion)), [self.story])
        self.assertContains(self.client.get("/places/bakhmut-raion/"), self.story.headline)
        self.assertContains(self.client.get("/places/donetsk-oblast/"), self.story.headline)

    def test_importing_the_same_slice_again_changes_nothing(self):
        self.import_slice({"bakhmut-raion"}, {"siversk"})
        count = Location.objects.count()
        again = self.import_slice({"bakhmut-raion"}, {"siversk"})
        self.assertEqual((again.created, again.updated, again.moved), (0, 0, 0))
        self.assertEqual(Location.objects.count(), count)
