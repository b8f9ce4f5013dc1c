"""
A reader follows a place by email, in Chromium, against a real SMTP server (aiosmtpd, on a free
port): sign up on the place page, confirm from the email, get the alert when an editor publishes a
story from a town inside the place, leave with the email's one-click unsubscribe; in both editions.
"""

import email
import email.policy
import re
import socket
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from locations.models import Location
from tests.browser.conftest import axe_violations, shoot
from tests.browser.test_newsroom import PASSWORD, log_in
from tests.factories import make_draft, make_staff
from tests.tasks import run_queued_tasks

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Inbox:
    """aiosmtpd's handler: every message the site hands over, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def take(self):
        run_queued_tasks()
        taken, self.messages = self.messages, []
        return taken


@pytest.fixture
def inbox(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.NEWSLETTER_PLACE_ALERT_HOURS = 0  # every story its own email: the test does not wait hours
    yield handler
    controller.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message):
    return message.get_body(preferencelist=("html",)).get_content()


def site_path(link, live_server):
    """An email's link is to the site's own origin (NEWSROOM_SITE_URL); the test's server is elsewhere."""
    return live_server.url + re.sub(r"^https?://[^/]+", "", link)


def publish(browser, live_server, headline, slug, language):
    """An editor publishes a story about Siversk in the admin."""
    story = make_draft(
        headline=headline, slug=slug, language=language, locations=[Location.objects.get(slug="siversk")]
    )
    page = browser.new_context().new_page()
    log_in(page, live_server, "editor")
    page.goto(f"{live_server.url}/admin/articles/article/{story.pk}/change/")
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    assert "Published: readers can see it." in page.inner_text(".field-state_summary")
    page.context.close()


@pytest.mark.parametrize(
    "language, prefix, follow, checking, confirm, confirmed, headline, slug",
    [
        ("en", "", "Follow Donetsk Oblast by email", "Check your inbox", "Yes, confirm", "your subscription is confirmed",
         "Ukraine's military confirms withdrawal from Siversk", "siversk-withdrawal"),
        ("uk", "/uk", "Донецька область: новини поштою", "Перевірте пошту", "Так, підтверджую", "підписку підтверджено",
         "Сили оборони вийшли із Сіверська", "vykhid-iz-siverska"),
    ],
)  # fmt: skip
def test_a_reader_follows_a_place_gets_the_alert_and_leaves_in_one_click(
    live_server, browser, phone, inbox, language, prefix, follow, checking, confirm, confirmed, headline, slug
):
    editor = make_staff("Editors", username="editor")
    editor.set_password(PASSWORD)
    editor.save()
    reader = phone

    # Sign up on the region's page.
    reader.goto(f"{live_server.url}{prefix}/places/donetsk-oblast/")
    form = reader.locator(".place-follow form")
    assert follow in form.inner_text()
    form.locator("input[type=email]").fill(f"reader-{language}@example.com")
    form.locator("button[type=submit]").click()
    assert checking in reader.inner_text("h1")
    shoot(reader, f"newsletter-check-inbox-{language}")

    # The confirmation arrives; the link shows a button, the button confirms.
    [confirmation] = inbox.take()
    assert confirmation["To"] == f"reader-{language}@example.com"
    assert "List-Unsubscribe" not in confirmation
    [link] = re.findall(r"https?://\S+/newsletter/confirm/\S+/", text_of(confirmation))
    reader.goto(site_path(link, live_server))
    reader.click(f"button:has-text('{confirm}')")
    assert confirmed in reader.inner_text("main")
    shoot(reader, f"newsletter-preferences-{language}")
    assert axe_violations(reader) == [], "the preferences page"

    # An editor publishes a story from Siversk, inside the oblast: the alert brings its link.
    publish(browser, live_server, headline, slug, language)
    [alert] = inbox.take()
    assert alert["To"] == f"reader-{language}@example.com"
    story_url = f"{prefix}/news/{slug}/"
    assert story_url in text_of(alert)
    html = html_of(alert)
    assert headline in html and "<script" not in html and "<style" not in html and "<link" not in html
    assert len(alert.as_bytes()) < 100_000
    reader.goto(site_path(re.search(rf"https?://\S+{re.escape(story_url)}", text_of(alert))[0], live_server))
    assert reader.inner_text("h1") == headline

    # How the alert looks on a phone (in a page of its own: the site's pages forbid inline styles).
    mail_program = reader.context.new_page()
    mail_program.set_content(html)
    shoot(mail_program, f"email-place-alert-{language}")
    mail_program.close()

    # The mail program's one-click unsubscribe (RFC 8058): a POST to the header's address.
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", "".join(str(alert["List-Unsubscribe"]).split()))[1]  # unfolded
    response = reader.request.post(
        site_path(unsubscribe, live_server),
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200

    # The next story from Siversk reaches nobody.
    publish(browser, live_server, headline + " (2)", slug + "-2", language)
    assert inbox.take() == []


@pytest.mark.parametrize("language", ["en", "uk"])
def test_the_digest_and_a_breaking_alert_read_well_on_a_phone(phone, language, tmp_path):
    from newsletters.content import card, digest_email
    from newsletters.emails import Email
    from tests.factories import make_article, make_image, make_section

    news = make_section(name="Front line", name_uk="Фронт", slug="front-line")
    photo = make_image(caption="Smoke over Siversk", alt_text="Smoke rises over the roofs of Siversk.")
    photo.make_renditions()
    headlines = {
        "en": ["Ukraine's military confirms withdrawal from Siversk", "Evacuation from Sloviansk continues"],
        "uk": ["Сили оборони вийшли із Сіверська", "Евакуація зі Слов'янська триває"],
    }[language]
    stories = [
        make_article(headline=headline, language=language, section=news, hero_image=photo if n == 0 else None)
        for n, headline in enumerate(headlines)
    ]
    for name, drawn in (
        ("digest", digest_email(language, timezone.now(), stories)),
        ("breaking", Email("breaking", {"story": card(stories[0])}, language)),
    ):
        html = drawn.html
        assert "<script" not in html and "<style" not in html and "<link" not in html
        assert all('alt="' in tag for tag in re.findall(r"<img[^>]*>", html))
        assert len(html.encode()) < 100_000
        phone.set_content(html)
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling"
        shoot(phone, f"email-{name}-{language}")


def test_ten_thousand_sign_ups_from_one_client_send_ten_confirmations(inbox):
    """
    An attacker's script: 10,000 sign-ups from one address, through the whole site in-process (too
    slow for `make test`, so it runs in this leg); ten confirmations go out, the rest are refused.
    """
    from django.test import Client

    from newsletters.models import Subscriber

    client = Client(REMOTE_ADDR="203.0.113.7")
    answers = Counter(
        client.post("/newsletter/", {"email": f"victim{n}@example.com"}).status_code for n in range(10_000)
    )
    assert answers == {303: 10, 429: 9_990}
    assert len(inbox.take()) == 10
    assert Subscriber.objects.count() == 10
