"""An editor writes and publishes a story in the admin; readers find it everywhere, by mouse and keyboard."""

import io
import re

import pytest
from PIL import Image as PILImage

from tests.browser.conftest import axe_violations, shoot
from tests.factories import make_article, make_author, make_image, make_section, make_staff

# serialized_rollback: the gazetteer and groups from the data migrations survive between tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "correct horse battery staple"
HEADLINE = "Ukraine's military confirms withdrawal from Siversk"


def photo_file(tmp_path):
    path = tmp_path / "siversk.jpg"
    picture = PILImage.new("RGB", (1600, 900), (90, 100, 120))
    for x in range(0, 1600, 100):
        picture.paste((200, 180, 140), (x, 500, x + 60, 900))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def pick(page, field, text, choice=None):
    """Search an admin autocomplete (select2) field for `text` and choose the result showing `choice`."""
    page.click(f"#id_{field} + .select2 .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(text)
    # select2 4.0 marks results with aria-selected; wait for those of this search, not the list before it.
    page.click(f".select2-results__option[aria-selected]:has-text('{choice or text}') >> nth=0")


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_an_editor_writes_previews_and_publishes_and_readers_find_the_story(
    live_server, desktop, phone, browser, tmp_path
):
    editor = make_staff("Editors", username="editor")
    editor.set_password(PASSWORD)
    editor.save()
    make_section(name="News", slug="news")
    make_author(name="Andrii Kovalenko", slug="andrii")
    page = desktop
    csp_errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text and csp_errors.append(message.text))
    log_in(page, live_server, "editor")

    # A photo for the library.
    page.goto(f"{live_server.url}/admin/media/image/add/")
    page.set_input_files("#id_file", str(photo_file(tmp_path)))
    page.fill("#id_alt_text", "Bare trees and broken roofs in Siversk under a grey sky.")
    page.fill("#id_caption", "Siversk had been shelled almost daily since 2022.")
    page.fill("#id_credit", "EPA/Test Photographer")
    page.click("input[name=_save]")
    assert "was added successfully" in page.inner_text(".messagelist")

    # The story, saved as a draft first.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_standfirst", "Troops left the town in the north-east of Donetsk Oblast to save lives.")
    page.locator(".ProseMirror >> visible=true").first.click()
    page.keyboard.type("Ukrainian forces have withdrawn from Siversk, the military said. ")
    page.keyboard.type("The town lies east of Sloviansk and Kramatorsk.")
    pick(page, "hero_image", "shelled almost daily")
    pick(page, "authors", "Andrii")
    pick(page, "section", "News")
    pick(page, "tags", "Fortress belt")  # a new tag, typed in
    pick(page, "locations", "Siversk")
    shoot(page, "admin-article-form-desktop")
    assert axe_violations(page) == [], "the admin's article form"
    page.click("input[name=_continue]")
    assert "was added successfully" in page.inner_text(".messagelist")

    # The places its text mentions, surest first with reasons; one dismissed stays dismissed.
    panel = page.locator(".place-suggestions")
    assert "% sure" in panel.inner_text() and "mention" in panel.inner_text()
    kramatorsk = panel.locator('.place-suggestions__item:has(.place-suggestion:text-is("+ Kramatorsk"))')
    kramatorsk.locator(".place-suggestions__dismiss").click()
    page.wait_for_selector(".place-suggestions__dismissed:not([hidden])")
    assert "Kramatorsk" in page.inner_text(".place-suggestions__dismissed-list")
    with page.expect_response("**/detect-places/"):
        page.click(".place-suggestions__refresh")
    assert "+ Kramatorsk" not in page.inner_text(".place-suggestions__list")
    assert "+ Sloviansk" in page.inner_text(".place-suggestions__list")
    page.reload()
    assert "+ Kramatorsk" not in page.inner_text(".place-suggestions__list")
    assert "Kramatorsk" in page.inner_text(".place-suggestions__dismissed-list")
    shoot(page, "admin-place-suggestions-desktop")
    assert axe_violations(page) == [], "the article form with its suggestions"

    # Preview it as staff: marked, not public.
    page.click("a.viewsitelink")  # "Preview", in the same tab
    assert "Preview" in page.inner_text(".preview-banner")
    shoot(page, "article-preview-desktop")
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(page.url).status == 404

    # Publish.
    page.go_back()
    page.select_option("#id_status", "published")
    page.click("input[name=_continue]")
    assert "Published: readers can see it." in page.inner_text(".field-state_summary")
    assert csp_errors == [], csp_errors

    # Readers find it on the home page, its tag page, every place up the hierarchy and in search.
    for reader, size in ((phone, "phone"), (desktop, "desktop")):
        reader.context.clear_cookies()
        for name, path in [
            ("home", "/"),
            ("tag", "/tags/fortress-belt/"),
            ("place-town", "/places/siversk/"),
            ("place-oblast", "/places/donetsk-oblast/"),
            ("place-country", "/places/ukraine/"),
            ("search", "/search/?q=Siversk+withdrawal"),
        ]:
            response = reader.goto(live_server.url + path)
            assert response.status == 200, path
            assert HEADLINE in reader.inner_text("main"), f"{name} ({size}) does not list the story"
            shoot(reader, f"{name}-{size}")
            assert axe_violations(reader) == [], f"{name} ({size})"
        reader.click(f'main a:has-text("{HEADLINE}")')
        assert reader.inner_text("h1") == HEADLINE
        assert "Photo: EPA/Test Photographer" in reader.inner_text("figure")
        assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "sideways scrolling"
        shoot(reader, f"article-{size}")
        assert axe_violations(reader) == [], f"article ({size})"


def test_keyboard_only_reader_reaches_a_story_and_its_places(live_server, desktop):
    from locations.models import Location

    story = make_article(
        headline="Kramatorsk under drone attack",
        hero_image=make_image(),
        locations=[Location.objects.get(slug="kramatorsk")],
    )
    page = desktop
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(40):  # onwards through the page until the story's link has the focus
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == story.headline:
            break
    else:
        raise AssertionError("the story's link never got the keyboard focus")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link shows no focus ring"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/news/"))
    assert page.inner_text("h1") == story.headline
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Kramatorsk":
            break
    else:
        raise AssertionError("the place link never got the keyboard focus")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/places/kramatorsk/"))
    assert "Kramatorsk under drone attack" in page.inner_text("main")


def test_the_ukrainian_edition_reads_in_ukrainian_and_the_switcher_leads_home(live_server, desktop, phone):
    from locations.models import Location

    section = make_section(name="News", name_uk="Новини", slug="news")
    author = make_author(name="Olena Marchenko", name_uk="Олена Марченко", slug="olena")
    siversk = Location.objects.get(slug="siversk")
    english = make_article(
        headline=HEADLINE, slug="siversk", section=section, authors=[author], locations=[siversk], tags=["Front line"]
    )
    make_article(
        headline="ЗСУ підтвердили відхід із Сіверська",
        slug="vidkhid-iz-siverska",
        language="uk",
        translation_of=english,
        section=section,
        authors=[author],
        locations=[siversk],
        tags=["Фронт"],
        hero_image=make_image(alt_text="Зруйновані дахи під зимовим небом."),
    )
    for reader, size in ((phone, "phone"), (desktop, "desktop")):
        for name, path in [
            ("uk-home", "/uk/"),
            ("uk-article", "/uk/news/vidkhid-iz-siverska/"),
            ("uk-tag", "/uk/tags/front/"),
            ("uk-place", "/uk/places/siversk/"),
            ("uk-search", "/uk/search/?q=Сіверськ"),
        ]:
            response = reader.goto(live_server.url + path)
            assert response.status == 200, path
            assert reader.evaluate("document.documentElement.lang") == "uk"
            assert "відхід із Сіверська" in reader.inner_text("main"), f"{name} ({size})"
            assert reader.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls"
            shoot(reader, f"{name}-{size}")
            assert axe_violations(reader) == [], f"{name} ({size})"
        # The switcher leads to the English twin of the story.
        reader.goto(live_server.url + "/uk/news/vidkhid-iz-siverska/")
        reader.click(".edition-switch a")
        assert reader.url == live_server.url + "/news/siversk/"
        assert reader.inner_text("h1") == HEADLINE


def test_a_readers_open_live_page_shows_an_editors_new_post_without_a_reload(live_server, browser, phone, desktop):
    """The reader's page asks every 20 s or so; the post waits behind a button, and nothing moves until it is pressed."""
    from articles.models import LivePost
    from tests.factories import make_live_story, make_post

    editor_account = make_staff("Editors", username="editor")
    editor_account.set_password(PASSWORD)
    editor_account.save()
    story = make_live_story(headline="Invasion: live", body="<ul><li>What we know so far.</li></ul>")
    for n in range(25):
        make_post(story, title=f"Key moment {n}" if n % 5 == 0 else "", is_key_event=n % 5 == 0)

    reader = phone
    reader.goto(live_server.url + story.get_absolute_url())
    # Layout shifts, as Chromium counts them for the Cumulative Layout Shift.
    reader.evaluate(
        "window.shifts = 0; new PerformanceObserver(list => list.getEntries().forEach(entry => {"
        " if (!entry.hadRecentInput) window.shifts += entry.value; })).observe({type: 'layout-shift', buffered: true});"
    )
    assert reader.locator("#live-posts > li").count() == 20
    assert axe_violations(reader) == [], "the live page"
    shoot(reader, "live-page-phone")

    editor = desktop
    log_in(editor, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/articles/article/{story.pk}/live/")
    editor.fill("#id_post-title", "Sirens across Kyiv")
    editor.locator(".ProseMirror >> visible=true").first.click()
    editor.keyboard.type("Air raid sirens sounded across the capital; the metro is open as a shelter.")
    editor.check("#id_post-is_key_event")
    shoot(editor, "live-desk-desktop")
    heights = {
        round(box["height"]) for box in (b.bounding_box() for b in editor.locator(".live-desk__actions .button").all())
    }
    assert len(heights) == 1, f"the desk's buttons have one height, not {heights}"
    assert axe_violations(editor) == [], "the live desk"
    editor.click("input[name=_publish]")
    assert "Published at" in editor.inner_text(".messagelist")
    post = LivePost.objects.get(title="Sirens across Kyiv")

    button = reader.locator(".live-new__button")
    button.wait_for(state="visible", timeout=30_000)
    assert button.inner_text() == "1 new post"
    assert reader.evaluate("window.shifts") == 0
    assert reader.locator(f"#post-{post.pk}").count() == 0  # not until the reader asks
    assert axe_violations(reader) == [], "the live page with new posts waiting"
    button.click()
    reader.wait_for_selector(f"#post-{post.pk}")
    assert "Air raid sirens sounded" in reader.locator("#live-posts > li").first.inner_text()
    assert reader.evaluate("document.activeElement.id") == f"post-{post.pk}"
    assert reader.locator(".live-new__button").is_hidden()
    assert reader.locator("#key-events li").first.inner_text().endswith("Sirens across Kyiv")
    # Each key event is a block beside its number, so the number stands at its first line, however many it wraps to.
    assert reader.evaluate("getComputedStyle(document.querySelector('#key-events a')).display") == "block"
    shoot(reader, "live-page-phone-new-post")

    # An edit reaches the open page by itself, in place.
    post.body = "<p>Air raid sirens sounded across the capital for two hours; the metro is open as a shelter.</p>"
    post.save()
    reader.locator(f"#post-{post.pk}", has_text="for two hours").wait_for(timeout=30_000)
    desktop.goto(live_server.url + story.get_absolute_url())
    shoot(desktop, "live-page-desktop")


def test_an_empty_live_page_gets_its_first_post_and_its_key_events_without_a_reload(live_server, phone):
    """The first post fills a page that had none, in place; a post made a key event joins the list."""
    from tests.factories import make_live_story, make_post

    story = make_live_story(headline="Live: the first hours", body="<p>What we know.</p>")
    reader = phone
    reader.goto(live_server.url + story.get_absolute_url())
    assert "The first posts will appear here." in reader.inner_text("main")
    reader.evaluate("window.notReloaded = true")

    def ask_now():
        """What the page does every 20 s or so, and whenever the reader comes back to its tab."""
        reader.evaluate("document.dispatchEvent(new Event('visibilitychange'))")

    post = make_post(story, body="<p>Explosions heard in Kharkiv.</p>")
    ask_now()
    button = reader.locator(".live-new__button")
    button.wait_for(state="visible", timeout=10_000)
    button.click()
    reader.wait_for_selector(f"#live-posts #post-{post.pk}")
    assert "The first posts will appear here." not in reader.inner_text("main")
    assert reader.evaluate("window.notReloaded") is True
    ask_now()
    reader.wait_for_timeout(1_000)
    assert reader.locator(f"#post-{post.pk}").count() == 1
    assert reader.locator(".live-new__button").is_hidden()

    post.title, post.is_key_event = "Explosions in Kharkiv", True
    post.save()
    ask_now()
    reader.locator("#key-events li", has_text="Explosions in Kharkiv").wait_for(timeout=10_000)
    assert reader.evaluate("window.notReloaded") is True
    assert reader.locator(f"#post-{post.pk}").count() == 1
    assert axe_violations(reader) == [], "the live page with its first post"
    shoot(reader, "live-page-first-post-phone")


def test_a_ukrainian_draft_is_offered_its_own_places_and_nothing_else(live_server, desktop):
    editor = make_staff("Editors", username="uk-editor")
    editor.set_password(PASSWORD)
    editor.save()
    page = desktop
    log_in(page, live_server, "uk-editor")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_headline", "Обстріли на сході")
    page.select_option("#id_language", "uk")
    page.locator(".ProseMirror >> visible=true").first.click()
    page.keyboard.type("У Сіверську знову стріляли. На Харківщині тривають бої. Біля Костянтинівки евакуація. ")
    page.keyboard.type("На вулиці Шевченка зібралися люди. Київ заявив про нові санкції.")
    with page.expect_response("**/detect-places/"):
        page.click(".place-suggestions__refresh")  # before the first save: the form's own text and language
    offered = page.locator(".place-suggestion").all_inner_texts()
    assert sorted(offered) == ["+ Kharkiv Oblast", "+ Kostiantynivka", "+ Siversk"], offered
    page.click("input[name=_continue]")
    assert "was added successfully" in page.inner_text(".messagelist")
    assert sorted(page.locator(".place-suggestion").all_inner_texts()) == sorted(offered)  # as the saved story
    shoot(page, "admin-place-suggestions-ukrainian-desktop")
