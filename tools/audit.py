"""
`make audit`: Lighthouse (mobile) on the home, article, tag, place and search pages of the demo
site served by gunicorn with production settings; the median of three runs of each category,
printed and written to docs/audit.md. Uses Debian's Chromium; Lighthouse lives in tools/lighthouse.

    .venv/bin/python tools/audit.py http://127.0.0.1:8000     # against a server already running
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync --disable-dev-shm-usage"
)
PAGES = [
    ("Home", "/"),
    ("Article", "/news/ukraine-confirms-withdrawal-from-siversk/"),
    ("Tag", "/tags/fortress-belt/"),
    ("Place", "/places/donetsk-oblast/"),
    ("Search", "/search/?q=Siversk"),
]
RUNS = 3


def run_lighthouse(url):
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out.name}", "--form-factor=mobile",
             f"--chrome-flags={FLAGS}"],
            env={**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")},
            check=True,
        )  # fmt: skip
        report = json.loads(Path(out.name).read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    failing = [
        audit["title"]
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores, failing


def lighthouse_version():
    package = LIGHTHOUSE.parent.parent / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "(not installed)"


def main(base):
    rows, notes = [], []
    for label, path in PAGES:
        runs = [run_lighthouse(base + path) for _ in range(RUNS)]
        medians = {name: statistics.median(scores[name] for scores, _ in runs) for name in CATEGORIES}
        rows.append((label, path, medians))
        failing = sorted({title for _, titles in runs for title in titles})
        if failing:
            notes.append(f"- {label}: " + "; ".join(failing))
        print(label, medians, flush=True)
    lines = [
        "# Lighthouse audit",
        "",
        f"`make audit`: Lighthouse {lighthouse_version()} (mobile emulation, simulated slow 4G) in Debian's "
        "Chromium against the demo site served by gunicorn "
        f"with production settings on 127.0.0.1; median of {RUNS} runs per page. Target: 100 in every column.",
        "",
        "| page | address | performance | accessibility | best practices | SEO |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for label, path, medians in rows:
        lines.append(f"| {label} | `{path}` | " + " | ".join(f"{medians[name]:g}" for name in CATEGORIES) + " |")
    lines += ["", "Failed pass/fail audits in any run:" if notes else "No pass/fail audit failed in any run."]
    lines += [*notes, ""]
    (ROOT / "docs" / "audit.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0 if all(all(v == 100 for v in medians.values()) for _, _, medians in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
