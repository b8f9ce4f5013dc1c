"""When the database is locked or gone the site says so with a 503; backups restore the whole site."""

import io
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from django.test import TestCase, TransactionTestCase

from articles.models import Article
from media.models import Image
from tests.factories import make_article, make_image


class DatabaseTroubleTests(TestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def test_a_locked_database_answers_503_with_retry_after(self):
        story = make_article()
        with mock.patch("articles.views.render_story", side_effect=OperationalError("database is locked")):
            response = self.client.get(story.get_absolute_url())
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "We are back in a moment", status_code=503)
        self.assertNotIn(b"Traceback", response.content)

    def test_the_site_recovers_by_itself(self):
        story = make_article()
        with mock.patch("articles.views.render_story", side_effect=OperationalError("server closed the connection")):
            self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 503)
        self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 200)

    def test_other_errors_stay_500(self):
        story = make_article()
        with mock.patch("articles.views.render_story", side_effect=ValueError("a bug")):
            response = self.client.get(story.get_absolute_url())
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        self.assertFalse(response.has_header("Retry-After"))


class BackupRoundTripTests(TransactionTestCase):
    """Back up a site with stories and photos, lose them, restore: everything is back."""

    def test_backup_and_restore_round_trip(self):
        photo = make_image()
        story = make_article(headline="Kept through a restore", hero_image=photo)
        rendition = Path(photo.file.storage.path(photo.file.name))
        folder = Path(tempfile.mkdtemp()) / "backup"
        call_command("backup", to=str(folder), stdout=io.StringIO())
        self.assertTrue((folder / "manifest.json").exists())

        Article.objects.all().delete()
        Image.objects.all().delete()
        rendition.unlink()
        make_article(headline="Written after the backup")

        call_command("restore", str(folder), yes=True, stdout=io.StringIO())
        self.assertEqual(list(Article.objects.values_list("headline", flat=True)), ["Kept through a restore"])
        self.assertTrue(rendition.exists())
        self.assertContains(self.client.get(story.get_absolute_url()), "Kept through a restore")
        self.assertNotContains(self.client.get("/"), "Written after the backup")
