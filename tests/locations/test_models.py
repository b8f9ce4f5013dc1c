from django.core.exceptions import ValidationError
from django.test import TestCase

from articles.models import Article
from locations.models import Location
from tests.factories import make_article, make_draft, make_location


class StarterGazetteerTests(TestCase):
    def test_every_oblast_crimea_and_the_two_special_cities_are_under_ukraine(self):
        ukraine = Location.objects.get(slug="ukraine")
        regions = ukraine.children.filter(kind=Location.Kind.REGION)
        self.assertEqual(regions.count(), 25)  # 24 oblasts and Crimea
        self.assertEqual(regions.filter(name__endswith="Oblast").count(), 24)
        self.assertTrue(ukraine.children.filter(slug="kyiv").exists())
        self.assertTrue(ukraine.children.filter(slug="sevastopol").exists())

    def test_demo_towns_sit_in_their_oblast(self):
        for slug in ("siversk", "sloviansk", "kramatorsk", "kostiantynivka"):
            with self.subTest(slug):
                self.assertEqual(str(Location.objects.get(slug=slug)).rsplit(" › ", 1)[0], "Ukraine › Donetsk Oblast")

    def test_alternative_spellings_are_recorded(self):
        sloviansk = Location.objects.get(slug="sloviansk")
        for name in ("Slovyansk", "Slavyansk", "Слов'янськ"):
            self.assertIn(name, sloviansk.alternative_name_list())

    def test_donbas_is_an_area_made_of_two_oblasts(self):
        donbas = Location.objects.get(slug="donbas")
        self.assertEqual(donbas.kind, Location.Kind.AREA)
        self.assertQuerySetEqual(
            donbas.members.order_by("slug").values_list("slug", flat=True),
            ["donetsk-oblast", "luhansk-oblast"],
        )


class HierarchyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.country = make_location(name="Testland", kind=Location.Kind.COUNTRY)
        cls.region = make_location(name="North Oblast", kind=Location.Kind.REGION, parent=cls.country)
        cls.town = make_location(name="Rivertown", parent=cls.region)

    def test_full_name_shows_the_whole_path(self):
        self.assertEqual(str(self.town), "Testland › North Oblast › Rivertown")

    def test_ancestors_come_outermost_first(self):
        self.assertEqual(self.town.ancestors(), [self.country, self.region])

    def test_renaming_a_region_renames_its_towns_paths(self):
        self.region.name = "Upper Oblast"
        self.region.save()
        self.town.refresh_from_db()
        self.assertEqual(str(self.town), "Testland › Upper Oblast › Rivertown")

    def test_moving_a_region_moves_everything_inside_it(self):
        other = make_location(name="Otherland", kind=Location.Kind.COUNTRY)
        self.region.parent = other
        self.region.save()
        self.town.refresh_from_db()
        self.assertTrue(self.town.path.startswith(other.path))
        self.assertFalse(self.town.path.startswith(self.country.path))
        self.assertEqual(str(self.town), "Otherland › North Oblast › Rivertown")

    def test_a_place_cannot_be_put_inside_its_own_town(self):
        self.region.parent = self.town
        with self.assertRaisesMessage(ValidationError, "cannot lie inside itself"):
            self.region.full_clean()

    def test_cyrillic_names_get_latin_slugs(self):
        self.assertEqual(make_location(name="Слов'янськ-тест").slug, "sloviansk-test")

    def test_same_name_gets_a_distinct_slug(self):
        first = make_location(name="Kostiantynivka Test")
        second = make_location(name="Kostiantynivka Test")
        self.assertNotEqual(first.slug, second.slug)


class RollUpTests(TestCase):
    """A story tagged with a town appears on the town, its oblast and its country."""

    @classmethod
    def setUpTestData(cls):
        cls.siversk = Location.objects.get(slug="siversk")
        cls.story = make_article(headline="Siversk story", locations=[cls.siversk])
        cls.kharkiv_story = make_article(headline="Kharkiv story", locations=[Location.objects.get(slug="kharkiv")])
        make_draft(headline="Draft about Siversk", locations=[cls.siversk])

    def stories_about(self, slug):
        return list(Article.objects.published().about(Location.objects.get(slug=slug)))

    def test_story_rolls_up_the_hierarchy(self):
        for slug in ("siversk", "donetsk-oblast", "ukraine"):
            with self.subTest(slug):
                self.assertIn(self.story, self.stories_about(slug))

    def test_story_rolls_up_into_informal_areas_through_their_members(self):
        self.assertEqual(self.stories_about("donbas"), [self.story])

    def test_story_does_not_appear_on_sibling_places(self):
        self.assertEqual(self.stories_about("sloviansk"), [])
        self.assertNotIn(self.kharkiv_story, self.stories_about("donetsk-oblast"))

    def test_moving_a_town_moves_its_stories_between_oblasts(self):
        town = make_location(name="Bordertown", parent=Location.objects.get(slug="donetsk-oblast"))
        story = make_article(locations=[town])
        self.assertIn(story, self.stories_about("donetsk-oblast"))
        town.parent = Location.objects.get(slug="kharkiv-oblast")
        town.save()
        self.assertNotIn(story, self.stories_about("donetsk-oblast"))
        self.assertIn(story, self.stories_about("kharkiv-oblast"))
        self.assertNotIn(story, self.stories_about("donbas"))

    def test_unpublishing_removes_the_story_from_every_place(self):
        self.story.unpublish()
        for slug in ("siversk", "donetsk-oblast", "ukraine", "donbas"):
            with self.subTest(slug):
                self.assertNotIn(self.story, self.stories_about(slug))

    def test_editor_defined_area_gathers_its_members_stories(self):
        belt = make_location(name="Fortress belt", kind=Location.Kind.AREA, parent=Location.objects.get(slug="ukraine"))
        belt.members.set([Location.objects.get(slug=s) for s in ("sloviansk", "kramatorsk")])
        story = make_article(locations=[Location.objects.get(slug="kramatorsk")])
        self.assertEqual(list(Article.objects.published().about(belt)), [story])
        self.assertEqual(self.client.get(belt.get_absolute_url()).context["paginator"].count, 1)

    def test_a_place_removed_from_an_area_takes_its_stories_with_it(self):
        belt = make_location(name="Belt", kind=Location.Kind.AREA, parent=Location.objects.get(slug="ukraine"))
        kramatorsk = Location.objects.get(slug="kramatorsk")
        belt.members.set([kramatorsk, Location.objects.get(slug="sloviansk")])
        story = make_article(locations=[kramatorsk])
        self.assertIn(story, Article.objects.published().about(belt))
        belt.members.remove(kramatorsk)
        self.assertNotIn(story, Article.objects.published().about(belt))
        kramatorsk.areas.add(belt)  # From the member's side too.
        self.assertIn(story, Article.objects.published().about(belt))

    def test_story_tagged_with_town_and_oblast_is_listed_once(self):
        both = make_article(locations=[self.siversk, Location.objects.get(slug="donetsk-oblast")])
        self.assertEqual(self.stories_about("ukraine").count(both), 1)
