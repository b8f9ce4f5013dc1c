"""Where the benchmarks write their results: a section each in docs/benchmarks.md."""

from pathlib import Path

from django.conf import settings

RESULTS_FILE = Path(settings.BASE_DIR) / "docs" / "benchmarks.md"


def write_section(report, section):
    """Replace one benchmark's section in docs/benchmarks.md, keeping the others."""
    text = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else "# Benchmarks\n\n"
    if section in text:
        before, _, after = text.partition(section)
        rest = after.split("\n## ", 1)
        after = "\n## " + rest[1] if len(rest) > 1 else ""
        text = before + report + after
    else:
        text = text.rstrip() + "\n\n" + report
    RESULTS_FILE.write_text(text)
