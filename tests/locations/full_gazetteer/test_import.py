import pytest
from django.test import TestCase

from articles.models import Article
from locations.detection import detect
from locations.gazetteer import import_gazetteer
from locations.models import Location, PlaceName
from tests.factories import make_article
from tests.gazetteer import load_gazetteer
from tests.locations.labelled import LABELLED


@pytest.mark.heavy
class FullGazetteerTests(TestCase):
    """The shipped extract as its import leaves it; imported again over itself where a test says so."""

    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(locations=[Location.objects.get(slug="siversk")])
        load_gazetteer()

    def test_every_settlement_of_the_codifier_sits_in_its_raion(self):
        settlements = Location.objects.filter(
            kind=Location.Kind.SETTLEMENT, path__startswith=Location.objects.get(slug="ukraine").path
        )
        self.assertGreater(settlements.count(), 29_000)
        self.assertEqual(Location.objects.filter(kind=Location.Kind.DISTRICT).count(), 136)
        siversk = Location.objects.get(slug="siversk")  # from the starter gazetteer, moved into its raion
        self.assertEqual(str(siversk), "Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk")
        self.assertEqual(
            (siversk.name_uk, siversk.population, siversk.code), ("Сіверськ", 10875, "UA14020070010064896")
        )
        self.assertEqual(
            str(Location.objects.get(slug="kostiantynivka-mykolaiv-oblast")),
            "Ukraine › Mykolaiv Oblast › Voznesensk Raion › Kostiantynivka",
        )
        # A village of a few hundred people GeoNames does not list: the codifier's name, no coordinates.
        hroza = Location.objects.get(name="Hroza", path__contains=f"/{Location.objects.get(slug='kupiansk-raion').pk}/")
        self.assertEqual((hroza.name_uk, hroza.latitude, hroza.category), ("Гроза", None, "village"))
        # Kyiv and Sevastopol are their own regions, not a town inside one.
        self.assertEqual(str(Location.objects.get(slug="kyiv")), "Ukraine › Kyiv")

    def test_neighbouring_countries_and_border_regions_are_included(self):
        for slug, expected in (
            ("poland", "Poland"),
            ("kursk-oblast", "Russia › Kursk Oblast"),
            ("moscow", "Russia › Moscow"),
        ):
            with self.subTest(slug):
                self.assertEqual(str(Location.objects.get(slug=slug)), expected)

    def test_reimport_updates_and_never_duplicates_or_deletes(self):
        count, names = Location.objects.count(), PlaceName.objects.count()
        siversk = Location.objects.get(slug="siversk")
        siversk.alternative_names += "\nSiverskyi town"
        siversk.save()
        again = import_gazetteer()
        self.assertEqual(again.created, 0)
        self.assertEqual(Location.objects.count(), count)
        siversk.refresh_from_db()
        self.assertIn("Siverskyi town", siversk.alternative_name_list())  # An editor's name is kept.
        self.assertGreaterEqual(PlaceName.objects.count(), names)
        self.assertEqual(list(Article.objects.published().about(siversk)), [self.story])

    def test_alternative_name_urls_redirect_to_the_place(self):
        for alias, slug in (
            ("slovyansk", "sloviansk"),
            ("slavyansk", "sloviansk"),
            ("kiev", "kyiv"),
            ("artemivsk", "bakhmut"),
            ("seversk", "siversk"),
            ("kostyantynivka", "kostiantynivka"),
        ):
            with self.subTest(alias):
                response = self.client.get(f"/places/{alias}/")
                self.assertRedirects(response, f"/places/{slug}/", status_code=301)

    def test_unknown_place_is_still_404(self):
        self.assertEqual(self.client.get("/places/atlantis/").status_code, 404)

    def test_detection_finds_every_spelling(self):
        cases = {
            "Sloviansk": "sloviansk", "Slovyansk": "sloviansk", "Slavyansk": "sloviansk", "Слов'янськ": "sloviansk",
            "Kostiantynivka": "kostiantynivka", "Kostyantynivka": "kostiantynivka", "Konstantinovka": "kostiantynivka",
            "Siversk": "siversk", "Seversk": "siversk", "Сіверськ": "siversk",
            "Donetsk": "donetsk", "Donetsk region's": "donetsk-oblast", "Donetsk Oblast": "donetsk-oblast",
            "Донецька область": "donetsk-oblast", "Chasiv Yar": "chasiv-yar", "Kiev": "kyiv",
        }  # fmt: skip
        for text, slug in cases.items():
            with self.subTest(text):
                self.assertEqual([m.location.slug for m in detect(f"News from {text} today.", "en")], [slug])

    def test_detection_on_the_labelled_set(self):
        true_positives = false_positives = false_negatives = 0
        for text, expected in LABELLED:
            found = {mention.location.slug for mention in detect(text, "en")}
            true_positives += len(found & expected)
            false_positives += len(found - expected)
            false_negatives += len(expected - found)
        precision = true_positives / (true_positives + false_positives)
        recall = true_positives / (true_positives + false_negatives)
        print(f"\nPlace detection on {len(LABELLED)} labelled texts: precision {precision:.2f}, recall {recall:.2f}")
        self.assertGreaterEqual(precision, 0.9)
        self.assertGreaterEqual(recall, 0.9)

    def test_homonyms_follow_the_article_then_size(self):
        alone = detect("Shelling was reported in Kostiantynivka.", "en")
        self.assertEqual(alone[0].location.slug, "kostiantynivka")  # The largest of five.
        in_context = detect("In Mykolaiv Oblast, Kostiantynivka lost power.", "en")
        self.assertIn("kostiantynivka-mykolaiv-oblast", {m.location.slug for m in in_context})
