from django.test import TestCase

from locations.models import Location
from tests.budgets import content_queries
from tests.factories import (
    clear_cache,
    make_article,
    make_author,
    make_draft,
    make_image,
    make_location,
    places_inside,
    settle,
)


class PlacePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.siversk = Location.objects.get(slug="siversk")
        cls.story = make_article(headline="Withdrawal from Siversk", locations=[cls.siversk])
        make_draft(headline="Secret draft about Kramatorsk", locations=[Location.objects.get(slug="kramatorsk")])

    def test_town_page_has_breadcrumbs_up_to_the_country(self):
        response = self.client.get("/places/siversk/")
        self.assertContains(
            response,
            '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>'
            '<li><a href="/places/ukraine/">Ukraine</a></li>'
            '<li><a href="/places/donetsk-oblast/">Donetsk Oblast</a></li>'
            '<li><span aria-current="page">Siversk</span></li></ol></nav>',
            html=True,
        )
        self.assertContains(response, "Withdrawal from Siversk")

    def test_oblast_and_country_pages_list_the_towns_story(self):
        for slug in ("donetsk-oblast", "ukraine", "donbas"):
            with self.subTest(slug):
                self.assertContains(self.client.get(f"/places/{slug}/"), "Withdrawal from Siversk")

    def test_child_places_with_public_stories_are_listed(self):
        response = self.client.get("/places/donetsk-oblast/")
        self.assertEqual(places_inside(response), [("siversk", 1)])
        self.assertContains(
            response,
            '<a class="chip chip--place" href="/places/siversk/">Siversk <span class="chip__count">1</span></a>',
            html=True,
        )
        # Kramatorsk only has a draft, so it is not offered.
        self.assertNotContains(response, "/places/kramatorsk/")

    def test_country_page_lists_the_oblast_and_area_not_the_town(self):
        response = self.client.get("/places/ukraine/")
        self.assertEqual(places_inside(response), [("donbas", 1), ("donetsk-oblast", 1)])

    def test_area_page_lists_its_member_oblasts(self):
        make_article(locations=[Location.objects.get(slug="luhansk")])
        response = self.client.get("/places/donbas/")
        self.assertEqual(set(places_inside(response)), {("donetsk-oblast", 1), ("luhansk-oblast", 1)})

    def test_oblast_page_says_which_areas_it_belongs_to(self):
        self.assertContains(
            self.client.get("/places/donetsk-oblast/"), '<a href="/places/donbas/">Donbas</a>', html=True
        )

    def test_child_counts_are_stories_not_tags(self):
        make_article(locations=[self.siversk, Location.objects.get(slug="sloviansk")])
        response = self.client.get("/places/donetsk-oblast/")
        self.assertEqual(places_inside(response), [("siversk", 2), ("sloviansk", 1)])
        self.assertEqual(places_inside(self.client.get("/places/ukraine/")), [("donbas", 2), ("donetsk-oblast", 2)])

    def test_town_page_has_a_locator_map_with_its_oblast_and_a_dot(self):
        response = self.client.get("/places/siversk/")
        self.assertContains(response, '<svg viewBox="0 0 600 ')
        self.assertContains(response, "Map of Ukraine showing Ukraine › Donetsk Oblast › Siversk")
        self.assertContains(response, 'class="locator-map__region is-highlighted"', count=1)
        self.assertContains(response, 'class="locator-map__dot"', count=1)

    def test_area_map_highlights_its_members(self):
        self.assertContains(self.client.get("/places/donbas/"), "is-highlighted", count=2)

    def test_place_without_stories_says_so(self):
        self.assertContains(self.client.get("/places/volyn-oblast/"), "No published stories about this place yet.")

    def test_drafts_never_appear_on_place_pages(self):
        for slug in ("kramatorsk", "donetsk-oblast", "ukraine"):
            with self.subTest(slug):
                self.assertNotContains(self.client.get(f"/places/{slug}/"), "Secret draft")

    def test_unknown_place_and_bad_pages_answer_404(self):
        self.assertEqual(self.client.get("/places/atlantis/").status_code, 404)
        for page in ("abc", "999999"):
            with self.subTest(page):
                self.assertEqual(self.client.get("/places/ukraine/", {"page": page}).status_code, 404)

    def test_index_lists_every_oblast(self):
        response = self.client.get("/places/")
        self.assertContains(response, '<a href="/places/donetsk-oblast/">Donetsk Oblast</a>', html=True)
        self.assertContains(response, '<a href="/places/zhytomyr-oblast/">Zhytomyr Oblast</a>', html=True)


class PlacePageQueryBudgetTests(TestCase):
    """The place page's queries do not grow with its stories, their bylines or the depth of the roll-up."""

    def add_stories(self, count):
        places = [Location.objects.get(slug=s) for s in ("siversk", "sloviansk", "kramatorsk")]
        for _ in range(count):
            make_article(
                locations=places,
                authors=[make_author(), make_author()],
                hero_image=make_image(),
                tags=["One", "Two", "Three"],
            )

    # The country has no ancestors to fetch, and a town no child places to load. The stories are read
    # as ids, then (every card being drawn here) their rows and bylines.
    # Uncached; one of them reads the live posts about the place (kept afterwards, see below).
    BUDGETS = {"siversk": 11, "donetsk-oblast": 12, "ukraine": 11, "donbas": 11}

    def test_place_page_query_count_is_fixed(self):
        self.add_stories(3)
        for slug, budget in self.BUDGETS.items():
            clear_cache()  # The uncached case: child-place counts are computed.
            with self.subTest(slug), content_queries(self, budget):
                _ = self.client.get(f"/places/{slug}/").content
        self.add_stories(12)
        for slug, budget in self.BUDGETS.items():
            clear_cache()
            with self.subTest(slug, stories=15), content_queries(self, budget):
                _ = self.client.get(f"/places/{slug}/").content

    def test_child_counts_come_from_the_cache_until_a_story_changes(self):
        self.add_stories(2)
        settle()
        self.client.get("/places/ukraine/")
        # Kept: the place with the places above it and its areas, the story count, the page's story
        # ids, the child places with their counts, the live posts, the section menu and the story
        # cards: nothing is read but where the purge log stands.
        with content_queries(self, 0):
            response = self.client.get("/places/ukraine/")
        self.assertEqual(dict(places_inside(response))["donetsk-oblast"], 2)
        with self.captureOnCommitCallbacks(execute=True):
            make_article(locations=[Location.objects.get(slug="siversk")])
        response = self.client.get("/places/ukraine/")
        self.assertEqual(dict(places_inside(response))["donetsk-oblast"], 3)

    def test_place_index_query_count_is_fixed(self):
        clear_cache()
        with content_queries(self, 3):
            _ = self.client.get("/places/").content


class PlaceFeedTests(TestCase):
    def test_feed_lists_public_stories_from_the_place_and_inside_it(self):
        from xml.etree import ElementTree

        siversk = Location.objects.get(slug="siversk")
        make_article(headline="From Siversk", locations=[siversk])
        make_draft(headline="Draft from Siversk", locations=[siversk])
        response = self.client.get("/places/donetsk-oblast/feed/")
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        channel = ElementTree.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("title"), "News from Donetsk Oblast")
        self.assertEqual([item.findtext("title") for item in channel.findall("item")], ["From Siversk"])

    def test_place_page_advertises_its_feed(self):
        response = self.client.get("/places/siversk/")
        self.assertContains(
            response,
            '<link rel="alternate" type="application/rss+xml" title="News from Siversk (RSS)" href="/places/siversk/feed/">',
            html=True,
        )

    def test_unknown_place_feed_is_404(self):
        self.assertEqual(self.client.get("/places/atlantis/feed/").status_code, 404)


class BusyRegionTests(TestCase):
    def test_only_the_busiest_places_inside_are_listed_and_the_rest_summed_up(self):
        region = make_location(
            name="Busy Oblast", kind=Location.Kind.REGION, parent=Location.objects.get(slug="ukraine")
        )
        for n in range(26):
            town = make_location(name=f"Town {n:02d}", parent=region)
            for _ in range(2 if n == 25 else 1):
                make_article(locations=[town])
        response = self.client.get(region.get_absolute_url())
        shown = places_inside(response)
        self.assertEqual(len(shown), 24)
        self.assertEqual(shown[0], ("town-25", 2))  # The busiest comes first.
        self.assertContains(response, "…and 2 more places with stories.")


class PlaceAddressTests(TestCase):
    """A place's address in another casing, or under another name, leads to its page and its feeds."""

    @classmethod
    def setUpTestData(cls):
        make_article(locations=[Location.objects.get(slug="bakhmut")], tags=["Front line"])

    def test_other_casings_of_a_slug_redirect_to_the_real_one(self):
        for asked, real in (
            ("/places/Kyiv/", "/places/kyiv/"),
            ("/places/DONETSK-OBLAST/", "/places/donetsk-oblast/"),
            ("/uk/places/Bakhmut/", "/uk/places/bakhmut/"),
            ("/tags/Front-Line/", "/tags/front-line/"),
            ("/places/Bakhmut/feed/", "/places/bakhmut/feed/"),
            ("/tags/FRONT-LINE/feed/", "/tags/front-line/feed/"),
        ):
            with self.subTest(asked):
                response = self.client.get(asked)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], real)

    def test_a_renamed_places_feeds_redirect_as_its_page_does(self):
        for asked, real in (
            ("/places/artemivsk/", "/places/bakhmut/"),
            ("/places/artemivsk/feed/", "/places/bakhmut/feed/"),
            ("/places/artemivsk/feed/atom/", "/places/bakhmut/feed/atom/"),
            ("/places/Artemivsk/feed/", "/places/bakhmut/feed/"),
        ):
            with self.subTest(asked):
                response = self.client.get(asked)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], real)

    def test_unknown_places_stay_404(self):
        for asked in ("/places/Atlantis/", "/places/atlantis/feed/", "/places/ATLANTIS/feed/"):
            with self.subTest(asked):
                self.assertEqual(self.client.get(asked).status_code, 404)


class UkrainianPlaceNamesTests(TestCase):
    """The Ukrainian edition names every place in Ukrainian, in its alphabet's order, in the case its preposition asks."""

    @classmethod
    def setUpTestData(cls):
        make_article(headline="Бої за Сіверськ", language="uk", locations=[Location.objects.get(slug="siversk")])

    def test_every_oblast_is_named_in_the_genitive_after_from(self):
        for oblast in Location.objects.filter(kind=Location.Kind.REGION, name_uk__endswith="ька область"):
            with self.subTest(oblast.name):
                adjective = oblast.name_uk.split()[0]
                genitive = f"{adjective[:-1]}ої області"  # Донецька область → Донецької області
                self.assertContains(self.client.get(f"/uk/places/{oblast.slug}/"), f"Новини з {genitive}")

    def test_places_in_an_oblast_take_the_locative_and_an_area_the_genitive(self):
        donetsk = self.client.get("/uk/places/donetsk-oblast/")
        self.assertContains(donetsk, "Місця в Донецькій області")
        self.assertContains(donetsk, "Входить до")
        self.assertContains(donetsk, ">Донбасу</a>")

    def test_towns_are_declined_as_ukrainian_names_are(self):
        for slug, genitive in (
            ("siversk", "Сіверська"), ("kramatorsk", "Краматорська"), ("kharkiv", "Харкова"), ("kyiv", "Києва"),
            ("kostiantynivka", "Костянтинівки"), ("huliaipole", "Гуляйполя"), ("sloviansk", "Слов’янська"),
        ):  # fmt: skip
            with self.subTest(slug):
                self.assertContains(self.client.get(f"/uk/places/{slug}/"), f"Новини з {genitive}")

    def test_the_english_edition_keeps_its_names(self):
        self.assertContains(self.client.get("/places/donetsk-oblast/"), "News from Donetsk Oblast")
