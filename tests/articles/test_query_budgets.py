from contextlib import contextmanager
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePhoto, Correction, Tag
from common import nearby
from locations.models import Location
from newsroom.pagecache import PageCacheMiddleware
from tests.budgets import content_queries, nothing_kept
from tests.factories import clear_cache, make_article, make_author, make_image, make_section, settle


class QueryBudgetTests(TestCase):
    """
    Every reader page runs a fixed number of queries on the content, however many stories it lists
    and however many bylines, tags and places those stories carry (its looks at the purge log, one per
    kept part, are bounded apart: tests/budgets.py). Guards the N+1s of story cards (section,
    hero photo, bylines) and of the article page (bylines with photos, tags, places, related).
    """

    language = "en"

    @classmethod
    def setUpTestData(cls):
        cls.sections = [make_section(), make_section()]
        cls.author = make_author(photo=make_image())
        cls.places = [Location.objects.get(slug=s) for s in ("siversk", "sloviansk", "kramatorsk")]
        cls.article = cls.add_stories(3)[0]

    @classmethod
    def add_stories(cls, count, extras=0):
        stories = []
        for i in range(count):
            authors = [cls.author] + [make_author(photo=make_image()) for _ in range(1 + extras)]
            stories.append(
                make_article(
                    language=cls.language,
                    section=cls.sections[i % 2],
                    hero_image=make_image(),
                    authors=authors,
                    tags=["Front line", "Drones"] + [f"Extra tag {i}-{n}" for n in range(extras)],
                    locations=cls.places[: 1 + min(extras, 2)],
                )
            )
        return stories

    @staticmethod
    def in_edition(url):
        """The page's address in the edition under test (the Ukrainian tests put /uk/ in front)."""
        return url

    def assert_budget(self, url, budget):
        clear_cache()  # the worst case: nothing kept from an earlier page
        with content_queries(self, budget):
            response = self.client.get(self.in_edition(url))
            _ = response.content
        self.assertEqual(response.status_code, 200)

    def pages(self):
        # A list reads its stories' ids first; the rows and bylines of the stories whose cards must
        # be drawn follow in two more queries (see articles.models.cards), here for every story.
        return {
            # which stories (lead: a marked lead story, else the newest; latest ids; sections; a block
            # of ids per section in one query), the shown stories' ids, their rows + bylines
            "home": ("/", 8),
            # article, bylines with their photos, tags, places, corrections, body photos, stories
            # sharing tags, stories sharing places, the related stories' ids, rows + bylines, latest, menu
            "article": (self.article.get_absolute_url(), 13),
            # one more than section and author: the editions the tag has public stories in (a page
            # only there)
            "tag": (Tag.objects.get(slug="drones").get_absolute_url(), 7),
            "section": (self.sections[0].get_absolute_url(), 6),
            "author": (self.author.get_absolute_url(), 6),
        }

    def test_a_list_whose_cards_are_kept_reads_nothing(self):
        self.add_stories(14, extras=1)
        settle()
        pages = {
            # nothing: which stories it shows (with their photos' ids), the menu and the cards are kept
            "home": ("/", 0),
            # nothing: the tag's row, the page's ids, the editions it has public stories in and the
            # count are kept until the tag or its list changes
            "tag": (Tag.objects.get(slug="drones").get_absolute_url(), 0),
            "section": (self.sections[0].get_absolute_url(), 0),  # the section's row and the page's ids
            "author": (self.author.get_absolute_url(), 0),
        }
        for name, (url, budget) in pages.items():
            with self.subTest(name):
                clear_cache()
                self.client.get(self.in_edition(url))  # draws and keeps every card
                with content_queries(self, budget):
                    response = self.client.get(self.in_edition(url))
                    _ = response.content
                self.assertEqual(response.status_code, 200)

    def test_a_list_whose_cards_are_kept_asks_the_purge_log_once_for_all_of_them(self):
        self.add_stories(14, extras=1)
        settle()
        clear_cache()
        tag = self.in_edition(Tag.objects.get(slug="drones").get_absolute_url())
        self.client.get(tag)  # draws and keeps every card
        with CaptureQueriesContext(connection) as queries:
            self.assertContains(self.client.get(tag), '<article class="card', count=12)
        looks = [query["sql"][:300] for query in queries.captured_queries if "common_purge" in query["sql"]]
        # Where the log stands, the tag's counts, the menu, the twelve cards together, the page once drawn.
        self.assertLessEqual(len(looks), 5, "\n".join(looks))

    def test_a_page_asked_for_again_finds_its_kept_parts_in_one_round_trip_then_nearby(self):
        self.add_stories(14, extras=1)
        settle()
        clear_cache()
        kramatorsk = Location.objects.get(slug="kramatorsk")
        pages = {
            "home": "/",
            "story": self.article.get_absolute_url(),
            "tag": Tag.objects.get(slug="drones").get_absolute_url(),
            "place": kramatorsk.get_absolute_url(),
        }
        for name, url in pages.items():
            with self.subTest(name):
                first = self.client.get(self.in_edition(url)).content  # draws and keeps its parts
                nearby.forget()  # as another worker process would find them: in the shared cache only
                with self.cache_reads() as reads:
                    again = self.client.get(self.in_edition(url)).content
                self.assertEqual(reads, ["get_many"])  # every part it showed last time, at once
                self.assertEqual(again, first)
                with self.cache_reads() as reads:
                    third = self.client.get(self.in_edition(url)).content
                self.assertEqual(reads, [])  # this process holds them now (common.nearby)
                self.assertEqual(third, first)

    @contextmanager
    def cache_reads(self):
        """The cache's reads while the block runs, by name: a single key's finds nothing."""
        reads, get_many = [], cache.get_many

        def counted(*args, **kwargs):
            reads.append("get_many")
            return get_many(*args, **kwargs)

        with (
            mock.patch.object(cache, "get", side_effect=lambda *args, **kwargs: reads.append("get")),
            mock.patch.object(cache, "get_many", side_effect=counted),
        ):
            yield reads

    def test_a_kept_card_whose_story_changed_is_drawn_again_among_kept_ones(self):
        stories = self.add_stories(14, extras=1)
        settle()
        clear_cache()
        tag = self.in_edition(Tag.objects.get(slug="drones").get_absolute_url())
        self.assertContains(self.client.get(tag), stories[1].headline)
        stories[1].headline = "Evacuation resumes in Sloviansk"
        stories[1].save()
        settle()
        page = self.client.get(tag).content.decode()
        self.assertIn("Evacuation resumes in Sloviansk", page)
        self.assertEqual(page.count('<article class="card'), 12)

    def test_each_page_stays_within_its_budget(self):
        for name, (url, budget) in self.pages().items():
            with self.subTest(name):
                self.assert_budget(url, budget)

    def test_budgets_do_not_grow_with_more_stories_bylines_tags_or_places(self):
        self.add_stories(14, extras=3)
        # The article itself gains bylines, tags and places too.
        self.article.authors.add(make_author(photo=make_image()), make_author(photo=make_image()))
        self.article.tags.add("More", "And more", "Still more")
        self.article.locations.add(*self.places)
        for n in range(3):
            ArticlePhoto.objects.create(article=self.article, image=make_image(), after_paragraph=n)
            Correction.objects.create(article=self.article, text=f"Correction {n}.")
        for name, (url, budget) in self.pages().items():
            with self.subTest(name):
                self.assert_budget(url, budget)


class UkrainianQueryBudgetTests(QueryBudgetTests):
    """The same pages in the Ukrainian edition, within the same budgets."""

    language = "uk"

    @staticmethod
    def in_edition(url):
        return url if url.startswith("/uk/") else "/uk" + url


class NothingKeptTests(TestCase):
    """With nothing kept (a cache that is down, or CACHE_URL=dummy://), a page still reads each thing once."""

    def test_a_part_a_page_shows_in_several_places_is_drawn_once(self):
        for name in ("Front line", "Politics"):
            make_article(section=make_section(name=name))
        with nothing_kept(), CaptureQueriesContext(connection) as queries:
            self.assertContains(self.client.get("/"), "Politics")
        menus = [query["sql"] for query in queries.captured_queries if 'FROM "articles_section"' in query["sql"]]
        self.assertEqual(len(menus), 1, "\n".join(menus))

    def test_with_a_cache_that_keeps_nothing_a_story_page_draws_its_latest_list_in_place(self):
        # Left as a part to fill in, it would be asked for as a request of its own on every render.
        story = make_article(headline="Trains run to Sloviansk again")
        make_article(headline="Power is back in Kramatorsk")
        with (
            nothing_kept(),
            override_settings(PAGE_CACHE_SECONDS=600, CACHE_SCHEME="dummy"),
            mock.patch.object(PageCacheMiddleware, "part", autospec=True) as part,
        ):
            response = self.client.get(story.get_absolute_url())
        self.assertContains(response, "Power is back in Kramatorsk")
        self.assertNotContains(response, "esi:include")
        part.assert_not_called()

    def test_through_the_edge_the_latest_list_is_still_left_to_it(self):
        story = make_article(headline="Trains run to Sloviansk again")
        with nothing_kept(), override_settings(PAGE_CACHE_SECONDS=600, CACHE_SCHEME="dummy"):
            response = self.client.get(story.get_absolute_url(), headers={"Surrogate-Capability": 'varnish="ESI/1.0"'})
        self.assertContains(response, "<esi:include")
