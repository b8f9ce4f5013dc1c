from django.test import TestCase
from django.urls import reverse

from tests.factories import make_staff


class PlaceAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_list_shows_the_full_path(self):
        response = self.client.get(reverse("admin:locations_location_changelist"), {"q": "Siversk"})
        self.assertContains(response, "Ukraine › Donetsk Oblast › Siversk")

    def test_search_finds_places_by_alternative_names(self):
        for query, expected in (
            ("Slovyansk", "Sloviansk"),
            ("Kiev", "Kyiv"),
            ("Сіверськ", "Siversk"),
            ("Artemivsk", "Bakhmut"),
        ):
            with self.subTest(query):
                response = self.client.get(reverse("admin:locations_location_changelist"), {"q": query})
                self.assertContains(response, f">{expected}</a>")

    def test_place_autocomplete_finds_alternative_names_and_shows_the_path(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {"term": "Slavyansk", "app_label": "articles", "model_name": "article", "field_name": "locations"},
        )
        self.assertEqual([r["text"] for r in response.json()["results"]], ["Ukraine › Donetsk Oblast › Sloviansk"])
