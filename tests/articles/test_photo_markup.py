import re

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, ArticlePhoto, PublishingError
from tests.factories import article_form_data, make_article, make_draft, make_image, make_section, make_staff
from tests.media.files import photo_bytes, upload


def wide_image(**fields):
    return make_image(file=upload("wide.jpg", photo_bytes(2400, 1600)), **fields)


class HeroMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = wide_image(alt_text="Smoke over the town", caption="Caption", credit="EPA/Test")
        cls.article = make_article(
            hero_image=cls.image, section=make_section(), body="<p>One.</p><p>Two.</p><p>Three.</p>"
        )

    def test_hero_is_a_responsive_picture_with_webp_and_jpeg(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        hero = html[html.index('<figure class="story__hero">') : html.index("</figure>")]
        self.assertIn('<source type="image/webp" srcset="', hero)
        for width in (320, 480, 640, 960, 1280, 1600, 2048):
            self.assertIn(f"-{width}x", hero)
        self.assertRegex(hero, r'<img src="[^"]+full-960x640\.jpg" srcset="[^"]+ 320w')
        self.assertIn('sizes="(min-width: 64rem) 46rem, calc(100vw - 2rem)"', hero)
        self.assertIn('width="2048" height="1365"', hero)
        self.assertIn('fetchpriority="high"', hero)
        self.assertNotIn('loading="lazy"', hero)
        self.assertIn('alt="Smoke over the town"', hero)

    def test_no_page_links_to_the_original_file(self):
        for url in ("/", self.article.get_absolute_url()):
            with self.subTest(url):
                self.assertNotContains(self.client.get(url), self.image.file.name)

    def test_list_thumbnails_are_lazy_16_9_crops_with_dimensions(self):
        make_article(hero_image=wide_image(alt_text="x"))  # The lead story is eager; the rest are lazy.
        html = self.client.get(reverse("articles:section", args=[self.article.section.slug])).content.decode()
        images = re.findall(r"<img [^>]+>", html)
        self.assertTrue(images)
        for tag in images:
            self.assertIn('loading="lazy"', tag)
            self.assertIn('width="2048" height="1152"', tag)
            self.assertIn("card-", tag)

    def test_body_photos_sit_between_paragraphs_with_caption_and_credit(self):
        photo = wide_image(alt_text="Evacuation bus", caption="Library caption", credit="Reuters/Test")
        ArticlePhoto.objects.create(article=self.article, image=photo, after_paragraph=2, caption="Leaving Sloviansk.")
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        body = html[html.index('class="story__body') :]
        self.assertLess(body.index("Two."), body.index('alt="Evacuation bus"'))
        self.assertLess(body.index('alt="Evacuation bus"'), body.index("Three."))
        self.assertIn("Leaving Sloviansk.", body)
        self.assertIn("Photo: Reuters/Test", body)
        self.assertIn('<source type="image/webp"', body[body.index("body-photo") :])


class AltTextBeforePublishingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.no_alt = make_image(alt_text="")

    def test_story_with_a_hero_lacking_alt_text_cannot_be_published(self):
        draft = make_draft(hero_image=self.no_alt)
        with self.assertRaises(PublishingError):
            draft.publish()
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [draft.pk]},
            follow=True,
        )
        self.assertContains(response, "Add alt text to")
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.DRAFT)

    def test_admin_form_names_the_photo_that_needs_alt_text(self):
        self.client.force_login(self.editor)
        body_photo = {"photos-TOTAL_FORMS": "1", "photos-0-image": self.no_alt.pk, "photos-0-after_paragraph": "1"}
        response = self.client.post(
            reverse("admin:articles_article_add"),
            article_form_data(slug="h", status="published", hero_image=self.no_alt.pk, **body_photo),
        )
        self.assertContains(response, "This photo has no alt text.")
        self.assertContains(response, "has no alt text. Write it in the image library before publishing.")
        self.assertFalse(Article.objects.exists())

    def test_a_draft_may_use_a_photo_without_alt_text(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_article_add"), article_form_data(slug="h", hero_image=self.no_alt.pk)
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Article.objects.filter(slug="h").exists())
