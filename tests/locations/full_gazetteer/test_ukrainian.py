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
        # Kyiv acts; Moscow, named by its Ukrainian name, is a place the story names.
        self.assertEqual(places("Київ заявив, що не погодиться на вимоги Москви."), {"Russia › Moscow"})

    def test_english_text_is_not_read_as_ukrainian(self):
        self.assertEqual(
            {str(m.location) for m in detect_in_article("", "", "Fighting in Siversk.", language="en")},
            {"Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk"},
        )

    # Found on real Ukrainian text (the lang-uk corpus): general evidence, not word lists

    def test_the_draft_editors_wrote_gets_its_three_places_and_nothing_else(self):
        draft = (
            "У Сіверську знову стріляли. На Харківщині тривають бої. Біля Костянтинівки евакуація. "
            "На вулиці Шевченка зібралися люди. Київ заявив про нові санкції."
        )
        self.assertEqual(places(draft), {
            "Ukraine › Donetsk Oblast › Bakhmut Raion › Siversk", "Ukraine › Kharkiv Oblast",
            "Ukraine › Donetsk Oblast › Kramatorsk Raion › Kostiantynivka",
        })  # fmt: skip

    def test_everyday_words_that_open_a_sentence_are_not_villages(self):
        # Чома, Мена, Середи and Мати are villages; these are a pronoun, a preposition and a verb.
        self.assertEqual(places("Чому так сталося? Мені сказали одне. Серед них був і він. Мати хотіла знати."), set())

    def test_lowercase_phrases_are_not_names(self):
        self.assertEqual(places("Вони почали нове життя далеко від рідного краю, на землі доброї волі."), set())

    def test_people_are_not_the_villages_that_share_their_names(self):
        self.assertEqual(
            places("Ми з Марією зустріли Давида. Анатолія Близнюка звільнили. Пам’ятник Сталіну знесли."), set()
        )

    def test_a_quoted_title_is_not_a_place(self):
        self.assertEqual(places("Про це пише газета «Рівне вечірнє»."), set())

    def test_a_settlement_word_lets_a_common_word_be_a_town(self):
        self.assertEqual(
            places("Обстріляли інфраструктуру у м. Щастя."), {"Ukraine › Luhansk Oblast › Shchastia Raion › Shchastia"}
        )

    def test_a_city_named_after_a_noun_keeps_its_case_and_a_list_keeps_its_preposition(self):
        self.assertEqual(places("Ми жили у Рівному, Луцьку і Полтаві."), {
            "Ukraine › Rivne Oblast › Rivne Raion › Rivne", "Ukraine › Volyn Oblast › Lutsk Raion › Lutsk",
            "Ukraine › Poltava Oblast › Poltava Raion › Poltava",
        })  # fmt: skip

    def test_a_capital_named_in_the_genitive_is_not_its_government(self):
        self.assertEqual(places("Прокуратура Києва заявила про підозру."), {"Ukraine › Kyiv"})

    def test_a_town_with_no_known_population_is_weighed_by_what_the_register_calls_it(self):
        self.assertEqual(
            places("Двоє людей приїхали з Новоазовська."), {"Ukraine › Donetsk Oblast › Kalmiuske Raion › Novoazovsk"}
        )

    def test_a_name_with_little_around_it_is_suggested_less_surely_and_says_why(self):
        [placed] = detect_in_article("", "", "Вибухи пролунали у Сіверську.", language="uk")
        [bare] = detect_in_article("", "", "Вибухи пролунали, Сіверськ знову без світла.", language="uk")
        self.assertGreater(placed.confidence, bare.confidence)
        self.assertIn("little in the words around it says it is a place", bare.reasons)

    def test_world_cities_named_in_ukrainian_are_not_villages_that_share_a_name(self):
        # Мюнхен was Hradivka's name once; a village in Sumy Oblast is called Ростов.
        self.assertEqual(places("Він повернувся з Мюнхена. Переговори у Ростові провалилися. Ми були в Парижі."), set())

    def test_abbreviated_regions_and_settlements(self):
        found = places("У Бахмутському р-ні, с. Долина; Київська обл.")
        self.assertEqual(len(found), 3, found)
        self.assertLessEqual({"Ukraine › Donetsk Oblast › Bakhmut Raion", "Ukraine › Kyiv Oblast"}, found)
        self.assertTrue(any(place.endswith("› Dolyna") for place in found))  # a town named like a common word
