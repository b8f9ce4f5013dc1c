import re

from django.test import TestCase

from articles.models import Correction
from locations.models import Location
from tests.budgets import content_queries
from tests.factories import make_article, make_author, make_draft, make_future


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.headline_hit = make_article(headline="Drones over Kramatorsk", body="<p>Night attack.</p>")
        cls.body_hit = make_article(headline="A night in the city", body="<p>Residents heard drones all night.</p>")
        cls.place_story = make_article(headline="Water returns", locations=[Location.objects.get(slug="sloviansk")])
        cls.byline_story = make_article(headline="Letters from the east", authors=[make_author(name="Sofia Hrytsenko")])
        cls.tag_story = make_article(headline="Call-ups widen", tags=["Мобілізація"])
        make_draft(headline="Secret drones draft")
        make_future(headline="Embargoed drones story")

    def search(self, q, **params):
        return self.client.get("/search/", {"q": q, **params})

    def found(self, q):
        return [story.pk for story in self.search(q).context["page_obj"].object_list]

    def test_headline_matches_rank_above_body_matches(self):
        self.assertEqual(self.found("drones"), [self.headline_hit.pk, self.body_hit.pk])

    def test_unpublished_stories_are_never_found(self):
        response = self.search("drones")
        self.assertNotContains(response, "Secret")
        self.assertNotContains(response, "Embargoed")
        self.assertContains(response, "2 stories found.")

    def test_place_alternative_names_tags_and_bylines_are_searchable(self):
        for query, story in (
            ("Slovyansk", self.place_story),
            ("Слов'янськ", self.place_story),
            ("Donetsk Oblast", self.place_story),
            ("Hrytsenko", self.byline_story),
            ("мобілізація", self.tag_story),
        ):
            with self.subTest(query):
                self.assertIn(story.pk, self.found(query))

    def test_matching_words_are_highlighted_and_text_stays_escaped(self):
        story = make_article(headline="<b>Drone</b> strike", body="<p>A drone hit a <em>school</em>.</p>")
        response = self.search("drone")
        self.assertContains(response, "&lt;b&gt;<mark>Drone</mark>&lt;/b&gt; strike")
        self.assertContains(response, '<p class="search-excerpt">A <mark>drone</mark> hit a school.</p>', html=True)
        self.assertIn(story.pk, self.found("drone"))

    def test_a_half_typed_last_word_still_finds_stories(self):
        self.assertIn(self.headline_hit.pk, self.found("kramat"))

    def test_every_word_is_required(self):
        self.assertEqual(self.found("drones kramatorsk"), [self.headline_hit.pk])

    def test_odd_queries_answer_a_page(self):
        for query in ("", "a", "x" * 10_000, "?!.,;", '"', "drones AND OR NOT", "NEAR(", "*", "\x00drones", "ü" * 300):
            with self.subTest(query=query[:20]):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)

    def test_short_query_explains_itself(self):
        self.assertContains(self.search("a"), "Type at least two letters or digits to search.")
        self.assertContains(self.search("zzzqqq"), "No stories match “zzzqqq”.")

    def test_results_are_paginated_and_bad_pages_404(self):
        for n in range(13):
            make_article(headline=f"Energy story {n}")
        first = self.search("energy")
        self.assertEqual(len(first.context["page_obj"].object_list), 12)
        self.assertContains(first, 'href="?q=energy&amp;page=2"')
        self.assertEqual(len(self.search("energy", page=2).context["page_obj"].object_list), 1)
        for page in ("abc", "0", "99"):
            with self.subTest(page):
                self.assertEqual(self.search("energy", page=page).status_code, 404)

    def test_index_follows_publishing_unpublishing_and_edits(self):
        story = make_draft(headline="Pontoon bridge rebuilt")
        self.assertEqual(self.found("pontoon"), [])
        story.publish()
        self.assertEqual(self.found("pontoon"), [story.pk])
        story.tags.add("Engineering")
        self.assertEqual(self.found("engineering"), [story.pk])
        story.headline = "Ferry crossing rebuilt"
        story.save()
        self.assertEqual(self.found("pontoon"), [])
        story.unpublish()
        self.assertEqual(self.found("ferry"), [])

    def test_search_pages_are_not_indexed_and_the_box_is_on_every_page(self):
        self.assertContains(self.search("drones"), '<meta name="robots" content="noindex, follow">', html=True)
        self.assertContains(self.client.get("/"), 'role="search"')

    def test_search_page_query_budget(self):
        """Counting, the page of hits, the stories with sections and photos, the menu (a result shows no bylines)."""
        for n in range(5):
            make_article(headline=f"Budget drones {n}", authors=[make_author(), make_author()])
        with content_queries(self, 4):
            _ = self.search("drones").content


class BroadSearchTests(TestCase):
    def test_a_very_common_word_lists_matches_newest_first_with_a_hint(self):
        from datetime import timedelta
        from unittest import mock

        from django.utils import timezone

        # Filed in publication order, as stories usually are (SQLite lists by filing order,
        # PostgreSQL by publication time: here both mean the same).
        stories = [
            make_article(headline=f"Shelling report {n}", published_at=timezone.now() - timedelta(minutes=10 - n))
            for n in range(5)
        ]
        with mock.patch("articles.search.MAX_RANKED", 3):
            response = self.client.get("/search/", {"q": "shelling"})
        self.assertContains(response, "More than 3 stories found, newest first.")
        found = [story.pk for story in response.context["page_obj"].object_list]
        self.assertEqual(found, [s.pk for s in reversed(stories)][:3])


class ExcerptTests(TestCase):
    def test_paragraphs_stay_apart_in_excerpts(self):
        make_article(headline="Two paragraphs", body="<p>The first ends here.</p><p>Drones came next.</p>")
        response = self.client.get("/search/", {"q": "drones"})
        self.assertContains(response, "here.\n<mark>Drones</mark>")

    def test_excerpts_show_the_bodys_characters_not_its_entities(self):
        make_article(headline="Ampersand story", body="<p>Drones &amp; shells, 5 &lt; 7.</p>")
        response = self.client.get("/search/", {"q": "shells"})
        self.assertContains(response, "Drones &amp; <mark>shells</mark>, 5 &lt; 7.")
        self.assertNotContains(response, "&amp;amp;")

    def test_marker_characters_in_a_story_never_become_markup(self):
        """The excerpt's <mark> pairs come from the query alone, whatever control characters an editor pastes."""
        make_article(
            headline="Pasted \x02junk\x03 headline", standfirst="A \x02b\x03 c", body="<p>Drones \x02x\x03 y</p>"
        )
        response = self.client.get("/search/", {"q": "drones"})
        html = response.content.decode()
        self.assertIn("Pasted junk headline", html)
        self.assertEqual(html.count("<mark>"), 1)
        self.assertEqual(html.count("</mark>"), 1)


class UpdatedOnEveryListTests(TestCase):
    """A corrected story reads as updated wherever it is listed: cards, search results, the latest list."""

    @classmethod
    def setUpTestData(cls):
        cls.corrected = make_article(headline="Corrected drones story", tags=["Listed"])
        Correction.objects.create(article=cls.corrected, text="A name was misspelled.")  # an hour after it went out
        cls.plain = make_article(headline="Plain drones story", tags=["Listed"])

    def updated_in_list(self, url, list_class):
        """{headline: says "Updated"} for each item of the page's list of stories."""
        html = self.client.get(url).content.decode()
        listing = html[html.index(f'class="{list_class}"') :].split("</ol>")[0]
        items = {}
        for item in listing.split("<li")[1:]:
            headline = re.sub(r"<[^>]+>", "", re.search(r'<a href="/news/[^"]+/">(.*?)</a>', item, re.S).group(1))
            items[headline] = '<span class="badge">Updated</span>' in item
        return items

    def test_search_results_tag_pages_and_the_latest_list_say_updated(self):
        pages = [
            ("/search/?q=drones", "story-list search-results"),
            ("/tags/listed/", "story-list"),
            (self.plain.get_absolute_url(), "latest__list"),
        ]
        for url, list_class in pages:
            with self.subTest(url):
                items = self.updated_in_list(url, list_class)
                self.assertIs(items["Corrected drones story"], True)
                if "Plain drones story" in items:
                    self.assertIs(items["Plain drones story"], False)


class UkrainianSearchTests(TestCase):
    """A place name finds its own forms, not another place or a river's adjective; every form found is marked."""

    @classmethod
    def setUpTestData(cls):
        cls.siversk = make_article(
            headline="Бої за Сіверськ", body="<p>Під Сіверськом тривають бої.</p>", language="uk"
        )
        cls.river = make_article(
            headline="Повінь на річці", body="<p>Вода в Сіверському Дінці піднялася.</p>", language="uk"
        )
        cls.village = make_article(
            headline="Новини громади", body="<p>У селі Покровське відкрили школу.</p>", language="uk"
        )
        cls.pokrovsk = make_article(
            headline="Евакуація триває", body="<p>З Покровська виїхали сотні людей.</p>", language="uk"
        )
        cls.region = make_article(
            headline="Обстріли на Харківщині",
            body="<p>Людей вивозять, евакуацією займаються волонтери.</p>",
            language="uk",
        )

    def search(self, q):
        return self.client.get("/uk/search/", {"q": q})

    def found(self, q):
        return {story.pk for story in self.search(q).context["page_obj"].object_list}

    def test_a_place_name_finds_its_forms_and_not_another_place_or_a_rivers_adjective(self):
        self.assertEqual(self.found("Сіверськ"), {self.siversk.pk})
        self.assertEqual(self.found("Покровськ"), {self.pokrovsk.pk})
        self.assertEqual(self.found("Покровське"), {self.village.pk})

    def test_every_form_found_is_highlighted(self):
        for query, marked in (
            ("Сіверськ", "<mark>Сіверськом</mark>"),
            ("Харківщина", "<mark>Харківщині</mark>"),
            ("евакуація", "<mark>евакуацією</mark>"),
            ("Евакуації", "<mark>Евакуація</mark>"),
            ("Покровськ", "<mark>Покровська</mark>"),
        ):
            with self.subTest(query):
                self.assertContains(self.search(query), marked)

    def test_a_half_typed_ukrainian_word_still_finds_and_marks(self):
        self.assertEqual(self.found("Сіверс"), {self.siversk.pk, self.river.pk})
        self.assertContains(self.search("Сіверс"), "<mark>Сіверському</mark>")
