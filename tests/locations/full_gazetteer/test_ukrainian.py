"""
Place detection in Ukrainian text: names in any case, the regions' everyday names and adjectives,
and the Ukrainian words around a name that make it something else.
"""

import pytest
from django.test import TestCase

from locations.detection import detect_in_article
from tests.gazetteer import load_gazetteer

SLOVIANSK = "Ukraine › Donetsk Oblast › Kramatorsk Raion › Sloviansk"


def places(text):
    return {str(mention.location) for mention in detect_in_article("", "", text, language="uk")}


@pytest.mark.heavy
class UkrainianDetectionTests(TestCase):
    """With the shipped gazetteer, imported once for the class."""

    @classmethod
    def setUpTestData(cls):
        load_gazetteer()

    def test_a_name_is_found_in_any_of_its_cases(self):
        self.assertEqual(
            places("Бої тривають у Сіверську та під Покровськом, а з Краматорська евакуюють людей."),
            {
                "Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk",
                "Ukraine › Donetsk Oblast › Pokrovsk Raion › Pokrovsk",
                "Ukraine › Donetsk Oblast › Kramatorsk Raion › Kramatorsk",
            },
        )
        self.assertEqual(places("У Слов’янську відновили водопостачання."), {SLOVIANSK})

    def test_regions_by_their_everyday_names_and_adjectives(self):
        self.assertEqual(places("Обстріли на Донеччині й Харківщині тривають."), {
            "Ukraine › Donetsk Oblast", "Ukraine › Kharkiv Oblast",
        })  # fmt: skip
        self.assertEqual(places("Харківська обласна рада зібралася в укритті."), {"Ukraine › Kharkiv Oblast"})
        self.assertEqual(places("У Херсонській області знеструмлено двадцять сіл."), {"Ukraine › Kherson Oblast"})

    def test_a_small_village_by_its_region(self):
        self.assertEqual(
            places("Ракета влучила в кафе в Грозі на Харківщині."),
            {"Ukraine › Kharkiv Oblast › Kupiansk Raion › Hroza", "Ukraine › Kharkiv Oblast"},
        )

    def test_adjectives_and_people_are_not_the_villages_named_after_them(self):
        self.assertEqual(places("Харківський університет продовжує навчання. Донецький напрямок найгарячіший."), set())
        self.assertEqual(places("Тарас Шевченко народився 1814 року."), set())
        self.assertEqual(places("Вода в Сіверському Донці піднялася."), set())
        # An adjective agrees with its noun: the feminine "Запорізька" is not the (neuter) village Запорізьке.
        self.assertEqual(places("Запорізька АЕС знову без зовнішнього живлення."), set())
        self.assertEqual(places("На вулиці Шевченка в Слов’янську вибухнув дрон."), {SLOVIANSK})

    def test_common_words_are_not_villages(self):
        self.assertEqual(places("Добре, що правда перемогла: надія є, а свобода — понад усе."), set())

    def test_a_capital_acting_as_its_government_is_not_suggested(self):
        self.assertEqual(places("Київ заявив, що не погодиться на вимоги Москви."), set())

    def test_english_text_is_not_read_as_ukrainian(self):
        self.assertEqual(
            {str(m.location) for m in detect_in_article("", "", "Fighting in Siversk.", language="en")},
            {"Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk"},
        )
