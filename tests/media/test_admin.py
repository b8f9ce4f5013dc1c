from datetime import timedelta
from io import StringIO

import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePhoto
from media.models import Image
from tests.factories import make_article, make_author, make_image, make_staff
from tests.media.files import HOSTILE_FILES, photo_bytes, upload


class ImageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.writer = make_staff("Writers")
        cls.image = make_image(caption="Smoke over Kostiantynivka", credit="EPA/Oleg Petrasyuk", alt_text="Grey smoke")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_list_shows_thumbnails_from_renditions(self):
        response = self.client.get(reverse("admin:media_image_changelist"))
        thumb = self.image.sources("square")["jpg"][0][0]
        self.assertContains(response, f'<img src="{thumb}" width="96" height="96"')
        self.assertNotContains(response, self.image.file.name)

    def test_form_shows_a_focal_point_picker_and_accepts_only_photos(self):
        response = self.client.get(reverse("admin:media_image_change", args=[self.image.pk]))
        self.assertContains(response, 'class="focal-picker" data-focal-x="0.5" data-focal-y="0.5"')
        self.assertContains(response, "admin-extra/focal-point.js")
        self.assertContains(response, 'accept="image/jpeg,image/png,image/webp,image/avif"')

    def test_focal_point_can_be_set_in_the_form(self):
        self.client.post(
            reverse("admin:media_image_change", args=[self.image.pk]),
            {"alt_text": "Grey smoke", "caption": "c", "credit": "", "focal_x": "0.25", "focal_y": "0.75"},
        )
        self.image.refresh_from_db()
        self.assertEqual((self.image.focal_x, self.image.focal_y), (0.25, 0.75))

    def test_focal_point_outside_the_photo_is_refused(self):
        response = self.client.post(
            reverse("admin:media_image_change", args=[self.image.pk]),
            {"alt_text": "Grey smoke", "focal_x": "1.5", "focal_y": "0.5"},
        )
        self.assertContains(response, "Ensure this value is less than or equal to 1")

    def test_search_by_caption_credit_and_alt_text(self):
        for query in ("Kostiantynivka", "Petrasyuk", "Grey smoke"):
            with self.subTest(query):
                response = self.client.get(reverse("admin:media_image_changelist"), {"q": query})
                self.assertContains(response, "Smoke over Kostiantynivka")

    def test_upload_records_size_and_uploader(self):
        self.client.post(
            reverse("admin:media_image_add"),
            {
                "file": upload("new.jpg", photo_bytes(200, 100)),
                "alt_text": "A new photo",
                "focal_x": 0.5,
                "focal_y": 0.5,
            },
        )
        image = Image.objects.get(alt_text="A new photo")
        self.assertEqual((image.width, image.height), (200, 100))
        self.assertEqual(image.uploaded_by, self.editor)

    def test_alt_text_is_required_in_the_form(self):
        response = self.client.post(
            reverse("admin:media_image_add"),
            {"file": upload("new.jpg", photo_bytes()), "alt_text": "", "focal_x": 0.5, "focal_y": 0.5},
        )
        self.assertContains(response, "This field is required.")
        self.assertEqual(Image.objects.count(), 1)

    def test_page_lists_where_the_photo_is_used(self):
        story = make_article(headline="Hero user", hero_image=self.image)
        body = make_article(headline="Body user")
        ArticlePhoto.objects.create(article=body, image=self.image)
        author = make_author(name="Photo Author", photo=self.image)
        response = self.client.get(reverse("admin:media_image_change", args=[self.image.pk]))
        self.assertContains(
            response, f'<a href="/admin/articles/article/{story.pk}/change/">Hero user</a> (hero photo)', html=True
        )
        self.assertContains(
            response, f'<a href="/admin/articles/article/{body.pk}/change/">Body user</a> (in the body)', html=True
        )
        self.assertContains(
            response, f'<a href="/admin/articles/author/{author.pk}/change/">Photo Author</a> (byline photo)', html=True
        )

    def test_photo_in_use_cannot_be_deleted(self):
        make_article(hero_image=self.image)
        response = self.client.post(reverse("admin:media_image_delete", args=[self.image.pk]), {"post": "yes"})
        self.assertContains(response, "would require deleting the following protected related objects")
        self.assertTrue(Image.objects.filter(pk=self.image.pk).exists())

    def test_deleting_an_unused_photo_removes_its_original_and_every_rendition(self):
        image = make_image()  # its own files: the class's photo must keep its files for the other tests
        names = [image.file.name, *image.rendition_files()]
        self.assertTrue(all(default_storage.exists(name) for name in names))
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})
        self.assertFalse(default_storage.exists(image.file.name))  # the original goes at once
        sweep_after_the_caches_expire()
        self.assertEqual([name for name in names if default_storage.exists(name)], [])

    def test_deleting_photos_from_the_list_removes_their_files(self):
        image = make_image()  # its own files: the class's photo must keep its files for the other tests
        names = [image.file.name, *image.rendition_files()]
        changelist = reverse("admin:media_image_changelist")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(changelist, {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"})
        self.assertFalse(default_storage.exists(image.file.name))  # the original goes at once
        sweep_after_the_caches_expire()
        self.assertFalse(Image.objects.filter(pk=image.pk).exists())
        self.assertEqual([name for name in names if default_storage.exists(name)], [])


class BulkUploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")

    def test_several_photos_upload_at_once_and_bad_ones_are_named(self):
        self.client.force_login(self.editor)
        name, hostile = HOSTILE_FILES["SVG renamed .jpg"]
        response = self.client.post(
            reverse("admin:media_image_bulk_upload"),
            {
                "files": [
                    upload("one.jpg", photo_bytes()),
                    upload("two.png", photo_bytes(fmt="PNG")),
                    upload("evil.jpg", hostile),
                ],
                "credit": "EPA/Test",
            },
            follow=True,
        )
        self.assertEqual(Image.objects.count(), 2)
        self.assertEqual(set(Image.objects.values_list("credit", flat=True)), {"EPA/Test"})
        self.assertContains(
            response,
            "“evil.jpg” was not uploaded: This file is not a photo Newsroom can read. Upload a JPEG, PNG, WebP or AVIF file.",
        )
        self.assertContains(response, "2 photos were uploaded.")
        self.assertEqual(response.redirect_chain[-1][0], "/admin/media/image/?alt=missing")

    def test_changelist_links_to_bulk_upload(self):
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(reverse("admin:media_image_changelist")), "Upload several photos")

    def test_users_without_add_permission_are_refused(self):
        viewer = make_staff("Writers")
        viewer.groups.clear()
        self.client.force_login(viewer)
        self.assertEqual(self.client.get(reverse("admin:media_image_bulk_upload")).status_code, 403)


class OriginalDownloadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = make_image()
        cls.editor = make_staff("Editors")

    def test_staff_download_the_original_from_the_form_not_from_a_public_link(self):
        self.client.force_login(self.editor)
        form = self.client.get(reverse("admin:media_image_change", args=[self.image.pk]))
        self.assertNotContains(form, self.image.file.url)
        download_url = reverse("admin:media_image_original", args=[self.image.pk])
        self.assertContains(form, f'<a href="{download_url}">download the original</a>', html=True)
        response = self.client.get(download_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])

    def test_anonymous_visitors_cannot_download_originals(self):
        response = self.client.get(reverse("admin:media_image_original", args=[self.image.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])


def sweep_after_the_caches_expire():
    """Renditions of a deleted photo outlive the cached pages that may name them, then go."""
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS + 1)):
        call_command("sweep_files", stdout=StringIO())
