import copy

from django.test import TestCase

from articles.models import Article
from tests.factories import make_article, make_author, make_image


class CardStoryTests(TestCase):
    """A list's stories as cards: ids first, every row at once when the first card must be drawn."""

    @classmethod
    def setUpTestData(cls):
        cls.stories = [
            make_article(headline=f"Story {n}", authors=[make_author()], hero_image=make_image()) for n in range(3)
        ]

    def test_ids_come_in_one_query_and_the_rows_of_the_whole_list_in_one_more(self):
        with self.assertNumQueries(1):
            cards = list(Article.objects.published().cards())
            self.assertEqual({card.pk for card in cards}, {story.pk for story in self.stories})
            self.assertEqual({card.hero_image_id for card in cards}, {story.hero_image_id for story in self.stories})
        with self.assertNumQueries(2):  # the rows with section and photo, then the bylines
            headlines = {card.headline for card in cards}
            bylines = {author.name for card in cards for author in card.bylines}
        self.assertEqual(headlines, {"Story 0", "Story 1", "Story 2"})
        self.assertEqual(len(bylines), 3)

    def test_a_card_stands_for_its_story(self):
        card = Article.objects.published().filter(pk=self.stories[0].pk).cards().get()
        self.assertEqual(card, Article.objects.get(pk=self.stories[0].pk))
        self.assertEqual(card.get_absolute_url(), self.stories[0].get_absolute_url())
        self.assertEqual(copy.copy(card).pk, card.pk)  # no endless lookup of unfilled private names

    def test_a_story_deleted_before_its_card_is_drawn_says_so(self):
        card = Article.objects.published().filter(pk=self.stories[0].pk).cards().get()
        Article.objects.filter(pk=card.pk).delete()
        with self.assertRaises(Article.DoesNotExist):
            _ = card.headline


class CardMarkupTests(TestCase):
    """A card is drawn by Jinja2 (newsroom/jinja2.py), escaped and dated exactly as Django's templates would."""

    def test_a_headline_with_markup_and_quotes_is_escaped_as_django_escapes_it(self):
        make_article(headline='Kramatorsk\'s <b>night</b> & "day"', standfirst="It's <i>quiet</i>.")
        page = self.client.get("/").content.decode()
        self.assertIn("Kramatorsk&#x27;s &lt;b&gt;night&lt;/b&gt; &amp; &quot;day&quot;", page)
        self.assertNotIn("<b>night</b>", page)
        self.assertNotIn("&#39;", page)

    def test_a_card_in_the_ukrainian_edition_is_dated_in_ukrainian(self):
        make_article(language="uk", headline="Потяги знову йдуть до Слов'янська")
        page = self.client.get("/uk/").content.decode()
        self.assertIn("Потяги знову йдуть до Слов&#x27;янська", page)
        ukrainian_date = r'<time class="story-time" datetime="[^"]+">\d{1,2} [а-яіїєґ]+ \d{4}, \d{2}:\d{2}</time>'
        self.assertRegex(page, r'<p class="card__meta">\s*' + ukrainian_date)
