"""When the database is locked or gone the site says so with a 503; backups restore the whole site."""

import io
import sqlite3
import stat
import sys
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import OperationalError
from django.test import SimpleTestCase, TestCase, TransactionTestCase

from articles.models import Article
from media.models import Image
from tests.factories import make_article, make_image
from tests.test_settings import run


class DatabaseTroubleTests(TestCase):
    def setUp(self):
        self.client.raise_request_exception = False

    def test_a_locked_database_answers_503_with_retry_after(self):
        story = make_article()
        with mock.patch("articles.views.stories.render_story", side_effect=OperationalError("database is locked")):
            response = self.client.get(story.get_absolute_url())
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "We are back in a moment", status_code=503)
        self.assertNotIn(b"Traceback", response.content)

    def test_the_site_recovers_by_itself(self):
        story = make_article()
        with mock.patch(
            "articles.views.stories.render_story", side_effect=OperationalError("server closed the connection")
        ):
            self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 503)
        self.assertEqual(self.client.get(story.get_absolute_url()).status_code, 200)

    def test_other_errors_stay_500(self):
        story = make_article()
        with mock.patch("articles.views.stories.render_story", side_effect=ValueError("a bug")):
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


class BackupPermissionTests(TransactionTestCase):
    def test_backups_are_readable_by_the_sites_own_user_alone(self):
        """They hold the accounts' password hashes and unpublished stories: files 0600, folders 0700."""
        make_article(hero_image=make_image())
        backups = Path(tempfile.mkdtemp()) / "backups"
        folder = backups / "20261206-120000"
        call_command("backup", to=str(folder), stdout=io.StringIO())
        for path in [backups, folder, *folder.rglob("*")]:
            with self.subTest(path.name):
                mode = stat.S_IMODE(path.stat().st_mode)
                self.assertEqual(mode, 0o700 if path.is_dir() else 0o600, f"{path}: {oct(mode)}")
        with tarfile.open(folder / "media.tar.gz") as archive:
            self.assertTrue(archive.getnames())


class BackupInTheSitesEnvironmentTests(SimpleTestCase):
    """`make backup` / `make restore` run with the Python that runs the site, and install nothing."""

    def test_make_backup_uses_the_given_environment_and_installs_nothing(self):
        for target in ("backup", "restore BACKUP=var/backups/x"):
            with self.subTest(target):
                dry = run(["make", "-n", *target.split(), f"SITE_PYTHON={sys.executable}"])
                self.assertNotIn("pip", dry.stdout)
                self.assertNotIn("-m venv", dry.stdout)
                self.assertIn(f"{sys.executable} manage.py {target.split()[0]}", dry.stdout)

    def test_the_active_virtualenv_is_the_default(self):
        dry = run(["make", "-n", "backup"], VIRTUAL_ENV="/srv/newsroom/venv")
        self.assertIn("/srv/newsroom/venv/bin/python manage.py backup", dry.stdout)

    def test_make_backup_really_backs_up_with_the_sites_python(self):
        with tempfile.TemporaryDirectory() as var:
            database = Path(var) / "site.sqlite3"
            with sqlite3.connect(database) as connection:
                connection.execute("CREATE TABLE django_migrations (app TEXT, name TEXT)")
                connection.execute("INSERT INTO django_migrations VALUES ('articles', '0014_revised_at')")
            (Path(var) / "media").mkdir()
            (Path(var) / "media" / "photo.jpg").write_bytes(b"jpeg")
            result = run(
                ["make", "backup", f"SITE_PYTHON={sys.executable}"],
                DATABASE_URL=f"sqlite:///{database}",
                NEWSROOM_VAR_DIR=var,
                MEDIA_ROOT=str(Path(var) / "media"),
            )
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("Backed up the sqlite database and 1 media files", result.stdout)
            self.assertEqual(len(list((Path(var) / "backups").iterdir())), 1)

    def test_a_python_without_django_is_named_with_the_way_out(self):
        result = run(["make", "backup", "SITE_PYTHON=/bin/false"])
        self.assertEqual(result.returncode, 2)
        self.assertIn("/bin/false has no Django", result.stdout)
