import re
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Correction, PreviewLink
from locations.models import Location
from tests.factories import make_article, make_author, make_draft, make_future, make_image, make_section


class NoLeakTests(TestCase):
    """
    Drafts, scheduled and unpublished stories appear on no public page, list, count, feed,
    sitemap, search result or related-stories block. Each hidden story carries a marker word
    that is looked for in every public response.
    """

    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="News", slug="news")
        cls.author = make_author(name="Shared Author", slug="shared-author")
        place = Location.objects.get(slug="siversk")
        shared = {"section": cls.section, "authors": [cls.author], "tags": ["Shared topic"], "locations": [place]}
        cls.public = make_article(headline="Visible story", slug="visible-story", hero_image=make_image(), **shared)
        make_draft(headline="Zeppelinmarker draft", slug="zeppelinmarker-draft", **shared)
        make_future(headline="Zeppelinmarker scheduled", slug="zeppelinmarker-scheduled", **shared)
        gone = make_article(headline="Zeppelinmarker withdrawn", slug="zeppelinmarker-withdrawn", **shared)
        gone.unpublish()
        review = make_draft(
            headline="Zeppelinmarker in review", slug="zeppelinmarker-review", status=Article.Status.REVIEW, **shared
        )
        # Shown to a fact-checker through a live preview link, and carrying a correction: still hidden.
        PreviewLink.objects.create(article=review, expires_at=timezone.now() + timedelta(days=1))
        Correction.objects.create(article=review, text="Zeppelinmarker correction on a hidden story.")
        Correction.objects.create(article=gone, text="Zeppelinmarker correction on a withdrawn story.")

    def public_urls(self):
        return [
            "/",
            self.public.get_absolute_url(),
            "/sections/news/",
            "/tags/shared-topic/",
            "/authors/shared-author/",
            "/places/siversk/",
            "/places/donetsk-oblast/",
            "/places/ukraine/",
            "/places/donbas/",
            "/places/",
            "/corrections/",
            "/search/?q=shared",
            "/feeds/latest/",
            "/feeds/latest/atom/",
            "/sections/news/feed/",
            "/tags/shared-topic/feed/atom/",
            "/authors/shared-author/feed/",
            "/places/ukraine/feed/",
            "/sitemap.xml",
            "/sitemap-news.xml",
            "/sitemap-articles.xml",
            "/sitemap-tags.xml",
            "/sitemap-places.xml",
            "/sitemap-authors.xml",
        ]

    def test_no_public_page_mentions_a_hidden_story(self):
        for url in self.public_urls():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("zeppelinmarker", response.content.decode().lower())

    def test_searching_for_a_hidden_story_finds_nothing(self):
        response = self.client.get("/search/?q=zeppelinmarker")
        self.assertContains(response, "No stories match “zeppelinmarker”.")
        self.assertNotContains(response, "zeppelinmarker-")  # No link to any of them.

    def test_counts_count_only_public_stories(self):
        self.assertEqual(Article.objects.count(), 5)
        for url in ("/sections/news/", "/tags/shared-topic/", "/authors/shared-author/", "/places/ukraine/"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).context["paginator"].count, 1)
        self.assertContains(self.client.get("/search/?q=shared"), "1 story found.")
        chips = self.client.get("/places/donetsk-oblast/").content.decode()
        self.assertEqual(re.findall(r'chip__count">(\d+)<', chips), ["1"])

    def test_hidden_story_addresses_answer_404(self):
        for slug in (
            "zeppelinmarker-draft",
            "zeppelinmarker-scheduled",
            "zeppelinmarker-withdrawn",
            "zeppelinmarker-review",
        ):
            with self.subTest(slug):
                self.assertEqual(self.client.get(f"/news/{slug}/").status_code, 404)
