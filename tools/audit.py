"""
`make audit`: Lighthouse (mobile) on the home, article, tag, place and search pages of the demo and
on a live page with 200 posts (`manage.py bench_live --story-only`),
in both editions, served by gunicorn with production settings; the median of three runs of each category,
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
    ("Live page, 200 posts", "/news/bench-live-coverage/"),
    ("Home, Ukrainian", "/uk/"),
    ("Article, Ukrainian", "/uk/news/zsu-pidtverdyly-vidkhid-iz-siverska/"),
    ("Tag, Ukrainian", "/uk/tags/poias-fortets/"),
    ("Place, Ukrainian", "/uk/places/donetsk-oblast/"),
    ("Search, Ukrainian", "/uk/search/?q=%D0%A1%D1%96%D0%B2%D0%B5%D1%80%D1%81%D1%8C%D0%BA"),
]
RUNS = 3
# Audits a page fails on purpose, with the reason. Search results carry `noindex`: they repeat the tag
# and place pages, and an indexable results page would let anyone plant text on this site in search
# engines by linking to /search/?q=<their text>. The table shows the score Lighthouse gives and,
# beside it, the score with the deliberate audits left out of the category's weighted mean.
DELIBERATE = {
    ("/search/?q=Siversk", "is-crawlable"): "search results are kept out of search engines (noindex) on purpose",
    ("/uk/search/?q=%D0%A1%D1%96%D0%B2%D0%B5%D1%80%D1%81%D1%8C%D0%BA", "is-crawlable"): (
        "search results are kept out of search engines (noindex) on purpose"
    ),
}


def run_lighthouse(base, path, attempts=3):
    """One Lighthouse report; Chromium's trace recording now and then fails (NO_NAVSTART), so a run
    that ends in a Lighthouse runtime error is tried again, up to `attempts` times."""
    url = base + path
    for attempt in range(1, attempts + 1):
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            finished = subprocess.run(
                [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out.name}",
                 "--form-factor=mobile", f"--chrome-flags={FLAGS}"],
                env={**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM", "/usr/bin/chromium")},
            )  # fmt: skip
            if finished.returncode == 0:
                report = json.loads(Path(out.name).read_text())
                break
        print(f"Lighthouse failed on {url} (attempt {attempt} of {attempts})", file=sys.stderr, flush=True)
    else:
        raise SystemExit(f"Lighthouse failed {attempts} times on {url}")
    scores, without_deliberate = {}, {}
    for name in CATEGORIES:
        category = report["categories"][name]
        scores[name] = round(category["score"] * 100)
        kept = [
            ref
            for ref in category["auditRefs"]
            if ref["weight"] and report["audits"][ref["id"]]["score"] is not None
            and (path, ref["id"]) not in DELIBERATE
        ]  # fmt: skip
        weight = sum(ref["weight"] for ref in kept)
        without_deliberate[name] = round(
            100 * sum(report["audits"][ref["id"]]["score"] * ref["weight"] for ref in kept) / weight
        )
    failing = [
        audit["title"]
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 0.9 and audit.get("scoreDisplayMode") == "binary"
        and (path, audit_id) not in DELIBERATE
    ]  # fmt: skip
    return scores, without_deliberate, failing


def lighthouse_version():
    package = LIGHTHOUSE.parent.parent / "lighthouse" / "package.json"
    return json.loads(package.read_text())["version"] if package.exists() else "(not installed)"


def main(base):
    rows, notes = [], []
    for label, path in PAGES:
        runs = [run_lighthouse(base, path) for _ in range(RUNS)]
        medians = {name: statistics.median(scores[name] for scores, _, _ in runs) for name in CATEGORIES}
        adjusted = {name: statistics.median(kept[name] for _, kept, _ in runs) for name in CATEGORIES}
        rows.append((label, path, medians, adjusted))
        failing = sorted({title for _, _, titles in runs for title in titles})
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
    for label, path, medians, adjusted in rows:
        cells = [
            f"{medians[name]:g}" if medians[name] == adjusted[name] else f"{medians[name]:g} ({adjusted[name]:g}¹)"
            for name in CATEGORIES
        ]
        lines.append(f"| {label} | `{path}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Failed pass/fail audits in any run:" if notes else "No unexpected pass/fail audit failed in any run.",
    ]
    lines += [*notes, ""]
    if DELIBERATE:
        lines += ["¹ Without the audits failed on purpose, which are:", ""]
        lines += [f"- `{path}`, `{audit_id}`: {why}." for (path, audit_id), why in DELIBERATE.items()]
        lines += [""]
    (ROOT / "docs" / "audit.md").write_text("\n".join(lines))
    print("\n".join(lines))
    return 0 if all(all(v == 100 for v in adjusted.values()) for _, _, _, adjusted in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1].rstrip("/")))
