from datetime import timedelta

import time_machine
from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from articles.sanitize import sanitize_body
from tests.factories import make_article, make_draft, make_future


class PublishedTests(TestCase):
    def test_only_published_stories_whose_time_has_come_are_public(self):
        live = make_article()
        make_draft()
        make_future()
        make_article(status=Article.Status.DRAFT)  # a draft with a past date stays a draft
        self.assertQuerySetEqual(Article.objects.published(), [live])

    def test_scheduled_story_goes_public_at_its_time_without_any_job(self):
        publish_at = timezone.now() + timedelta(hours=2)
        story = make_article(published_at=publish_at)
        self.assertNotIn(story, Article.objects.published())
        with time_machine.travel(publish_at + timedelta(seconds=1)):
            self.assertIn(story, Article.objects.published())
            self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 200)

    def test_publishing_without_a_time_stamps_the_moment(self):
        story = make_article(published_at=None)
        self.assertIsNotNone(story.published_at)
        self.assertIs(story.is_public, True)

    def test_slug_is_made_from_the_headline_when_blank(self):
        self.assertEqual(make_article(slug="", headline="Russia claims Pokrovsk").slug, "russia-claims-pokrovsk")

    def test_cyrillic_headline_gets_a_latin_slug(self):
        story = make_article(slug="", headline="Сіверськ: що далі?")
        self.assertEqual(story.slug, "siversk-shcho-dali")

    def test_other_scripts_get_readable_slugs_too(self):
        self.assertEqual(make_article(slug="", headline="Łódź pledges aid").slug, "lodz-pledges-aid")

    def test_duplicate_headlines_get_distinct_slugs(self):
        first = make_article(slug="", headline="Same headline")
        second = make_article(slug="", headline="Same headline")
        self.assertEqual((first.slug, second.slug), ("same-headline", "same-headline-2"))


class SanitizingTests(TestCase):
    """Whatever reaches the body, the stored HTML carries no script, handler or dangerous URL."""

    HOSTILE = {
        "script": ("<p>Hi</p><script>alert(1)</script>", "<p>Hi</p>"),
        "event handler": ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
        "img onerror": ('<p><img src=x onerror="alert(1)">Hi</p>', "<p>Hi</p>"),
        "javascript link": ('<p><a href="javascript:alert(1)">x</a></p>', '<p><a rel="noopener noreferrer">x</a></p>'),
        "data link": (
            '<p><a href="data:text/html,<script>alert(1)</script>">x</a></p>',
            '<p><a rel="noopener noreferrer">x</a></p>',
        ),
        "iframe": ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
        "style": ('<style>body{display:none}</style><p style="color:red">ok</p>', "<p>ok</p>"),
        "svg": ('<svg onload="alert(1)"><circle /></svg><p>ok</p>', "<p>ok</p>"),
        "comment": ("<!-- secret --><p>ok</p>", "<p>ok</p>"),
        "broken markup": ("<p><strong>unclosed", "<p><strong>unclosed</strong></p>"),
    }

    def test_hostile_markup_is_removed_on_save(self):
        for name, (dirty, clean) in self.HOSTILE.items():
            with self.subTest(name):
                story = make_article(body=dirty)
                story.refresh_from_db()
                self.assertEqual(story.body_html, clean)

    def test_hostile_markup_never_reaches_the_page(self):
        story = make_article(body="".join(dirty for dirty, _clean in self.HOSTILE.values()))
        html = self.client.get(story.get_absolute_url()).content.decode()
        body = html[html.index('class="story__body') : html.index("</div>", html.index('class="story__body'))]
        for needle in (
            "<script",
            "onerror",
            "onclick",
            "onload",
            "javascript:",
            "data:text",
            "<iframe",
            "<style",
            "<svg",
        ):
            self.assertNotIn(needle, body)

    def test_newsroom_formatting_survives(self):
        html = (
            "<h2>Heading</h2><p><strong>Bold</strong> <em>italic</em> "
            '<a href="https://example.org/report" title="Report">link</a></p>'
            '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote><p>Quote</p></blockquote><hr>'
        )
        self.assertEqual(
            sanitize_body(html),
            "<h2>Heading</h2><p><strong>Bold</strong> <em>italic</em> "
            '<a href="https://example.org/report" title="Report" rel="noopener noreferrer">link</a></p>'
            '<ul><li>one</li></ul><ol start="3"><li>three</li></ol><blockquote><p>Quote</p></blockquote><hr>',
        )

    def test_headline_markup_is_escaped_not_rendered(self):
        story = make_article(headline="<script>alert(1)</script> {{ request }}")
        response = self.client.get(story.get_absolute_url())
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt; {{ request }}")
