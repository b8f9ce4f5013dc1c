"""The Ukrainian edition's index of places, with the shipped gazetteer's neighbours and Russia's border regions."""

import re

import pytest
from django.test import TestCase

from locations.gazetteer import is_loaded
from locations.models import Location
from tests.gazetteer import load_gazetteer

UKRAINIAN = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"


def alphabetical(name):
    return [UKRAINIAN.index(letter) for letter in name.lower() if letter in UKRAINIAN]


@pytest.mark.heavy
class PlaceIndexInUkrainianTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_gazetteer()

    def test_the_index_has_no_latin_name_and_follows_the_ukrainian_alphabet(self):
        html = self.client.get("/uk/places/").content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        names = re.findall(r'<a href="/uk/places/[^"]+">([^<]+)</a>', main)
        self.assertGreater(len(names), 40)
        self.assertEqual([name for name in names if re.search("[A-Za-z]", name)], [])
        countries = re.findall(r'<h2 class="rule-heading" id="place-[^"]+"><a href="[^"]+">([^<]+)</a>', main)
        self.assertEqual(countries[0], "Україна")  # the home country first, then the alphabet's order
        self.assertEqual(countries[1:], sorted(countries[1:], key=alphabetical))
        self.assertIn("Росія", countries)
        russia = main[main.index(">Росія<") :]
        regions = re.findall(r'<li><a href="/uk/places/[^"]+">([^<]+)</a>', russia[: russia.index("</section>")])
        self.assertEqual(regions, sorted(regions, key=alphabetical))
        self.assertIn("Бєлгородська область", regions)

    def test_a_russian_region_page_names_it_in_ukrainian_and_declines_it(self):
        self.assertContains(self.client.get("/uk/places/kursk-oblast/"), "Новини з Курської області")

    def test_a_database_without_the_extracts_ukrainian_names_abroad_is_loaded_again(self):
        self.assertTrue(is_loaded())
        Location.objects.filter(slug="belarus").update(name_uk="")  # as a database loaded before the names came
        self.assertFalse(is_loaded())
