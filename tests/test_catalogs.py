"""
The Ukrainian catalog is complete and shipped compiled: every string the code and templates mark
for translation has its Ukrainian, and the .mo the site reads is the .po as it stands.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

CATALOG = Path(settings.BASE_DIR) / "locale" / "uk" / "LC_MESSAGES"
#: Left out of the copy: what makemessages would not read (it skips hidden folders, where every
#: virtualenv lives) and what it must not (the catalog, copied on its own).
SKIPPED = {"var", "node_modules", "locale", "staticfiles"}


def skipped(_folder, names):
    return [name for name in names if name in SKIPPED or name.startswith(".")]


def entries(po_text):
    """[(msgid, [msgstr…], fuzzy)] of a .po file, header left out."""
    found = []
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        current, parts = None, {}
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                parts[current] += line[1:-1]
            else:
                current, _, rest = line.partition(" ")
                parts[current] = rest[1:-1]
        if parts.get("msgid"):
            found.append((parts["msgid"], [v for k, v in parts.items() if k.startswith("msgstr")], fuzzy))
    return found


class CatalogTests(SimpleTestCase):
    def test_every_marked_string_has_its_ukrainian(self):
        if shutil.which("xgettext") is None:
            self.fail("GNU gettext is needed to read the strings out of the code: apt-get install gettext")
        with tempfile.TemporaryDirectory() as copy:
            # A copy of the sources with the shipped catalog, so that makemessages merges into it
            # there and the working tree is left alone.
            shutil.copytree(settings.BASE_DIR, copy, dirs_exist_ok=True, ignore=skipped)
            shutil.copytree(CATALOG.parent.parent, Path(copy) / "locale")
            made = subprocess.run(
                [sys.executable, "manage.py", "makemessages", "-l", "uk", "--no-location", "--ignore", "tools/*"],
                cwd=copy,
                capture_output=True,
                text=True,
                env={**os.environ, "DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": "not-secret-" * 5},
            )
            self.assertEqual(made.returncode, 0, made.stderr)
            merged = (Path(copy) / "locale" / "uk" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        untranslated = [msgid for msgid, strings, fuzzy in entries(merged) if fuzzy or not all(strings)]
        self.assertEqual(untranslated, [], "Strings with no Ukrainian yet: run `make messages` and translate them")
        self.assertGreater(len(entries(merged)), 400)

    def test_the_compiled_catalog_is_the_catalog(self):
        if shutil.which("msgfmt") is None:
            self.fail("GNU gettext is needed to compile the catalog: apt-get install gettext")
        with tempfile.TemporaryDirectory() as out:
            compiled = Path(out) / "django.mo"
            subprocess.run(["msgfmt", "--check", "-o", compiled, CATALOG / "django.po"], check=True)
            self.assertEqual(
                compiled.read_bytes(),
                (CATALOG / "django.mo").read_bytes(),
                "locale/uk/LC_MESSAGES/django.mo is out of date: run `make messages`",
            )
