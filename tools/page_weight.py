"""
Image bytes a reader downloads, per page and screen width, read in a real browser.

    make page-weight                      # against a running `make run` or `make serve`
    .venv/bin/python tools/page_weight.py http://127.0.0.1:8000 / /news/some-story/

Scrolls each page to the bottom so lazy images count too, and reports the worst ratio between
the width of an image file and the width it is shown at (2 means twice as many pixels as the
screen needs, at a device pixel ratio of 1). Uses Debian's Chromium at /usr/bin/chromium
(or $CHROMIUM); never downloads a browser.
"""

import json
import os
import re
import sys
from functools import partial

from playwright.sync_api import sync_playwright

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip
WIDTHS = ((390, 844), (1280, 900))
FILE_WIDTH = re.compile(r"-(\d+)x\d+\.\w+$")

MEASURE = """() => [...document.images].filter(i => i.currentSrc && i.complete).map(i => ({
    src: i.currentSrc, natural: i.naturalWidth, shown: i.getBoundingClientRect().width}))"""


def _keep_image(responses, response):
    if response.request.resource_type == "image":
        responses.append(response)


def measure(base, paths):
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=ARGS)
        for width, height in WIDTHS:
            for path in paths:
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                page = context.new_page()
                responses = []
                page.on("response", partial(_keep_image, responses))
                page.goto(base + path, wait_until="networkidle")
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_timeout(800)
                images = page.evaluate(MEASURE)
                ratios = []
                for image in images:
                    match = FILE_WIDTH.search(image["src"])
                    file_width = int(match.group(1)) if match else image["natural"]
                    if image["shown"]:
                        ratios.append(file_width / image["shown"])
                results.append(
                    {
                        "viewport": width,
                        "page": path,
                        "images": len(responses),
                        "image_bytes": sum(len(r.body()) for r in responses),
                        "worst_file_to_shown_ratio": round(max(ratios, default=0), 2),
                    }
                )
                context.close()
        browser.close()
    return results


if __name__ == "__main__":
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    paths = sys.argv[2:] or ["/", "/news/ukraine-confirms-withdrawal-from-siversk/"]
    for row in measure(base.rstrip("/"), paths):
        print(json.dumps(row))
