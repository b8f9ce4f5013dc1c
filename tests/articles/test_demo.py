import re
from datetime import datetime
from io import StringIO
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings

from articles.models import Article, ArticleVersion, Author
from media.models import Image

ATOM = "{http://www.w3.org/2005/Atom}"


def load(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.heavy
class LoadDemoTests(TestCase):
    """The demo is loaded once for the class: drawing and resizing its photos takes a while."""

    @classmethod
    def setUpTestData(cls):
        cls.output = load()

    def test_demo_builds_a_complete_site_and_prints_the_logins(self):
        self.assertGreaterEqual(Article.objects.published().count(), 20)
        self.assertIn("username 'editor', password '", self.output)
        editor = get_user_model().objects.get(username="editor")
        self.assertIs(editor.has_perm("articles.publish_article"), True)
        self.assertIs(editor.is_superuser, False)
        writer = get_user_model().objects.get(username="writer")
        self.assertIs(writer.has_perm("articles.publish_article"), False)
        lead = Article.objects.get(slug="ukraine-confirms-withdrawal-from-siversk")
        self.assertEqual((lead.hero_image.width, lead.hero_image.height), (1600, 900))
        self.assertTrue(lead.hero_image.sources("card"))
        self.assertEqual({p.slug for p in lead.locations.all()}, {"siversk", "donetsk-oblast"})
        for url in ("/", lead.get_absolute_url(), "/places/ukraine/", "/tags/fortress-belt/", "/tags/donechchyna/"):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_demo_has_a_story_waiting_for_review_and_a_corrected_story(self):
        waiting = Article.objects.get(status=Article.Status.REVIEW)
        self.assertEqual(self.client.get(waiting.get_absolute_url()).status_code, 404)
        corrections = self.client.get("/corrections/")
        self.assertContains(corrections, "placed Siversk in Luhansk Oblast")
        self.assertEqual(ArticleVersion.objects.count(), Article.objects.count())

    def test_the_corrected_demo_story_reads_as_updated_on_its_page_and_in_lists(self):
        story = Article.objects.get(slug="ukraine-confirms-withdrawal-from-siversk")
        self.assertContains(self.client.get(story.get_absolute_url()), "23 December 2025, 16:45</time></span>")
        for url in ("/", "/tags/fortress-belt/", "/search/?q=Siversk"):
            with self.subTest(url):
                html = self.client.get(url).content.decode()
                card = html[html.index(story.get_absolute_url()) :].split("</article>")[0]
                self.assertIn('<span class="badge">Updated</span>', card)

    def test_demo_has_a_days_live_coverage_with_key_events_and_places(self):
        story = Article.objects.get(is_live=True)
        posts = story.live_posts.filter(status="published")
        self.assertGreaterEqual(posts.count(), 30)
        self.assertEqual(
            list(posts.order_by("number").values_list("number", flat=True)), list(range(1, posts.count() + 1))
        )
        page = self.client.get(story.get_absolute_url())
        self.assertContains(page, "Zelensky declares martial law")  # a key event
        self.assertContains(page, "Ended")
        self.assertNotContains(page, "js/live.js")  # the day is over: nothing to ask for
        self.assertContains(self.client.get("/places/kyiv/"), "The Kyiv metro is running as a shelter")
        first = posts.order_by("published_at").first()
        self.assertGreaterEqual(first.published_at, story.coverage_started_at, "no post before the coverage began")

    def test_the_live_feed_is_as_recent_as_its_newest_post_not_as_the_day_it_was_loaded(self):
        story = Article.objects.get(is_live=True)
        feed = ElementTree.fromstring(self.client.get(f"/news/{story.slug}/live/feed/").content)
        updated = datetime.fromisoformat(feed.find(f"{ATOM}updated").text)
        newest = story.live_posts.filter(status="published").latest("published_at")
        self.assertEqual(updated, newest.revised_at or newest.published_at)
        self.assertEqual(updated.year, 2022)

    def test_every_demo_photo_has_alt_text_and_a_credit(self):
        self.assertFalse(Image.objects.missing_alt_text().exists())
        self.assertFalse(Image.objects.filter(credit="").exists())

    def test_demo_is_idempotent(self):
        counts = (
            Article.objects.count(),
            Author.objects.count(),
            Image.objects.count(),
            ArticleVersion.objects.count(),
        )
        updated = dict(Article.objects.values_list("slug", "updated_at"))
        output = load()
        # Nothing was edited, so no story shows as "Updated".
        self.assertEqual(dict(Article.objects.values_list("slug", "updated_at")), updated)
        self.assertEqual(
            (Article.objects.count(), Author.objects.count(), Image.objects.count(), ArticleVersion.objects.count()),
            counts,
        )
        self.assertIn("already exists; its password is unchanged", output)

    def test_if_empty_leaves_a_site_with_articles_alone(self):
        count = Article.objects.count()
        output = load("--if-empty")
        self.assertEqual(Article.objects.count(), count)
        self.assertIn("demo content not loaded", output)

    def test_the_login_hint_names_the_address_the_site_is_served_at(self):
        self.assertIn("http://testserver/admin/", self.output)
        with override_settings(SITE_URL="http://127.0.0.1:8090"):  # PORT=8090 make run
            output = load("--if-empty")
        self.assertIn("Log in at http://127.0.0.1:8090/admin/", output)
        self.assertNotIn(":8000", output)

    def test_the_ukrainian_edition_has_its_own_stories_and_their_translations(self):
        ukrainian = Article.objects.published("uk")
        self.assertGreaterEqual(ukrainian.count(), 12)
        self.assertGreaterEqual(ukrainian.exclude(translation_of=None).count(), 6)
        home = self.client.get("/uk/").content.decode()
        self.assertIn("ЗСУ підтвердили відхід із Сіверська", home)
        self.assertNotIn("Ukraine's military confirms withdrawal", home)
        self.assertEqual(self.client.get("/uk/tags/front/").status_code, 200)  # a Ukrainian tag, Фронт
        self.assertContains(
            self.client.get("/uk/places/fortress-belt/"), '<h1 class="list-header__title">Пояс фортець</h1>'
        )

    def test_a_crawl_finds_every_hreflang_link_answered_by_one_back(self):
        alternates = {}
        for story in Article.objects.published():
            html = self.client.get(story.get_absolute_url()).content.decode()
            links = dict(re.findall(r'<link rel="alternate" hreflang="(\w\w)" href="http://testserver([^"]+)">', html))
            alternates[story.get_absolute_url()] = links
        pairs = [(page, other) for page, links in alternates.items() for other in links.values() if other != page]
        self.assertGreaterEqual(len(pairs), 12)  # six pairs, each seen from both ends
        for page, other in pairs:
            with self.subTest(page):
                self.assertIn(page, alternates[other].values())
