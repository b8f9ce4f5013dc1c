import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "q8Vd3-Lm0RzT6wYb_Hx1NcJ5uEa9KsPg2FoWi7DtBy4QhMlZvXe"


def run(command, **env):
    """Run `command` in a fresh process with only the given Django variables set."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "REDIS_URL"))
    }
    clean["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    clean.update(env)
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def django_check(*args, **env):
    return run([sys.executable, "manage.py", "check", *args], **env)


def start_server(**env):
    """Load the WSGI application, as gunicorn does before it serves."""
    return run([sys.executable, "-c", "import newsroom.wsgi"], **env)


@pytest.mark.heavy
class ProductionSettingsTests(SimpleTestCase):
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = start_server()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("DJANGO_SECRET_KEY is not set", result.stderr)

    def test_production_refuses_a_weak_or_placeholder_key(self):
        for key in ("short", "k" * 60, "django-insecure-" + REAL_KEY):
            with self.subTest(key=key):
                result = start_server(DJANGO_SECRET_KEY=key)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("too weak", result.stderr)

    def test_production_starts_with_a_real_key(self):
        result = start_server(DJANGO_SECRET_KEY=REAL_KEY, DJANGO_ALLOWED_HOSTS="news.example")
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_management_commands_run_without_a_key(self):
        """An operator can check, migrate or collect static files before the key is in place."""
        self.assertEqual(django_check().returncode, 0, django_check().stderr)
        result = run([sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"])
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_deploy_checks_report_nothing_under_production_settings(self):
        result = django_check(
            "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=REAL_KEY, DJANGO_ALLOWED_HOSTS="news.example"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_debug_runs_without_a_key_for_local_development(self):
        self.assertEqual(django_check(DJANGO_DEBUG="1").returncode, 0)

    def test_an_unknown_cache_url_is_refused_with_a_message(self):
        result = django_check(DJANGO_DEBUG="1", CACHE_URL="memcache://nowhere")
        self.assertIn("CACHE_URL must start with", result.stderr)

    def test_email_goes_through_the_service_named_and_a_wrong_name_or_time_is_refused(self):
        show = "from django.conf import settings; print(settings.EMAIL_BACKEND, 'anymail' in settings.INSTALLED_APPS)"
        command = [sys.executable, "-c", f"import django; django.setup(); {show}"]
        self.assertEqual(
            run(command, DJANGO_DEBUG="1").stdout.split(), ["django.core.mail.backends.console.EmailBackend", "False"]
        )
        smtp = run(command, DJANGO_DEBUG="1", EMAIL_URL="smtp+tls://user:secret@smtp.example:587").stdout.split()
        self.assertEqual(smtp, ["django.core.mail.backends.smtp.EmailBackend", "False"])
        service = run(command, DJANGO_DEBUG="1", NEWSROOM_EMAIL_SERVICE="postmark").stdout.split()
        self.assertEqual(service, ["anymail.backends.postmark.EmailBackend", "True"])
        self.assertIn(
            "NEWSROOM_EMAIL_SERVICE must be one of",
            django_check(DJANGO_DEBUG="1", NEWSROOM_EMAIL_SERVICE="pigeon").stderr,
        )
        self.assertIn(
            "NEWSROOM_DIGEST_TIME must be a time of day",
            django_check(DJANGO_DEBUG="1", NEWSROOM_DIGEST_TIME="7am").stderr,
        )


class ReleaseTests(SimpleTestCase):
    def test_a_deploy_that_changes_what_pages_are_drawn_from_starts_a_cache_of_its_own(self):
        import shutil
        import tempfile

        from newsroom.cache_config import release_fingerprint

        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch)
            shutil.copytree(ROOT / "templates", copy / "templates")
            shutil.copytree(ROOT / "articles", copy / "articles")
            before = release_fingerprint(copy)
            (copy / "articles" / "NOTES.md").write_text("not drawn")  # a file no page is drawn from
            self.assertEqual(release_fingerprint(copy), before)
            card = copy / "templates" / "jinja2" / "includes" / "story_card.jinja"
            card.write_text(card.read_text().replace('class="card', 'class="story-card'))
            self.assertNotEqual(release_fingerprint(copy), before)

    def test_a_named_release_ends_every_cache_key_prefix(self):
        show = "from django.conf import settings; print(settings.CACHES['default']['KEY_PREFIX'])"
        command = [sys.executable, "-c", f"import django; django.setup(); {show}"]
        named = run(command, DJANGO_DEBUG="1", NEWSROOM_CACHE_PREFIX="site", NEWSROOM_RELEASE="4f2a9c1").stdout
        self.assertEqual(named.strip(), "site-4f2a9c1")
        unnamed = run(command, DJANGO_DEBUG="1", NEWSROOM_CACHE_PREFIX="site").stdout.strip()
        self.assertRegex(unnamed, r"^site-[0-9a-f]{8}$")


class MigrationTests(SimpleTestCase):
    databases = {"default"}

    def test_models_and_migrations_agree(self):
        out = StringIO()
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
        self.assertIn("No changes detected", out.getvalue())
