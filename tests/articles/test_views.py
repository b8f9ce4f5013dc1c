from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from locations.models import Location
from tests.factories import (
    make_article,
    make_author,
    make_draft,
    make_future,
    make_image,
    make_section,
    make_staff,
)


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.news = make_section(name="News", slug="news", position=0)
        cls.analysis = make_section(name="Analysis", slug="analysis", position=1)
        cls.author = make_author(name="Olena Marchenko")
        cls.lead = make_article(
            headline="Ukraine's military confirms withdrawal from Siversk",
            section=cls.news,
            is_featured=True,
            hero_image=make_image(),
            authors=[cls.author],
        )
        cls.newer = make_article(headline="Newest story of the day", section=cls.analysis)
        cls.draft = make_draft(headline="A draft nobody may see", section=cls.news)
        cls.future = make_future(headline="Tomorrow's scheduled story", section=cls.news)

    def test_featured_story_leads_even_when_newer_stories_exist(self):
        response = self.client.get("/")
        self.assertEqual(response.context["front"].lead, self.lead)
        self.assertContains(response, "Ukraine&#x27;s military confirms withdrawal from Siversk")
        self.assertContains(response, 'fetchpriority="high"')

    def test_latest_list_and_section_blocks_show_public_stories(self):
        response = self.client.get("/")
        self.assertIn(self.newer, response.context["front"].latest)
        sections = [section for section, _stories in response.context["front"].section_blocks]
        self.assertEqual(sections, [self.analysis])
        self.assertContains(response, '<a href="/sections/analysis/">Analysis</a>', html=True)

    def test_a_section_block_gives_the_standfirst_of_its_first_story_only(self):
        older = make_article(headline="Older analysis", standfirst="What the older one adds.", section=self.analysis)
        older.published_at = self.newer.published_at - timezone.timedelta(hours=1)
        older.save()
        self.newer.standfirst = "Why the newest one matters."
        self.newer.save()
        block = self.client.get("/").content.decode().split('id="section-analysis"')[1].split("</section>")[0]
        self.assertIn("Why the newest one matters.", block)
        self.assertIn("Older analysis", block)
        self.assertNotIn("What the older one adds.", block)

    def test_drafts_and_future_stories_are_not_on_the_home_page(self):
        response = self.client.get("/")
        self.assertNotContains(response, "A draft nobody may see")
        self.assertNotContains(response, "Tomorrow&#x27;s scheduled story")

    def test_home_page_has_skip_link_landmarks_and_section_menu(self):
        response = self.client.get("/")
        self.assertContains(response, '<a class="skip-link" href="#main">Skip to content</a>', html=True)
        self.assertContains(response, '<main id="main"')
        self.assertContains(response, "<header")
        self.assertContains(response, "<footer")
        self.assertContains(response, '<a href="/sections/news/">News</a>', html=True)

    def test_empty_site_says_so(self):
        Article.objects.all().delete()
        response = self.client.get("/")
        self.assertContains(response, "No stories have been published yet.")


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="News", slug="news")
        cls.authors = [
            make_author(name="Andrii Kovalenko", slug="andrii"),
            make_author(name="Maksym Bondar", slug="maksym"),
        ]
        cls.image = make_image(
            alt_text="Broken roofs under a winter sky", caption="Library caption", credit="EPA/Oleg Petrasyuk"
        )
        cls.siversk = Location.objects.get(slug="siversk")
        cls.article = make_article(
            headline="Ukraine's military confirms withdrawal from Siversk",
            slug="withdrawal-from-siversk",
            standfirst="Troops left the town to save lives.",
            body="<p>First paragraph.</p><h2>Why it matters</h2><p>Second.</p>",
            section=cls.section,
            hero_image=cls.image,
            hero_caption="Siversk in December.",
            tags=["Front line", "Fortress belt"],
            locations=[cls.siversk],
            authors=cls.authors,
        )
        cls.related = make_article(headline="Another story about Siversk", locations=[cls.siversk])
        cls.unrelated = make_article(headline="A story about Kharkiv", locations=[Location.objects.get(slug="kharkiv")])

    def get(self):
        return self.client.get(self.article.get_absolute_url())

    def test_page_shows_headline_standfirst_and_body(self):
        response = self.get()
        self.assertContains(
            response,
            '<h1 class="story__headline">Ukraine&#x27;s military confirms withdrawal from Siversk</h1>',
            html=True,
        )
        self.assertContains(response, "Troops left the town to save lives.")
        self.assertContains(response, "<h2>Why it matters</h2>", html=True)

    def test_bylines_link_to_author_pages(self):
        response = self.get()
        self.assertContains(response, '<a href="/authors/andrii/" rel="author">Andrii Kovalenko</a>', html=True)
        self.assertContains(response, '<a href="/authors/maksym/" rel="author">Maksym Bondar</a>', html=True)

    def test_about_the_authors_panel_shows_each_bio(self):
        Author = type(self.authors[0])
        Author.objects.filter(pk=self.authors[0].pk).update(
            bio="Covers the armed forces.", role="Defence correspondent"
        )
        response = self.get()
        self.assertContains(response, '<p class="about-author__bio">Covers the armed forces.</p>', html=True)
        self.assertContains(response, "Defence correspondent")

    def test_publication_time_is_a_machine_readable_time_element(self):
        response = self.get()
        local = timezone.localtime(self.article.published_at)
        self.assertContains(response, f'<time datetime="{local.strftime("%Y-%m-%dT%H:%M")}')

    def test_updated_time_shows_only_after_a_later_edit(self):
        self.assertNotContains(self.get(), "story__updated")
        story = Article.objects.get(pk=self.article.pk)
        story.standfirst = "An edit readers see."
        story.save()  # published an hour ago: this edit is an update
        self.assertContains(self.get(), "story__updated")

    def test_hero_figure_has_alt_text_dimensions_caption_and_credit(self):
        response = self.get()
        self.assertContains(response, 'alt="Broken roofs under a winter sky"')
        self.assertContains(response, f'width="{self.image.width}" height="{self.image.height}"')
        self.assertContains(response, "Siversk in December.")
        self.assertNotContains(response, "Library caption")
        self.assertContains(response, "Photo: EPA/Oleg Petrasyuk")

    def test_library_caption_is_used_when_the_article_has_none(self):
        Article.objects.filter(pk=self.article.pk).update(hero_caption="")
        self.assertContains(self.get(), "Library caption")

    def test_tags_and_places_are_links(self):
        response = self.get()
        self.assertContains(response, '<a class="chip" href="/tags/fortress-belt/">Fortress belt</a>', html=True)
        self.assertContains(response, '<a class="chip chip--place" href="/places/siversk/">Siversk</a>', html=True)

    def test_locator_map_marks_the_story_places(self):
        self.article.locations.add(Location.objects.get(slug="donetsk-oblast"))  # A region gets no dot.
        response = self.get()
        self.assertContains(response, "Map of Ukraine showing Siversk")
        self.assertContains(response, 'class="locator-map__dot"', count=1)

    def test_related_stories_share_tags_or_places(self):
        response = self.get()
        self.assertEqual(list(response.context["story"].related), [self.related])

    def test_related_stories_exclude_unpublished_ones(self):
        make_draft(headline="Draft about Siversk", locations=[self.siversk])
        self.assertNotContains(self.get(), "Draft about Siversk")

    def test_unknown_slug_answers_404(self):
        self.assertEqual(self.client.get("/news/no-such-story/").status_code, 404)


class UnpublishedArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.draft = make_draft(headline="Draft story")
        cls.future = make_future(headline="Scheduled story")
        cls.editor = make_staff("Editors")
        cls.writer = make_staff("Writers")

    def test_drafts_and_future_stories_answer_404_to_the_public(self):
        for article in (self.draft, self.future):
            with self.subTest(article=article.headline):
                self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_staff_who_can_edit_articles_see_a_marked_preview_that_is_never_cached(self):
        for user in (self.editor, self.writer):
            self.client.force_login(user)
            for article in (self.draft, self.future):
                with self.subTest(user=user.username, article=article.headline):
                    response = self.client.get(article.get_absolute_url())
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "preview-banner")
                    self.assertContains(response, '<meta name="robots" content="noindex, nofollow">', html=True)
                    self.assertIn("no-cache", response["Cache-Control"])

    def test_staff_without_article_permission_get_404(self):
        user = make_staff("Writers")
        user.groups.clear()
        user.user_permissions.add(Permission.objects.get(codename="view_image"))
        self.client.force_login(user)
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)

    def test_published_story_has_no_preview_banner_for_staff(self):
        article = make_article(headline="Live story")
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(article.get_absolute_url()), "preview-banner")


class StoryListPageTests(TestCase):
    """Tag, section and author pages: public stories only, paginated, 404 on bad input."""

    @classmethod
    def setUpTestData(cls):
        cls.section = make_section(name="Analysis", slug="analysis", description="What it means.")
        cls.author = make_author(name="Sofia Hrytsenko", slug="sofia", role="Kharkiv correspondent", photo=make_image())
        cls.stories = [
            make_article(headline=f"Listed story {i}", section=cls.section, authors=[cls.author], tags=["Drones"])
            for i in range(15)
        ]
        make_draft(headline="Unlisted draft", section=cls.section, authors=[cls.author], tags=["Drones"])
        make_future(headline="Unlisted future", section=cls.section, authors=[cls.author], tags=["Drones"])
        cls.urls = {
            "tag": reverse("articles:tag", kwargs={"slug": "drones"}),
            "section": cls.section.get_absolute_url(),
            "author": cls.author.get_absolute_url(),
        }

    def test_each_list_shows_the_newest_public_stories_first(self):
        for kind, url in self.urls.items():
            with self.subTest(kind):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(list(response.context["stories"]), self.stories[:12])
                self.assertNotContains(response, "Unlisted")

    def test_second_page_lists_the_rest(self):
        for kind, url in self.urls.items():
            with self.subTest(kind):
                response = self.client.get(url, {"page": 2})
                self.assertEqual(list(response.context["stories"]), self.stories[12:])
                self.assertContains(response, "Page 2 of 2")
                self.assertContains(response, 'rel="prev"')

    def test_bad_page_numbers_answer_404(self):
        for kind, url in self.urls.items():
            for page in ("abc", "999999", "0", "-1", "1.5"):
                with self.subTest(kind=kind, page=page):
                    self.assertEqual(self.client.get(url, {"page": page}).status_code, 404)

    def test_unknown_slugs_answer_404(self):
        for name in ("articles:tag", "articles:section", "articles:author"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(name, kwargs={"slug": "nothing-here"})).status_code, 404)

    def test_tag_used_only_on_unpublished_stories_has_no_page(self):
        make_draft(tags=["Secret plans"])
        self.assertEqual(self.client.get("/tags/secret-plans/").status_code, 404)

    def test_section_page_shows_its_description(self):
        self.assertContains(self.client.get(self.urls["section"]), "What it means.")

    def test_author_page_shows_photo_role_and_bio(self):
        response = self.client.get(self.urls["author"])
        self.assertContains(response, "Kharkiv correspondent")
        self.assertContains(response, self.author.bio)
        # The portrait's alternative text is the person's name, in the edition's language.
        self.assertContains(response, f'alt="{self.author.name}"')
        self.author.name_uk = "Олена Коваль"
        self.author.save()
        self.assertContains(self.client.get("/uk" + self.urls["author"]), 'alt="Олена Коваль"')

    def test_cyrillic_tag_has_a_latin_url_that_works(self):
        make_article(headline="Story in Ukrainian", tags=["Мобілізація"])
        tag = Tag.objects.get(name="Мобілізація")
        self.assertEqual(tag.slug, "mobilizatsiia")
        self.assertContains(self.client.get("/tags/mobilizatsiia/"), "Мобілізація")


class ErrorPageTests(TestCase):
    def test_404_page_uses_the_site_design(self):
        response = self.client.get("/this/does/not/exist/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "We can’t find that page", status_code=404)
        self.assertContains(response, 'class="masthead"', status_code=404)

    def test_500_page_renders_without_a_database_or_request(self):
        from django.template.loader import render_to_string

        with self.assertNumQueries(0):
            html = render_to_string("500.html")
        self.assertIn("Something went wrong on our side", html)

    def test_reader_pages_answer_head_and_refuse_post(self):
        article = make_article(tags=["Drones"], locations=[Location.objects.get(slug="siversk")])
        for url in ("/", article.get_absolute_url(), "/tags/drones/", "/places/siversk/", "/places/"):
            with self.subTest(url):
                self.assertEqual(self.client.head(url).status_code, 200)
                self.assertEqual(self.client.post(url).status_code, 405)


class PermanentUrlTests(TestCase):
    def test_an_edited_slug_keeps_the_old_address_working(self):
        story = make_article(slug="russia-claims-pokrovsk")
        story.slug = "russia-claims-capture-of-pokrovsk"
        story.save()
        story.slug = "pokrovsk-claim"
        story.save()
        for old in ("russia-claims-pokrovsk", "russia-claims-capture-of-pokrovsk"):
            with self.subTest(old):
                self.assertRedirects(self.client.get(f"/news/{old}/"), "/news/pokrovsk-claim/", status_code=301)

    def test_old_address_of_an_unpublished_story_is_404(self):
        story = make_article(slug="first-slug")
        story.slug = "second-slug"
        story.unpublish()
        self.assertEqual(self.client.get("/news/first-slug/").status_code, 404)

    def test_a_new_story_may_take_a_freed_address(self):
        story = make_article(slug="taken")
        story.slug = "renamed"
        story.save()
        newcomer = make_article(slug="taken", headline="Newcomer")
        self.assertContains(self.client.get("/news/taken/"), "Newcomer")
        self.assertEqual(newcomer.slug, "taken")


class ConditionalGetTests(TestCase):
    def test_unchanged_page_answers_304_to_a_reader_who_has_it(self):
        story = make_article()
        first = self.client.get(story.get_absolute_url())
        self.assertIn("ETag", first)
        again = self.client.get(story.get_absolute_url(), headers={"if-none-match": first["ETag"]})
        self.assertEqual(again.status_code, 304)
        story.headline = "Changed headline"
        story.save()
        changed = self.client.get(story.get_absolute_url(), headers={"if-none-match": first["ETag"]})
        self.assertEqual(changed.status_code, 200)
