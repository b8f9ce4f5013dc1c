from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase
from django.urls import reverse

from articles.models import Article
from tests import factories
from tests.factories import make_article, make_draft, make_image, make_staff


class AdminSmokeTests(TestCase):
    """Every changelist and add page opens: misspelled admin options fail here, not in production."""

    @classmethod
    def setUpTestData(cls):
        cls.superuser = get_user_model().objects.create_superuser("ops", password="password")
        cls.editor = make_staff("Editors")
        make_article(hero_image=make_image(), tags=["Drones"])

    def pages(self, apps=None):
        """Each registered model's list and, unless nobody may add one (audit trails), its add page."""
        request = RequestFactory().get("/")
        request.user = self.superuser
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            if apps and opts.app_label not in apps:
                continue
            addable = model_admin.has_add_permission(request)
            for view in ["changelist", "add"] if addable else ["changelist"]:
                yield reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")

    def test_every_changelist_and_add_page_opens(self):
        self.client.force_login(self.superuser)
        for url in self.pages():
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_editors_can_open_every_newsroom_page(self):
        self.client.force_login(self.editor)
        for url in self.pages(apps={"articles", "media", "locations"}):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_writers_and_editors_can_place_photos_in_the_body(self):
        for user in (self.editor, make_staff("Writers")):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertContains(self.client.get(reverse("admin:articles_article_add")), "Photos in the body")

    def test_article_change_page_links_to_the_site(self):
        self.client.force_login(self.editor)
        article = Article.objects.get()
        response = self.client.get(reverse("admin:articles_article_change", args=[article.pk]))
        self.assertContains(response, "View on site")


def article_form_data(**overrides):
    """The admin form of a draft with a hostile body and two tags."""
    hostile = {"body": "<p>Text <script>alert(1)</script></p>", "tags": "Front line, Pokrovsk offensive"}
    return factories.article_form_data(**{**hostile, **overrides})


class PublishingPermissionTests(TestCase):
    """Writers write; only Editors publish or unpublish, whatever a forged request sends."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_staff("Writers")
        cls.editor = make_staff("Editors")

    def test_writer_adding_a_published_story_is_refused_and_nothing_is_saved(self):
        self.client.force_login(self.writer)
        response = self.client.post(
            reverse("admin:articles_article_add"),
            article_form_data(status="published", published_at_0="2025-12-23", published_at_1="14:20"),
        )
        self.assertContains(response, "Select a valid choice. published is not one of the available choices.")
        self.assertFalse(Article.objects.exists())

    def test_writer_files_a_new_story_for_review(self):
        self.client.force_login(self.writer)
        response = self.client.post(reverse("admin:articles_article_add"), article_form_data(status="review"))
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(slug="russia-claims-pokrovsk")
        self.assertEqual(article.status, Article.Status.REVIEW)
        self.assertIsNone(article.published_at)
        self.assertEqual(article.created_by, self.writer)

    def test_editor_adding_a_published_story_publishes_it(self):
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:articles_article_add"), article_form_data(status="published"))
        article = Article.objects.get(slug="russia-claims-pokrovsk")
        self.assertIs(article.is_public, True)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)

    def test_body_is_sanitised_when_saved_through_the_admin(self):
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:articles_article_add"), article_form_data())
        article = Article.objects.get(slug="russia-claims-pokrovsk")
        self.assertNotIn("script", article.body)
        self.assertNotIn("script", article.body_html)

    def test_writer_cannot_publish_a_draft_by_editing_it(self):
        draft = make_draft(slug="a-draft")
        self.client.force_login(self.writer)
        self.client.post(
            reverse("admin:articles_article_change", args=[draft.pk]),
            article_form_data(slug="a-draft", status="published"),
        )
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.DRAFT)

    def test_writer_cannot_unpublish_by_editing(self):
        live = make_article(slug="live-story")
        self.client.force_login(self.writer)
        self.client.post(
            reverse("admin:articles_article_change", args=[live.pk]),
            article_form_data(slug="live-story", status="draft"),
        )
        live.refresh_from_db()
        self.assertEqual(live.status, Article.Status.PUBLISHED)

    def test_writer_cannot_use_the_publish_or_unpublish_actions(self):
        draft, live = make_draft(), make_article()
        self.client.force_login(self.writer)
        changelist = reverse("admin:articles_article_changelist")
        self.assertNotContains(self.client.get(changelist), "Publish selected articles")
        for action, article in (("publish", draft), ("unpublish", live)):
            with self.subTest(action):
                self.client.post(changelist, {"action": action, "_selected_action": [article.pk]})
                status_before = article.status
                article.refresh_from_db()
                self.assertEqual(article.status, status_before)

    def test_editor_publishes_and_unpublishes_with_the_actions(self):
        draft, live = make_draft(), make_article()
        self.client.force_login(self.editor)
        changelist = reverse("admin:articles_article_changelist")
        response = self.client.post(changelist, {"action": "publish", "_selected_action": [draft.pk]}, follow=True)
        self.assertContains(response, "1 article was published.")
        response = self.client.post(changelist, {"action": "unpublish", "_selected_action": [live.pk]}, follow=True)
        self.assertContains(response, "1 article was unpublished.")
        draft.refresh_from_db()
        live.refresh_from_db()
        self.assertIs(draft.is_public, True)
        self.assertEqual(live.status, Article.Status.UNPUBLISHED)
        self.assertEqual(self.client.get(live.get_absolute_url()).status_code, 200)  # editors still preview it
        self.client.logout()
        self.assertEqual(self.client.get(live.get_absolute_url()).status_code, 404)

    def test_writer_sees_why_the_status_cannot_be_changed(self):
        self.client.force_login(self.writer)
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, "Only editors can publish, schedule, feature or send a story as an alert.")

    def test_missing_headline_is_reported_and_nothing_is_saved(self):
        self.client.force_login(self.editor)
        response = self.client.post(reverse("admin:articles_article_add"), article_form_data(headline=""))
        self.assertContains(response, "This field is required.")
        self.assertFalse(Article.objects.exists())
