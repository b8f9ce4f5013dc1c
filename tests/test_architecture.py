"""
The import contracts (.importlinter, run by `make lint`): imports run one way between our packages,
and no package's modules import each other in a circle. Each test copies the code, adds one import
that breaks a rule, and checks that lint-imports refuses it.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["bench", "demo", "newsroom", "newsletters", "articles", "locations", "media", "common"]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(folder), "PATH": "/usr/bin:/bin"},
    )


class ImportContractTests(SimpleTestCase):
    def copy_with(self, path, line):
        """A copy of the project's packages and contracts, with `line` added to the end of `path`."""
        folder = Path(tempfile.mkdtemp(prefix="newsroom-contracts-"))
        self.addCleanup(shutil.rmtree, folder)
        shutil.copy(ROOT / ".importlinter", folder)
        for package in PACKAGES:
            shutil.copytree(ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__"))
        with open(folder / path, "a") as module:
            module.write(f"\n{line}\n")
        return folder

    def test_the_project_keeps_its_contracts(self):
        result = lint_imports(ROOT)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("2 kept, 0 broken", result.stdout)

    def test_a_lower_layer_importing_a_higher_one_is_refused(self):
        cases = [
            ("locations/models.py", "from articles import models as _stories", "Imports run one way"),
            ("common/text.py", "import newsroom.settings", "Imports run one way"),
            ("media/models.py", "import locations.models", "Imports run one way"),  # siblings stay apart
            ("newsroom/urls.py", "import demo.content", "Imports run one way"),
        ]
        for path, line, contract in cases:
            with self.subTest(path=path, line=line):
                result = lint_imports(self.copy_with(path, line))
                self.assertNotEqual(result.returncode, 0, result.stdout)
                self.assertIn(f"{contract}", result.stdout)
                self.assertIn("BROKEN", result.stdout)

    def test_a_cycle_inside_an_app_is_refused(self):
        # articles.models.article imports .taxonomy; taxonomy importing article closes a circle.
        result = lint_imports(self.copy_with("articles/models/taxonomy.py", "from . import article as _article"))
        self.assertNotEqual(result.returncode, 0, result.stdout)
        self.assertIn("No cycles between the modules of any package BROKEN", result.stdout)
