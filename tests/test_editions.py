"""
The Ukrainian edition beside the English one: one address per page and language, each edition
showing its own stories, a story linked to its translation (for readers and for search engines),
and a switcher that always leads somewhere.
"""

import re
from datetime import datetime, timedelta
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from locations.models import Location
from tests.factories import article_form_data, clear_cache, make_article, make_author, make_section, make_staff, settle


class Links(HTMLParser):
    """The page's hreflang alternates, its <html lang>, og:locale and the edition switcher's link."""

    def __init__(self, html):
        super().__init__()
        self.alternates, self.lang, self.locale, self.switch, self._in_switch = {}, None, None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = urlsplit(attrs["href"]).path
        elif tag == "meta" and attrs.get("property") == "og:locale":
            self.locale = attrs["content"]
        elif tag == "nav" and "edition-switch" in (attrs.get("class") or ""):
            self._in_switch = True
        elif tag == "a" and self._in_switch:
            self.switch, self._in_switch = attrs["href"], False


class EditionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="War", slug="war")
        cls.author = make_author(name="Olena Hrytsenko", slug="olena-hrytsenko")
        cls.siversk = Location.objects.get(slug="siversk")
        cls.english = make_article(
            headline="Ukraine's army confirms withdrawal from Siversk",
            slug="withdrawal-from-siversk",
            section=cls.section,
            authors=[cls.author],
            locations=[cls.siversk],
            tags=["Front line"],
        )
        cls.ukrainian = make_article(
            headline="ЗСУ підтвердили відхід із Сіверська",
            slug="vidkhid-iz-siverska",
            language="uk",
            translation_of=cls.english,
            section=cls.section,
            authors=[cls.author],
            locations=[cls.siversk],
            tags=["Фронт"],
        )
        cls.only_english = make_article(
            headline="Trains to Kramatorsk resume", slug="trains-resume", section=cls.section
        )

    def setUp(self):
        clear_cache()

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    # Addresses
    def test_a_story_lives_at_the_address_of_its_edition(self):
        self.assertEqual(self.ukrainian.get_absolute_url(), "/uk/news/vidkhid-iz-siverska/")
        self.assertEqual(self.english.get_absolute_url(), "/news/withdrawal-from-siversk/")
        self.assertContains(self.get("/uk/news/vidkhid-iz-siverska/"), "ЗСУ підтвердили відхід із Сіверська")
        # Asked for in the other edition, a story sends the reader to its own address.
        self.assertRedirects(
            self.client.get("/news/vidkhid-iz-siverska/"), "/uk/news/vidkhid-iz-siverska/", status_code=301
        )
        self.assertRedirects(
            self.client.get("/uk/news/withdrawal-from-siversk/"), "/news/withdrawal-from-siversk/", status_code=301
        )

    def test_every_address_is_one_page_whatever_the_browser_asks_for(self):
        english = self.client.get("/", headers={"accept-language": "uk"})
        self.assertEqual((Links(english.content.decode()).lang, english["Content-Language"]), ("en", "en"))
        self.assertNotIn("Accept-Language", english.get("Vary", ""))
        ukrainian = self.get("/uk/")
        links = Links(ukrainian.content.decode())
        self.assertEqual((links.lang, links.locale, ukrainian["Content-Language"]), ("uk", "uk_UA", "uk"))

    # Each edition its own stories
    def test_lists_show_the_stories_of_their_edition(self):
        pages = ["/", "/sections/war/", "/authors/olena-hrytsenko/", "/places/siversk/", "/places/donetsk-oblast/"]
        for url in pages:
            with self.subTest(url):
                english, ukrainian = self.get(url).content.decode(), self.get("/uk" + url).content.decode()
                self.assertIn("withdrawal from Siversk", english)
                self.assertNotIn("Сіверська", english)
                self.assertIn("відхід із Сіверська", ukrainian)
                self.assertNotIn("withdrawal from Siversk", ukrainian)
                self.assertNotIn("Trains to Kramatorsk", ukrainian)

    def test_search_and_feeds_show_the_stories_of_their_edition(self):
        self.assertContains(self.get("/search/?q=Siversk"), 'href="/news/withdrawal-from-siversk/"')
        self.assertNotContains(self.get("/search/?q=Siversk"), "vidkhid-iz-siverska")
        self.assertContains(self.get("/uk/search/?q=Сіверська"), 'href="/uk/news/vidkhid-iz-siverska/"')
        self.assertNotContains(self.get("/uk/search/?q=Siversk"), "withdrawal-from-siversk")
        feed = self.get("/uk/feeds/latest/").content.decode()
        self.assertIn("<language>uk</language>", feed)
        self.assertIn("/uk/news/vidkhid-iz-siverska/", feed)
        self.assertNotIn("withdrawal-from-siversk", feed)

    def test_a_tag_has_a_page_only_where_it_has_stories(self):
        self.get("/tags/front-line/")
        self.assertEqual(self.client.get("/uk/tags/front-line/").status_code, 404)
        self.get("/uk/tags/front/")
        self.assertEqual(self.client.get("/tags/front/").status_code, 404)

    # A story and its translation
    def test_translations_point_at_each_other_for_readers_and_search_engines(self):
        english = self.get(self.english.get_absolute_url()).content.decode()
        ukrainian = self.get(self.ukrainian.get_absolute_url()).content.decode()
        expected = {"en": "/news/withdrawal-from-siversk/", "uk": "/uk/news/vidkhid-iz-siverska/"}
        for page in (english, ukrainian):
            self.assertEqual(Links(page).alternates, {**expected, "x-default": expected["en"]})
        self.assertRegex(english, r'<a href="/uk/news/vidkhid-iz-siverska/" hreflang="uk">Read in Ukrainian</a>')
        self.assertRegex(ukrainian, r'<a href="/news/withdrawal-from-siversk/" hreflang="en">[^<]+</a>')

    def test_a_story_without_a_translation_names_no_alternate(self):
        page = self.get(self.only_english.get_absolute_url()).content.decode()
        self.assertEqual(Links(page).alternates, {})
        self.assertNotIn("Read in Ukrainian", page)

    def test_an_unpublished_translation_is_not_offered(self):
        draft = make_article(
            headline="Поїзди до Краматорська", slug="poizdy", language="uk", status="draft", published_at=None
        )
        draft.translation_of = self.only_english
        draft.save()
        page = self.get(self.only_english.get_absolute_url()).content.decode()
        self.assertEqual(Links(page).alternates, {})
        # Published, it appears on the English story at once.
        draft.status = "published"
        draft.save()
        page = self.get(self.only_english.get_absolute_url()).content.decode()
        self.assertEqual(Links(page).alternates["uk"], "/uk/news/poizdy/")

    def test_a_translation_must_be_in_the_other_language_and_links_to_the_original(self):
        same = make_article(headline="Another English story", slug="another")
        same.translation_of = self.english
        with self.assertRaisesMessage(ValidationError, "A translation is in the other language"):
            same.full_clean()
        second = make_article(headline="Друга українська версія", slug="druha", language="uk")
        second.translation_of = self.english
        with self.assertRaisesMessage(ValidationError, "is already its translation in this language"):
            second.full_clean()
        # Linked to a translation, a story is linked to the story that one translates: here another
        # English story, so not a translation at all.
        english_again = make_article(headline="Siversk, once more", slug="once-more")
        english_again.translation_of = self.ukrainian
        with self.assertRaisesMessage(ValidationError, "A translation is in the other language"):
            english_again.full_clean()

    # The switcher
    def test_the_switcher_never_leads_to_a_missing_page(self):
        pages = [
            "/",
            "/uk/",
            self.english.get_absolute_url(),
            self.ukrainian.get_absolute_url(),
            self.only_english.get_absolute_url(),
            "/sections/war/",
            "/uk/sections/war/",
            "/tags/front-line/",
            "/uk/tags/front/",
            "/authors/olena-hrytsenko/",
            "/uk/authors/olena-hrytsenko/",
            "/places/siversk/",
            "/uk/places/siversk/",
            "/places/",
            "/search/?q=Siversk",
            "/uk/search/?q=Сіверськ",
            "/corrections/",
        ]
        for url in pages:
            with self.subTest(url):
                target = Links(self.get(url).content.decode()).switch
                self.assertIsNotNone(target)
                self.assertEqual(target.startswith("/uk/"), not url.startswith("/uk/"), target)
                self.assertEqual(self.client.get(target).status_code, 200, target)

    def test_the_switcher_goes_to_the_twin_page_or_the_closest_one(self):
        cases = {
            self.english.get_absolute_url(): self.ukrainian.get_absolute_url(),
            self.only_english.get_absolute_url(): "/uk/sections/war/",
            "/tags/front-line/": "/uk/search/?q=Front+line",
            "/uk/places/siversk/": "/places/siversk/",
            "/search/?q=Siversk": "/uk/search/?q=Siversk",
        }
        for url, expected in cases.items():
            with self.subTest(url):
                self.assertEqual(Links(self.get(url).content.decode()).switch, expected)

    def test_a_missing_page_still_offers_the_other_edition(self):
        response = self.client.get("/uk/news/no-such-story/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Links(response.content.decode()).switch, "/")

    # Machine-read
    def test_structured_data_and_the_news_sitemap_say_each_story_s_language(self):
        page = self.get(self.ukrainian.get_absolute_url()).content.decode()
        self.assertIn('"inLanguage": "uk"', page)
        sitemap = self.get("/sitemap-news.xml").content.decode()
        languages = dict(re.findall(r"<loc>http://testserver(/[^<]+)</loc>.*?<news:language>(\w+)<", sitemap))
        self.assertEqual(languages["/uk/news/vidkhid-iz-siverska/"], "uk")
        self.assertEqual(languages["/news/withdrawal-from-siversk/"], "en")


class EditionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")
        cls.english = make_article(headline="Ukraine's army confirms withdrawal from Siversk", slug="siversk-en")

    def setUp(self):
        self.client.force_login(self.editor)

    def post_new(self, **fields):
        return self.client.post(reverse("admin:articles_article_add"), article_form_data(**fields))

    def test_an_editor_files_a_ukrainian_translation_of_a_story(self):
        response = self.post_new(
            headline="ЗСУ підтвердили відхід із Сіверська",
            slug="vidkhid",
            language="uk",
            translation_of=self.english.pk,
        )
        self.assertEqual(response.status_code, 302)
        translation = Article.objects.get(slug="vidkhid")
        self.assertEqual((translation.language, translation.translation_of), ("uk", self.english))

    def test_a_translation_in_the_same_language_is_refused_with_a_reason(self):
        response = self.post_new(headline="Same language", slug="same", language="en", translation_of=self.english.pk)
        self.assertContains(response, "A translation is in the other language")
        self.assertFalse(Article.objects.filter(slug="same").exists())


class UkrainianPagesTests(TestCase):
    """The Ukrainian edition speaks Ukrainian: names, dates and plurals."""

    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="War", name_uk="Війна", slug="war")
        cls.author = make_author(
            name="Olena Hrytsenko", name_uk="Олена Гриценко", role_uk="кореспондентка", slug="olena"
        )
        siversk = Location.objects.get(slug="siversk")
        cls.stories = [
            make_article(
                headline=f"Обстріл Сіверська, день {n}",
                slug=f"obstril-{n}",
                language="uk",
                section=cls.section,
                authors=[cls.author],
                locations=[siversk],
                published_at=timezone.make_aware(datetime(2025, 12, 23, 14, 20)) - timedelta(minutes=n),
            )
            for n in range(5)
        ]

    def test_places_sections_and_bylines_go_by_their_ukrainian_names(self):
        page = self.client.get("/uk/places/siversk/").content.decode()
        self.assertIn('<h1 class="list-header__title">Сіверськ</h1>', page)
        self.assertRegex(page, r'<a href="/uk/places/donetsk-oblast/">Донецька область</a>')
        self.assertRegex(page, r'<a href="/uk/sections/war/"[^>]*>Війна</a>')
        story = self.client.get(self.stories[0].get_absolute_url()).content.decode()
        self.assertIn('rel="author">Олена Гриценко</a>', story)
        self.assertIn("Сіверськ</a></li>", story)
        english = self.client.get("/places/siversk/").content.decode()
        self.assertIn('<h1 class="list-header__title">Siversk</h1>', english)

    def test_dates_take_the_genitive_month(self):
        story = self.client.get(self.stories[0].get_absolute_url()).content.decode()
        self.assertIn(">23 грудня 2025, 14:20</time>", story)

    def test_counts_agree_with_their_numbers(self):
        for count, words in ((5, "Знайдено 5 матеріалів."), (2, "Знайдено 2 матеріали."), (1, "Знайдено 1 матеріал.")):
            for story in self.stories[count:]:
                story.status = "draft"
                story.save()
            with self.subTest(count):
                self.assertContains(self.client.get("/uk/search/?q=Сіверська"), words)


class UkrainianSearchTests(TestCase):
    """A Ukrainian query finds the word in any of its cases, on SQLite and on PostgreSQL alike."""

    @classmethod
    def setUpTestData(cls):
        cls.siversk = make_article(
            headline="Бої тривають у Сіверську", slug="boi-u-siversku", language="uk", body="<p>Ситуація складна.</p>"
        )
        cls.pokrovsk = make_article(
            headline="Ворог тисне під Покровськом",
            slug="pid-pokrovskom",
            language="uk",
            body="<p>Триває евакуація.</p>",
        )
        cls.region = make_article(
            headline="Обстріли на Донеччині", slug="na-donechchyni", language="uk", body="<p>Пошкоджено школи.</p>"
        )
        cls.apostrophe = make_article(
            headline="Потяги знову йдуть до Слов’янська",
            slug="do-sloviansk",
            language="uk",
            body="<p>Рух відновлено.</p>",
        )

    def found(self, query):
        page = self.client.get("/uk/search/", {"q": query}).content.decode()
        return set(re.findall(r'href="/uk/news/([\w-]+)/"', page))

    def test_a_name_finds_its_inflected_forms(self):
        self.assertEqual(self.found("Сіверськ"), {"boi-u-siversku"})
        self.assertEqual(self.found("Покровськ"), {"pid-pokrovskom"})
        self.assertEqual(self.found("Донеччина"), {"na-donechchyni"})
        self.assertEqual(self.found("Слов'янськ"), {"do-sloviansk"})
        self.assertEqual(self.found("евакуації"), {"pid-pokrovskom"})  # any case of an ordinary word too

    def test_every_word_is_still_required(self):
        self.assertEqual(self.found("Сіверськ евакуація"), set())
        self.assertEqual(self.found("Покровськ евакуація"), {"pid-pokrovskom"})

    def test_the_english_edition_is_not_searched(self):
        self.assertNotContains(self.client.get("/search/", {"q": "Сіверськ"}), "boi-u-siversku")


class AdminLanguageTests(TestCase):
    def test_an_editor_switches_the_admin_to_ukrainian_and_back(self):
        self.client.force_login(make_staff("Editors", username="editor"))
        page = self.client.get(reverse("admin:index"))
        self.assertContains(page, 'value="uk" lang="uk">Українською</button>')
        response = self.client.post("/i18n/setlang/", {"language": "uk", "next": "/admin/"})
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        ukrainian = self.client.get(reverse("admin:articles_article_changelist")).content.decode()
        self.assertIn('<html lang="uk"', ukrainian)
        self.assertIn("Матеріали", ukrainian)
        # Reader pages keep to their address whatever the editor chose for the admin.
        self.assertContains(self.client.get("/"), '<html lang="en">')


class SitemapAlternatesTests(TestCase):
    def test_the_story_sitemap_links_each_story_to_its_translation(self):
        english = make_article(headline="Siversk withdrawal", slug="siversk-en")
        make_article(headline="Відхід із Сіверська", slug="siversk-uk", language="uk", translation_of=english)
        alone = make_article(headline="Trains resume", slug="trains")
        sitemap = self.client.get("/sitemap-articles.xml").content.decode()
        entries = dict(re.findall(r"<url><loc>http://testserver([^<]+)</loc>(.*?)</url>", sitemap))
        expected = (
            '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/news/siversk-en/"/>'
            '<xhtml:link rel="alternate" hreflang="uk" href="http://testserver/uk/news/siversk-uk/"/>'
            '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/news/siversk-en/"/>'
        )
        self.assertIn(expected, entries["/news/siversk-en/"])
        self.assertIn(expected, entries["/uk/news/siversk-uk/"])
        self.assertNotIn("xhtml:link", entries[alone.get_absolute_url()])

    def test_every_address_in_the_sitemaps_answers_in_its_edition(self):
        english = make_article(headline="Siversk withdrawal", slug="siversk-en", tags=["Front line"])
        english.locations.set([Location.objects.get(slug="siversk")])
        ukrainian = make_article(headline="Відхід із Сіверська", slug="siversk-uk", language="uk", tags=["Фронт"])
        ukrainian.locations.set([Location.objects.get(slug="siversk")])
        index = self.client.get("/sitemap.xml").content.decode()
        addresses = []
        for sitemap in re.findall(r"<loc>http://testserver(/sitemap-[^<]+)</loc>", index):
            addresses += re.findall(
                r"<url><loc>http://testserver([^<]+)</loc>", self.client.get(sitemap).content.decode()
            )
        self.assertIn("/uk/tags/front/", addresses)
        self.assertNotIn("/tags/front/", addresses)  # the Ukrainian tag has no English page
        self.assertIn("/uk/places/siversk/", addresses)
        for address in addresses:
            with self.subTest(address):
                self.assertEqual(self.client.get(address).status_code, 200)


class PaginatedEditionTests(TestCase):
    """Page 2 of a list has a twin in the other edition only where that edition's list is that long."""

    @classmethod
    def setUpTestData(cls):
        siversk = Location.objects.get(slug="siversk")
        section = make_section(name="War", slug="war")
        for n in range(14):
            make_article(headline=f"Siversk report {n}", section=section, locations=[siversk], tags=["Front line"])
        make_article(headline="Сіверськ: звіт", language="uk", section=section, locations=[siversk])

    def links(self, url):
        """Every hreflang alternate (path and query) and the switcher's link of the page at `url`."""
        html = self.client.get(url).content.decode()
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="http://testserver([^"]+)"', html)
        return {language: unescape(address) for language, address in alternates}, Links(html).switch

    def test_alternates_and_the_switcher_of_a_second_page_answer_200(self):
        pages = (
            "/places/ukraine/?page=2",
            "/sections/war/?page=2",
            "/search/?q=Siversk&page=2",
            "/tags/front-line/?page=2",
        )
        for url in pages:
            with self.subTest(url):
                alternates, switch = self.links(url)
                self.assertNotIn("uk", alternates)  # the Ukrainian list has one page
                self.assertFalse(switch.endswith("page=2"), switch)
                for address in [*alternates.values(), switch]:
                    self.assertEqual(self.client.get(address).status_code, 200, address)

    def test_a_second_page_the_other_edition_has_is_its_twin(self):
        siversk = Location.objects.get(slug="siversk")
        for n in range(13):
            make_article(headline=f"Сіверськ, звіт {n}", language="uk", locations=[siversk])
        settle()
        alternates, switch = self.links("/places/ukraine/?page=2")
        self.assertEqual(alternates["uk"], "/uk/places/ukraine/?page=2")
        self.assertEqual(switch, "/uk/places/ukraine/?page=2")
