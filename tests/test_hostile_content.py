"""
A corpus of hostile text put into every field an editor writes, then every public page, feed,
sitemap and JSON-LD block is parsed: nothing can run, template syntax shows as text, XML and JSON
still parse.
"""

import json
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

from django.conf import settings
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from articles.models import Article, ArticlePhoto, Correction, Section
from locations.models import Location
from tests.factories import make_article, make_author, make_draft, make_image, make_staff
from tests.test_security import inline_code

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    "<svg><script>alert(1)</script></svg>",
    "</script><script>alert(1)</script>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<style>body{display:none}</style>",
    '<iframe src="https://evil.example/"></iframe>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<p>unclosed <b>bold <i>italic",
    "{{ subtitle }}",
    "{% debug %}",
    "{{ request.user.password }}",
    "]]></description><item><title>injected</title>",
    "'; DROP TABLE articles_article; --",
    "W" * 400,
    "\u202eevil right-to-left override\u202c",
    "zero\u200bwidth\u200djoiner\ufeffand\u2060friends",
    "Слов'янськ — «лапки» & ampersands < > \" '",
]
ALL = " ".join(PAYLOADS)


def clip(text, length):
    return text[:length]


class HostileContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        section = Section.objects.create(name=clip("Section " + PAYLOADS[1], 100), slug="hostile-section")
        photo = make_image(alt_text=clip(ALL, 300), caption=clip(ALL, 500), credit=clip(ALL, 200))
        author = make_author(name=clip("Author " + PAYLOADS[0], 100), slug="hostile-author", bio=ALL, photo=photo)
        place = Location.objects.create(
            name=clip("Place " + PAYLOADS[2], 100),
            slug="hostile-place",
            kind=Location.Kind.SETTLEMENT,
            parent=Location.objects.get(slug="donetsk-oblast"),
            alternative_names="\n".join(PAYLOADS[:3]),
        )
        body = "".join(f"<p>{payload}</p>" for payload in PAYLOADS)
        cls.story = make_article(
            headline=clip("Headline " + ALL, 250),
            slug="hostile-story",
            standfirst=clip(ALL, 600),
            body=body,
            section=section,
            authors=[author],
            hero_image=photo,
            hero_caption=clip(ALL, 500),
            locations=[place, Location.objects.get(slug="siversk")],
            tags=[clip(f"tag {n} {payload}", 100) for n, payload in enumerate(PAYLOADS)],
        )
        ArticlePhoto.objects.create(article=cls.story, image=photo, after_paragraph=2, caption=clip(ALL, 500))
        Correction.objects.create(article=cls.story, text=clip(ALL, 2000))
        cls.place = place

    def html_pages(self):
        story = Article.objects.get(pk=self.story.pk)
        return [
            "/",
            story.get_absolute_url(),
            "/sections/hostile-section/",
            "/authors/hostile-author/",
            self.place.get_absolute_url(),
            "/places/donetsk-oblast/",
            "/places/",
            "/corrections/",
            "/search/?q=headline",
            "/search/?q=" + PAYLOADS[0],
            *[tag.get_absolute_url() for tag in story.tags.all()],
        ]

    def test_no_html_page_carries_anything_that_runs(self):
        for url in self.html_pages():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertEqual(inline_code(html), [])
                for tag in ("<iframe", "<svg onload", "<math", "<img src=x"):
                    self.assertNotIn(tag, html.lower())

    def test_template_syntax_shows_as_text_and_nothing_is_evaluated(self):
        html = self.client.get(self.story.get_absolute_url()).content.decode()
        self.assertIn("{{ subtitle }}", html)
        self.assertIn("{% debug %}", html)
        self.assertNotIn("sql_queries", html)  # what {% debug %} would print

    def test_json_ld_blocks_parse_and_keep_the_text(self):
        html = self.client.get(self.story.get_absolute_url()).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        self.assertEqual(len(blocks), 2)
        data = [json.loads(block) for block in blocks]
        self.assertIn('<script>alert("xss")</script>', data[0]["headline"])  # kept as data, escaped in the page
        for block in blocks:
            self.assertNotIn("</script", block.lower())

    def test_feeds_and_sitemaps_parse(self):
        urls = [
            "/feeds/latest/",
            "/feeds/latest/atom/",
            "/sections/hostile-section/feed/",
            "/authors/hostile-author/feed/",
            self.place.get_absolute_url() + "feed/",
            "/sitemap.xml",
            "/sitemap-news.xml",
            "/sitemap-articles.xml",
            "/sitemap-tags.xml",
            "/sitemap-places.xml",
            "/sitemap-authors.xml",
            "/sitemap-sections.xml",
        ]
        for url in urls:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                root = ElementTree.fromstring(response.content)
                self.assertNotIn("injected", [el.text for el in root.iter() if el.tag.endswith("title")])

    def test_the_body_keeps_its_text_but_loses_every_active_part(self):
        story = Article.objects.get(pk=self.story.pk)
        self.assertEqual(inline_code(story.body_html), [])
        for marker in ("onerror=", "onload=", '="javascript:', '="data:', "<script", "<iframe", "<style", "<svg"):
            self.assertNotIn(marker, story.body_html.lower())
        self.assertIn("<p>javascript:alert(1)</p>", story.body_html)  # as words, it is only text
        self.assertIn("unclosed", story.body_html)
        self.assertIn("W" * 400, story.body_html)


class ActiveMarkupFinder(HTMLParser):
    """What an HTML renderer would turn into something live: elements that run or load, handlers, active URLs."""

    ACTIVE_ELEMENTS = {"script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "link", "meta"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in self.ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{name}= on <{tag}>")
            if re.sub(r"[\s\x00-\x1f]", "", value or "").lower().startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{name}={value!r} on <{tag}>")


def active_markup(html):
    finder = ActiveMarkupFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def rendered_by_a_feed_reader(xml):
    """
    Every field of a feed that a feed reader renders as HTML, after the XML parser has unescaped it
    once: each RSS <description> (the channel's and the items') and each Atom element marked
    type="html". Returns [(element name, its HTML)].
    """
    root = ElementTree.fromstring(xml)
    fields = []
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name == "description" or element.get("type") == "html":
            fields.append((name, element.text or ""))
    return fields


class FeedReaderTests(TestCase):
    """
    Each payload of the corpus as a story's headline, standfirst and correction, a tag, and in the
    section's description, the byline's name and bio and a place's name; then every feed is read the
    way a feed reader reads it.
    """

    @classmethod
    def setUpTestData(cls):
        section = Section.objects.create(name="Hostile section", slug="hostile-section", description=ALL)
        author = make_author(name=clip(PAYLOADS[1], 100), slug="hostile-author", bio=ALL)
        cls.place = Location.objects.create(
            name=clip(PAYLOADS[2], 100),
            slug="hostile-place",
            kind=Location.Kind.SETTLEMENT,
            parent=Location.objects.get(slug="donetsk-oblast"),
        )
        cls.tag_slugs = []
        for n, payload in enumerate(PAYLOADS):
            story = make_article(
                headline=clip(f"{n} {payload}", 250),
                standfirst=clip(payload, 600),
                section=section,
                authors=[author],
                locations=[cls.place],
                tags=[clip(f"t{n} {payload}", 100)],
            )
            Correction.objects.create(article=story, text=payload)
            Correction.objects.create(article=story, text=payload, kind=Correction.Kind.UPDATE)
            cls.tag_slugs.append(story.tags.get().slug)

    def feeds(self):
        pages = [
            "/feeds/latest/",
            "/sections/hostile-section/feed/",
            "/authors/hostile-author/feed/",
            "/places/hostile-place/feed/",
            "/places/donetsk-oblast/feed/",
            *[f"/tags/{slug}/feed/" for slug in self.tag_slugs],
        ]
        for page in pages:
            yield page
            yield page.replace("/feeds/latest/", "/feeds/latest/atom/") if page == "/feeds/latest/" else page + "atom/"

    def test_no_field_a_feed_reader_renders_as_html_carries_anything_live(self):
        checked = 0
        for url in self.feeds():
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                fields = rendered_by_a_feed_reader(response.content)
                self.assertTrue(fields)
                for name, html in fields:
                    self.assertEqual(active_markup(html), [], f"{name}: {html[:300]}")
                    checked += 1
        self.assertGreater(checked, 2 * 27 * 2)

    def test_feed_readers_show_the_editors_words_as_text(self):
        """What the reader sees once the HTML is rendered is the standfirst, character for character."""
        atom = ElementTree.fromstring(self.client.get("/feeds/latest/atom/").content)
        summaries = {
            entry.findtext(f"{ATOM}title"): entry.findtext(f"{ATOM}summary") for entry in atom.iter(f"{ATOM}entry")
        }
        for n, payload in enumerate(PAYLOADS):
            with self.subTest(payload=payload):
                summary = summaries[clip(f"{n} {payload}", 250)]
                self.assertIn(f"<p>{escape(payload)}</p>", summary)
                self.assertEqual(text_of(summary).count(payload), 3)  # standfirst, correction, update

    def test_titles_and_atom_subtitles_are_plain_text(self):
        """Titles are text in RSS and Atom alike: the headline as written, never HTML-escaped twice."""
        atom = ElementTree.fromstring(self.client.get("/sections/hostile-section/feed/atom/").content)
        self.assertEqual(atom.findtext(f"{ATOM}subtitle"), ALL)
        self.assertIsNone(atom.find(f"{ATOM}subtitle").get("type"))
        titles = [entry.find(f"{ATOM}title") for entry in atom.iter(f"{ATOM}entry")]
        self.assertIn(clip(f"0 {PAYLOADS[0]}", 250), [title.text for title in titles])
        self.assertEqual({title.get("type") for title in titles}, {None})
        rss = ElementTree.fromstring(self.client.get("/sections/hostile-section/feed/").content)
        self.assertIn(clip(f"0 {PAYLOADS[0]}", 250), [item.findtext("title") for item in rss.iter("item")])
        self.assertEqual(text_of(rss.findtext("channel/description")), ALL)


ATOM = "{http://www.w3.org/2005/Atom}"


def text_of(html):
    """The text a browser would show for `html`."""
    parser = HTMLParser(convert_charrefs=True)
    parts = []
    parser.handle_data = parts.append
    parser.feed(html)
    parser.close()
    return "".join(parts)


class MachineReadSurfaceTests(TestCase):
    """Surfaces other programs read as text: each must carry the editor's text as text, exactly."""

    @classmethod
    def setUpTestData(cls):
        raion = Location.objects.create(
            name=clip("Raion " + PAYLOADS[2], 100),
            slug="hostile-raion",
            kind=Location.Kind.DISTRICT,
            parent=Location.objects.get(slug="donetsk-oblast"),
        )
        cls.village = Location.objects.create(
            name="Zorianyi Hai", slug="zorianyi-hai", kind=Location.Kind.SETTLEMENT, parent=raion
        )
        cls.stories = [
            make_article(headline=clip(f"{n} {payload}", 250), standfirst=clip(payload, 600))
            for n, payload in enumerate(PAYLOADS)
        ]

    def test_news_sitemap_titles_are_the_headlines_as_text(self):
        root = ElementTree.fromstring(self.client.get("/sitemap-news.xml").content)
        titles = {el.text for el in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")}
        self.assertEqual(titles, {story.headline for story in self.stories})

    def test_title_and_sharing_metadata_carry_the_text_as_text(self):
        for story in self.stories:
            with self.subTest(story.headline):
                meta = page_metadata(self.client.get(story.get_absolute_url()).content.decode())
                self.assertEqual(meta["title"], f"{story.headline} | {settings.SITE_NAME}")
                self.assertEqual(meta["og:title"], story.headline)
                self.assertEqual(meta["twitter:title"], story.headline)
                self.assertTrue(story.standfirst.startswith(meta["og:description"].rstrip("…")))

    def test_place_suggestions_show_hostile_place_names_as_text(self):
        editor = make_staff("Editors")
        self.client.force_login(editor)
        draft = make_draft(headline="Shelling of Zorianyi Hai", body="<p>Zorianyi Hai was hit again.</p>")
        response = self.client.get(reverse("admin:articles_article_change", args=[draft.pk]))
        html = response.content.decode()
        panel = html[html.index('<div class="place-suggestions"') :]
        panel = panel[: panel.index("</ul>")]
        self.assertIn("Zorianyi Hai", panel)
        self.assertEqual(active_markup(panel), [])
        self.assertIn(escape(PAYLOADS[2]), panel)
        detected = self.client.post(reverse("admin:articles_article_detect_places"), {"body": "<p>Zorianyi Hai</p>"})
        self.assertIn(PAYLOADS[2], detected.json()["places"][0]["label"])  # text for the script's textContent


class _MetadataReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self._in_title = {}, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._in_title = tag == "title" and "title" not in self.found
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.found.setdefault(attrs.get("property") or attrs.get("name"), attrs.get("content"))

    def handle_data(self, data):
        if self._in_title:
            self.found["title"] = self.found.get("title", "") + data

    def handle_endtag(self, tag):
        self._in_title = False


def page_metadata(html):
    """The page's <title> and its meta tags, as a link-preview bot reads them."""
    reader = _MetadataReader()
    reader.feed(html)
    return reader.found
