"""
The words around a name decide what it is: a place, part of another name, its region, its
government, or a place abroad. One test per class of wrong suggestion an editor would otherwise see.
"""

import pytest
from django.test import TestCase

from locations.detection import detect, detect_in_article
from locations.models import Location
from tests.gazetteer import load_gazetteer


def suggested(text):
    return {mention.location.slug for mention in detect_in_article("", "", text, language="en")}


def suggested_in(text, language):
    return {mention.location.slug for mention in detect_in_article("", "", text, language=language)}


@pytest.mark.heavy
class ContextTests(TestCase):
    """With the shipped gazetteer, imported once for the class (a few seconds)."""

    @classmethod
    def setUpTestData(cls):
        load_gazetteer()

    # Names inside other names
    def test_people_named_after_places_are_not_places(self):
        self.assertEqual(suggested("The writer Lesia Ukrainka spent her summers by the lake."), set())
        self.assertEqual(suggested("Bohdan Khmelnytskyi's statue was covered with sandbags."), set())
        self.assertEqual(suggested("Readings of Taras Shevchenko were held in shelters in Kharkiv."), {"kharkiv"})

    def test_streets_name_their_town_only(self):
        self.assertEqual(suggested("The strike damaged houses on Shevchenko Street in Kramatorsk."), {"kramatorsk"})

    def test_clubs_are_not_their_towns(self):
        self.assertEqual(suggested("Dynamo Kyiv beat Zorya Luhansk 2-0; Shakhtar Donetsk lost."), set())
        self.assertEqual(suggested("FC Dnipro-1 moved its match abroad."), set())

    def test_plants_dams_and_rivers_are_not_the_towns_they_are_named_after(self):
        self.assertEqual(suggested("The Kakhovka dam was destroyed on 6 June 2023."), set())
        self.assertEqual(suggested("Russian forces seized the Zaporizhzhia nuclear power plant."), set())
        self.assertEqual(suggested("Marines crossed the Dnipro near Kherson."), {"kherson"})
        self.assertEqual(suggested("Pontoons on the Oskil reservoir were hit."), set())
        self.assertEqual(suggested("The Dnipro city council met; Dnipro's mayor spoke."), {"dnipro"})

    def test_schools_and_military_directions_are_not_places(self):
        self.assertEqual(suggested("The Kyiv School of Economics published an estimate."), set())
        self.assertEqual(suggested("The Donetsk direction saw the most attacks; the Kupiansk axis held."), set())
        self.assertEqual(suggested("A missile hit a Kharkiv school."), {"kharkiv"})

    # Regions
    def test_a_list_of_regions_names_oblasts_not_cities(self):
        self.assertEqual(
            suggested("Alerts sounded in the Sumy and Chernihiv regions."), {"sumy-oblast", "chernihiv-oblast"}
        )
        self.assertEqual(
            suggested("Power cuts in Kyiv, Odesa and Dnipropetrovsk regions; attacks in Kharkiv and Luhansk oblasts."),
            {"kyiv-oblast", "odesa-oblast", "dnipropetrovsk-oblast", "kharkiv-oblast", "luhansk-oblast"},
        )

    def test_a_regional_council_or_governor_stands_for_the_oblast(self):
        self.assertEqual(suggested("The Kharkiv regional council met in a shelter."), {"kharkiv-oblast"})
        self.assertEqual(
            suggested("Ivan Fedorov, the Zaporizhzhia governor, said two were hurt."), {"zaporizhzhia-oblast"}
        )

    # Governments
    def test_a_capital_that_acts_is_its_government_and_not_suggested(self):
        self.assertEqual(suggested("Kyiv said the plan was unacceptable; Moscow claimed gains."), set())
        self.assertEqual(
            suggested("Kyiv and Washington agreed on a statement. Moscow had claimed Siversk."), {"siversk"}
        )

    def test_the_same_capital_named_as_a_place_is_suggested(self):
        self.assertEqual(
            suggested("Kyiv was struck by 30 missiles overnight, and Kyiv said it needed air defence."), {"kyiv"}
        )

    def test_governments_are_reported_apart(self):
        [kyiv] = [mention for mention in detect("Kyiv said no.", "en") if mention.location.slug == "kyiv"]
        self.assertEqual((kyiv.count, kyiv.as_government), (0, 1))

    # PlacesAbroad
    def test_a_name_placed_in_russia_is_not_the_ukrainian_village(self):
        self.assertEqual(suggested("Popivka, a village in Russia's Kursk region, was shelled."), {"kursk-oblast"})
        self.assertEqual(suggested("Russia's border town of Popivka was evacuated."), set())

    def test_an_occupied_ukrainian_town_stays_ukrainian(self):
        self.assertEqual(
            suggested("In the Russian-occupied town of Melitopol, partisans struck a depot."), {"melitopol"}
        )

    # Namesakes
    def test_a_namesake_placed_in_its_oblast_is_that_oblasts(self):
        self.assertEqual(
            suggested("Kostiantynivka, a village in Zaporizhzhia Oblast, came under fire."),
            {"kostiantynivka-zaporizhzhia-oblast", "zaporizhzhia-oblast"},
        )
        self.assertEqual(suggested("Shelling hit Kostiantynivka again."), {"kostiantynivka"})  # the Donetsk town

    # Places abroad that share an old name with a Ukrainian village
    def test_a_city_abroad_is_not_the_village_that_once_bore_its_name(self):
        self.assertEqual(suggested("A delegation from Hamburg visited Kharkiv."), {"kharkiv"})
        self.assertEqual(suggested("An exhibition in Paris showed photographs of the siege."), set())
        self.assertEqual(suggested("Refugees from Odessa and from Artemivsk arrived."), {"odesa", "bakhmut"})

    # Confidence and reasons, for the editor
    def test_each_suggestion_says_how_sure_it_is_and_why(self):
        [kramatorsk] = detect_in_article("", "", "Shelling hit Kramatorsk, and Kramatorsk again.", language="en")
        self.assertEqual((kramatorsk.confidence, kramatorsk.reasons), (0.93, ["2 mentions"]))
        [novoselivka] = detect_in_article(
            "", "", "Novoselivka was shelled.", language="en"
        )  # 16 of them, nothing to go by
        self.assertEqual(novoselivka.confidence, 0.5)
        self.assertIn("the largest: check it is the one meant", novoselivka.reasons[-1])
        mentions = detect_in_article(
            "", "", "Novoselivka, Sloviansk and Odesa were shelled. Odesa's port too.", language="en"
        )
        self.assertEqual([m.confidence for m in mentions], sorted((m.confidence for m in mentions), reverse=True))

    def test_a_namesake_is_explained_by_the_places_around_it(self):
        [bakhmut, andriivka] = detect_in_article("", "", "Fighting near Andriivka, south of Bakhmut.", language="en")
        self.assertEqual(andriivka.location.name, "Andriivka")
        self.assertEqual(str(andriivka.location.parent), "Ukraine › Donetsk Oblast › Bakhmut Raion")
        self.assertRegex(
            andriivka.reasons[-1], r"^one of \d+ places of this name: in the same hromada as Bakhmut, also mentioned$"
        )
        self.assertLess(andriivka.confidence, bakhmut.confidence)

    def test_namesakes_named_together_are_taken_from_the_same_raion(self):
        mentions = detect_in_article(
            "", "", "Families left Semenivka and Ocheretyne as the troops advanced.", language="en"
        )
        self.assertEqual(
            {str(m.location.parent) for m in mentions}, {"Ukraine › Donetsk Oblast › Pokrovsk Raion"}, mentions
        )
        self.assertEqual(len(mentions), 2)

    # Small places: every settlement of the official codifier
    def test_front_line_villages_of_a_few_hundred_people_are_found(self):
        for text, name, raion in (
            ("A missile struck a café in Hroza, in the Kharkiv region, killing 59 people.", "Hroza", "Kupiansk Raion"),
            ("Ukrainian troops retook Klishchiivka, south of Bakhmut, in 2023.", "Klishchiivka", "Bakhmut Raion"),
            ("Robotyne was liberated in August 2023.", "Robotyne", "Polohy Raion"),
        ):
            with self.subTest(name):
                places = {
                    m.location.name: m.location.parent.name for m in detect_in_article("", "", text, language="en")
                }
                self.assertEqual(places.get(name), raion, places)

    def test_a_former_name_given_as_such_is_not_another_place(self):
        text = "The village of Niu-York near Toretsk, renamed from Novhorodske in 2021, was shelled."
        self.assertEqual(suggested(text), {"niu-york", "toretsk"})

    def test_english_words_and_acronyms_are_not_villages(self):
        text = "AS the PORT reopened, human rights groups said the hat trick was a step too far."
        self.assertEqual(suggested(text), set())

    def test_a_former_name_is_said_to_be_one(self):
        [bakhmut] = detect_in_article(
            "", "", "Older maps call it Artemivsk; Ukraine restored the name Bakhmut.", language="en"
        )
        self.assertEqual(bakhmut.reasons[:2], ["2 mentions", "as “Artemivsk”"])

    # A second language
    def test_a_language_brings_its_own_words_and_dictionary_forms(self):
        # Ukrainian reads "у Сіверську" as Сіверськ (see test_ukrainian); English does not inflect names.
        self.assertEqual(suggested_in("Бої у Сіверську та під Покровськом.", "uk"), {"siversk", "pokrovsk"})
        self.assertEqual(suggested_in("Бої у Сіверську.", "en"), set())

    # A town's current name stored as another's old name
    def test_a_towns_own_name_is_not_taken_by_a_place_that_bore_it_once(self):
        # GeoNames lists "Oleksandrivs'k", Zaporizhzhia's name until 1921, among its names; a town of
        # Luhansk Oblast bears it today, and seventy times Zaporizhzhia's size does not make it Zaporizhzhia.
        [town] = detect_in_article("", "", "Shelling was reported in Oleksandrivsk overnight.", language="en")
        self.assertEqual(str(town.location), "Ukraine › Luhansk Oblast › Luhansk Raion › Oleksandrivsk")
        self.assertIn("the one whose name it is today", town.reasons[-1])

    def test_a_city_s_current_name_is_dropped_from_a_town_that_bore_it_centuries_ago(self):
        # Nikopol was called Slaviansk for two years in the 1780s; GeoNames keeps it. The extract drops it.
        nikopol = Location.objects.get(slug="nikopol")
        self.assertNotIn("Слов'янськ", nikopol.alternative_name_list())
        [marhanets, sloviansk] = detect_in_article(
            "", "", "Shelling in Marhanets and in Slov'iansk overnight.", language="en"
        )
        self.assertEqual((marhanets.location.slug, sloviansk.location.slug), ("marhanets", "sloviansk"))

    def test_the_audit_lists_names_that_point_at_two_places(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("audit_place_names", stdout=out)
        report = out.getvalue()
        self.assertRegex(report.splitlines()[0], r"^\d+ alternative names are other places' own names\.$")
        self.assertIn(
            "“Oleksandrivs'k” on Ukraine › Zaporizhzhia Oblast › Zaporizhzhia Raion › Zaporizhzhia (710052) — "
            "the own name of Ukraine › Luhansk Oblast › Luhansk Raion › Oleksandrivsk (6401)",
            report,
        )
