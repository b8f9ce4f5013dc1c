"""
Browser tests (`make test-browser`): Playwright driving Debian's Chromium against pytest-django's
live server. Skipped unless NEWSROOM_BROWSER_TESTS=1, which the make target sets after installing
Chromium, Playwright and axe-core.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]  # fmt: skip

if os.environ.get("NEWSROOM_BROWSER_TESTS") != "1":
    pytest.skip("`make test-browser` runs these in Chromium", allow_module_level=True)

# The live server's ORM calls come from a thread that has an event loop (Playwright's).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page, serious_only=True):
    """axe-core's violations on the page: [(rule, impact, nodes)], serious and critical only by default."""
    page.evaluate(AXE.read_text())  # evaluated through the DevTools protocol, which CSP does not block
    found = page.evaluate(
        "async () => (await axe.run()).violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])"
    )
    return [v for v in found if not serious_only or v[1] in ("serious", "critical")]
