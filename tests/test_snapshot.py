"""make snapshot: every public page at one moment, and a comparison that names what changed."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from tests.factories import make_article


@override_settings(CACHE_SCHEME="dummy")
class SnapshotTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.story = make_article(headline="Trains run to Sloviansk again", tags=["railways"])
        make_article(headline="A second story")

    def snapshot(self, folder, *args):
        out = StringIO()
        # The first pages a crawler finds: enough to reach stories, tags, feeds and sitemaps.
        call_command("snapshot_pages", folder, "--limit", "60", *args, stdout=out)
        return out.getvalue()

    @override_settings(CACHE_SCHEME="locmem")
    def test_a_snapshot_with_a_cache_that_keeps_pages_is_refused(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        with self.assertRaisesMessage(CommandError, "CACHE_URL=dummy://"):
            self.snapshot(folder)
        self.assertEqual(list(folder.iterdir()), [])

    def test_the_crawl_reaches_stories_their_tags_feeds_and_sitemaps(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.snapshot(folder)
        names = {path.name for path in folder.iterdir()}
        for page in (
            "/",
            "/uk/",
            self.story.get_absolute_url(),
            "/sitemap.xml",
            "/feeds/latest/",
            "/tags/railways/",
        ):
            with self.subTest(page):
                self.assertIn(page.replace("/", "%2F") + ".html", names)

    def test_the_same_site_snapshots_the_same_and_a_changed_page_is_named(self):
        before = Path(self.enterContext(tempfile.TemporaryDirectory()))
        after = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.snapshot(before)
        self.assertIn("pages the same", self.snapshot(after, "--against", before))
        self.story.headline = "Trains run to Slovyansk again"
        self.story.save()
        with self.assertRaisesMessage(CommandError, "pages differ"):
            self.snapshot(after, "--against", before)

    def test_a_folder_that_is_no_snapshot_is_refused_with_a_message(self):
        folder = self.enterContext(tempfile.TemporaryDirectory())
        with self.assertRaisesMessage(CommandError, "is not a snapshot"):
            self.snapshot(folder, "--against", folder)
