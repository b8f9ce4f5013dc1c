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
