from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from media.models import Image
from tests.factories import jpeg_bytes, make_image, make_staff


class ImageAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.image = make_image(caption="Smoke over Kostiantynivka", credit="EPA/Oleg Petrasyuk", alt_text="Grey smoke")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_list_shows_thumbnails(self):
        response = self.client.get(reverse("admin:media_image_changelist"))
        self.assertContains(response, f'<img src="{self.image.url}" width="120"')

    def test_form_shows_a_preview(self):
        response = self.client.get(reverse("admin:media_image_change", args=[self.image.pk]))
        self.assertContains(response, f'<img src="{self.image.url}" width="480"')
        self.assertContains(response, 'accept="image/jpeg,image/png,image/webp"')

    def test_search_by_caption_credit_and_alt_text(self):
        for query in ("Kostiantynivka", "Petrasyuk", "Grey smoke"):
            with self.subTest(query):
                response = self.client.get(reverse("admin:media_image_changelist"), {"q": query})
                self.assertContains(response, "Smoke over Kostiantynivka")

    def test_upload_records_size_and_uploader(self):
        self.client.post(
            reverse("admin:media_image_add"),
            {
                "file": SimpleUploadedFile("new.jpg", jpeg_bytes(200, 100), content_type="image/jpeg"),
                "alt_text": "A new photo",
            },
        )
        image = Image.objects.get(alt_text="A new photo")
        self.assertEqual((image.width, image.height), (200, 100))
        self.assertEqual(image.uploaded_by, self.editor)

    def test_alt_text_is_required(self):
        response = self.client.post(
            reverse("admin:media_image_add"),
            {"file": SimpleUploadedFile("new.jpg", jpeg_bytes(), content_type="image/jpeg"), "alt_text": ""},
        )
        self.assertContains(response, "This field is required.")
        self.assertFalse(Image.objects.filter(caption="").exclude(pk=self.image.pk).exists())

    def test_a_file_that_is_not_an_image_is_refused_with_a_message(self):
        response = self.client.post(
            reverse("admin:media_image_add"),
            {"file": SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg"), "alt_text": "x"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Upload a valid image.")
        self.assertEqual(Image.objects.count(), 1)

    @override_settings(IMAGE_MAX_UPLOAD_BYTES=100)
    def test_a_file_over_the_size_limit_is_refused_with_a_message(self):
        response = self.client.post(
            reverse("admin:media_image_add"),
            {"file": SimpleUploadedFile("big.jpg", jpeg_bytes(400, 400), content_type="image/jpeg"), "alt_text": "x"},
        )
        self.assertContains(response, "the largest photo allowed is 100")
        self.assertEqual(Image.objects.count(), 1)
