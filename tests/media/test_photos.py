import io
import os
from datetime import timedelta
from io import StringIO
from unittest import mock

import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from media import processing
from media.models import Image, RetiredFile
from tests.factories import make_staff
from tests.media.files import (
    GPS_XMP,
    HOSTILE_FILES,
    SERIAL,
    jpeg_with_metadata,
    photo_bytes,
    png_bomb,
    two_colour_bytes,
    upload,
)


def stored_name(url):
    """The storage name behind a rendition's URL, on the filesystem or in a bucket."""
    return url.removeprefix(default_storage.url("x").removesuffix("x"))


class UploadTests(TestCase):
    """Every bad file is refused in the form with a message, and nothing is stored."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")

    def setUp(self):
        self.client.force_login(self.editor)
        self.files_before = self.stored_files()

    @staticmethod
    def stored_files():
        found = set()

        def walk(folder):
            try:
                folders, files = default_storage.listdir(folder)
            except FileNotFoundError:
                return
            found.update(f"{folder}/{name}" for name in files)
            for sub in folders:
                walk(f"{folder}/{sub}")

        walk("originals")
        walk("renditions")
        return found

    def post(self, name, data, **fields):
        return self.client.post(
            reverse("admin:media_image_add"),
            {"file": upload(name, data), "alt_text": "Alt", "focal_x": 0.5, "focal_y": 0.5, **fields},
        )

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Image.objects.exists())
        self.assertEqual(self.stored_files(), self.files_before)

    def test_hostile_files_are_refused(self):
        for label, (name, data) in HOSTILE_FILES.items():
            with self.subTest(label):
                response = self.post(name, data)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "errorlist")
                self.assertFalse(Image.objects.exists())

    def test_zero_byte_file_is_refused(self):
        self.assert_refused(self.post("empty.jpg", b""), "The submitted file is empty.")

    def test_truncated_file_is_refused(self):
        data = photo_bytes(800, 600, colour=(10, 200, 30), quality=95)
        self.assert_refused(self.post("cut.jpg", data[: len(data) // 2]), "damaged or incomplete")

    def test_corrupt_file_is_refused(self):
        data = bytearray(photo_bytes(400, 300))
        data[2:120] = bytes(118)  # The headers that say what the file is.
        response = self.post("corrupt.jpg", bytes(data))
        self.assertContains(response, "errorlist")
        self.assertFalse(Image.objects.exists())

    def test_decompression_bomb_is_refused_without_being_unpacked(self):
        self.assert_refused(self.post("bomb.png", png_bomb()), "decompression bomb")

    def test_gif_is_refused_with_the_formats_we_take(self):
        self.assert_refused(
            self.post("anim.gif", photo_bytes(fmt="GIF")), "This is a GIF file. Upload a JPEG, PNG, WebP or AVIF photo."
        )

    @override_settings(IMAGE_MAX_DIMENSION=300)
    def test_photo_over_the_side_limit_is_refused(self):
        self.assert_refused(self.post("wide.jpg", photo_bytes(400, 100)), "the largest allowed is 300 pixels")

    @override_settings(IMAGE_MAX_PIXELS=10_000)
    def test_photo_over_the_pixel_limit_is_refused(self):
        self.assert_refused(self.post("big.jpg", photo_bytes(200, 100)), "This photo is 200 × 100 pixels")

    @override_settings(IMAGE_MAX_UPLOAD_BYTES=100)
    def test_file_over_the_size_limit_is_refused(self):
        self.assert_refused(self.post("big.jpg", photo_bytes(400, 400)), "the largest photo allowed is 100")

    def test_jpeg_png_webp_and_avif_are_accepted(self):
        formats = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
        if "AVIF" in processing.FORMATS:
            formats["avif"] = "AVIF"
        for extension, fmt in formats.items():
            with self.subTest(fmt):
                response = self.post(f"photo.{extension}", photo_bytes(fmt=fmt), caption=f"A {fmt} photo")
                self.assertEqual(response.status_code, 302)
                image = Image.objects.get(caption=f"A {fmt} photo")
                self.assertEqual((image.width, image.height), (320, 180))
                self.assertTrue(image.file.name.endswith(f".{extension}"))

    def test_exif_orientation_is_applied(self):
        self.post("sideways.jpg", jpeg_with_metadata(320, 180, orientation=6))
        image = Image.objects.get()
        self.assertEqual((image.width, image.height), (180, 320))
        url, width, height = image.sources("full")["jpg"][-1]
        self.assertLess(width, height)


class MetadataTests(TestCase):
    """Readers never receive GPS, serial numbers or capture times; the original keeps them only on request."""

    SECRETS = (
        b"Exif",
        b"GPS",
        b"xmpmeta",
        GPS_XMP,
        SERIAL.encode(),
        b"NewsCam",
        b"2025:12:23",
        b"8BIM",
        b"Secret front line",
    )

    def make(self, **fields):
        return Image.objects.create(file=upload("gps.jpg", jpeg_with_metadata(640, 480)), alt_text="x", **fields)

    def assert_clean(self, name):
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
        for secret in self.SECRETS:
            self.assertNotIn(secret, data, f"{secret!r} found in {name}")
        with PILImage.open(io.BytesIO(data)) as image:
            self.assertEqual(dict(image.getexif()), {})
            self.assertNotIn("xmp", image.info)

    def test_the_test_photo_really_carries_metadata(self):
        data = jpeg_with_metadata()
        for secret in self.SECRETS:
            self.assertIn(secret, data)

    def test_every_rendition_is_free_of_metadata(self):
        image = self.make()
        names = image.rendition_files()
        self.assertGreater(len(names), 10)
        for name in names:
            with self.subTest(name):
                self.assert_clean(name)

    def test_stored_original_is_stripped_by_default(self):
        self.assert_clean(self.make().file.name)

    def test_editor_can_keep_metadata_in_the_original_only(self):
        image = self.make(keep_original_metadata=True)
        with image.file.open("rb") as original:
            self.assertIn(b"GPS", original.read())
        for name in image.rendition_files():
            with self.subTest(name):
                self.assert_clean(name)

    def test_originals_are_never_served_through_the_site(self):
        image = self.make(keep_original_metadata=True)
        self.assertEqual(self.client.get(f"/media/{image.file.name}").status_code, 404)


class RenditionTests(TestCase):
    def test_plan_covers_each_crop_up_to_the_photo_width(self):
        sizes = processing.plan(1000, 750)
        self.assertEqual(sizes["full"], [(320, 240), (480, 360), (640, 480), (960, 720)])
        self.assertEqual(sizes["card"], [(320, 180), (480, 270), (640, 360), (960, 540)])
        self.assertEqual(sizes["square"], [(96, 96), (192, 192), (320, 320), (640, 640)])
        self.assertEqual(sizes["social"], [(1200, 630)])

    def test_small_photo_gets_one_rendition_at_its_own_size(self):
        self.assertEqual(processing.plan(200, 100)["full"], [(200, 100)])

    def test_sizes_are_known_without_opening_any_file(self):
        image = Image.objects.create(file=upload("p.jpg", photo_bytes(1000, 750)), alt_text="x")
        image = Image.objects.get(pk=image.pk)
        image.file.storage = None  # Any attempt to open the file would now fail.
        self.assertEqual(image.renditions["card"][-1], [960, 540])

    def test_renditions_are_stored_once_and_reused(self):
        image = Image.objects.create(file=upload("p.jpg", photo_bytes(700, 400)), alt_text="x")
        token = image.rendition_token
        image.caption = "New caption"
        image.save()
        self.assertEqual(image.rendition_token, token)
        for name in image.rendition_files():
            self.assertTrue(default_storage.exists(name), name)

    def test_webp_and_jpeg_files_have_the_planned_sizes(self):
        image = Image.objects.create(file=upload("p.png", two_colour_bytes(700, 400)), alt_text="x")
        for extension, sources in image.sources("card").items():
            for url, width, height in sources:
                name = stored_name(url)
                with default_storage.open(name, "rb") as stored, PILImage.open(stored) as picture:
                    self.assertEqual(picture.size, (width, height))
                    self.assertEqual(picture.format, {"webp": "WEBP", "jpg": "JPEG"}[extension])

    def test_a_16_9_photos_card_crop_is_its_full_picture_drawn_once(self):
        encode = processing._encode
        with mock.patch.object(processing, "_encode", side_effect=encode) as encoder:
            image = Image.objects.create(file=upload("p.jpg", photo_bytes(1280, 720)), alt_text="x")
        full, card = image.sources("full"), image.sources("card")
        self.assertEqual([(w, h) for _url, w, h in card["jpg"]], [(w, h) for _url, w, h in full["jpg"]])
        for (full_url, *_), (card_url, *_) in zip(full["webp"] + full["jpg"], card["webp"] + card["jpg"], strict=True):
            with default_storage.open(stored_name(full_url)) as a, default_storage.open(stored_name(card_url)) as b:
                self.assertEqual(a.read(), b.read())
        # Five sizes of the full picture, four squares, in two formats each; one social card.
        self.assertEqual(encoder.call_count, 5 * 2 + 4 * 2 + 1)

    def test_focal_point_decides_what_a_crop_keeps(self):
        image = Image.objects.create(file=upload("two.png", two_colour_bytes(400, 100)), alt_text="x")
        for focal_x, expected in ((0.9, (0, 0, 255)), (0.1, (255, 0, 0))):
            with self.subTest(focal_x=focal_x):
                image.focal_x = focal_x
                image.save()
                name = stored_name(image.sources("square")["jpg"][0][0])
                with default_storage.open(name, "rb") as stored, PILImage.open(stored) as square:
                    pixel = square.convert("RGB").getpixel((square.width // 2, square.height // 2))
                self.assertTrue(all(abs(a - b) < 40 for a, b in zip(pixel, expected, strict=False)), pixel)

    def test_changing_the_focal_point_makes_a_new_set_and_retires_the_old_one(self):
        with self.captureOnCommitCallbacks(execute=True):
            image = Image.objects.create(file=upload("p.jpg", photo_bytes(700, 400)), alt_text="x")
        old = image.rendition_files()
        with self.captureOnCommitCallbacks(execute=True):
            image.focal_x = 0.2
            image.save()
        self.assertNotEqual(image.rendition_files(), old)
        self.assertEqual(set(RetiredFile.objects.values_list("name", flat=True)), set(old))

    def test_crop_box_keeps_the_focal_point_inside_the_photo(self):
        self.assertEqual(processing.crop_box(400, 100, 1.0, 0.9, 0.5), (300, 0, 400, 100))
        self.assertEqual(processing.crop_box(400, 100, 1.0, 0.5, 0.5), (150, 0, 250, 100))
        self.assertEqual(processing.crop_box(400, 100, 1.0, 0.0, 0.5), (0, 0, 100, 100))
        self.assertEqual(processing.crop_box(100, 400, 16 / 9, 0.5, 1.0), (0, 344, 100, 400))


class MakeRenditionsCommandTests(TestCase):
    def test_outdated_renditions_are_remade_and_current_ones_left_alone(self):
        from io import StringIO

        from django.core.management import call_command

        current = Image.objects.create(file=upload("a.jpg", photo_bytes()), alt_text="x")
        outdated = Image.objects.create(file=upload("b.jpg", photo_bytes()), alt_text="x")
        Image.objects.filter(pk=outdated.pk).update(rendition_token="old", renditions={})
        out = StringIO()
        call_command("make_renditions", stdout=out)
        self.assertIn("Renditions made for 1 photo.", out.getvalue())
        outdated.refresh_from_db()
        self.assertEqual(outdated.rendition_token, outdated.expected_token())
        self.assertTrue(outdated.sources("full"))
        current.refresh_from_db()
        self.assertEqual(current.rendition_token, current.expected_token())


class NothingHalfSavedTests(TestCase):
    def test_a_failure_while_making_renditions_leaves_no_file_behind(self):
        from unittest import mock

        before = UploadTests.stored_files()
        with mock.patch("media.processing._encode", side_effect=OSError("disk full")), self.assertRaises(OSError):
            Image.objects.create(file=upload("p.jpg", photo_bytes(700, 400)), alt_text="x")
        self.assertEqual(UploadTests.stored_files(), before)


class RetiredRenditionTests(TestCase):
    """
    Old renditions stay while a cached page may still show them, then go with their folders: storage
    holds one set per photo, however often an editor moves its focal point.
    """

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")

    def setUp(self):
        self.client.force_login(self.editor)

    def edit_focal_point(self, image, focal_x):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("admin:media_image_change", args=[image.pk]),
                {"alt_text": "Alt", "caption": "", "credit": "", "focal_x": focal_x, "focal_y": 0.5},
            )
        self.assertEqual(response.status_code, 302)
        image.refresh_from_db()
        return image.rendition_files()

    def test_two_focal_point_edits_leave_one_set_once_the_caches_have_expired(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("admin:media_image_add"),
                {"file": upload("p.jpg", photo_bytes(700, 400)), "alt_text": "Alt", "focal_x": 0.5, "focal_y": 0.5},
            )
        image = Image.objects.get()
        first = image.rendition_files()
        second = self.edit_focal_point(image, 0.2)
        current = self.edit_focal_point(image, 0.8)
        self.assertEqual(len({*first, *second, *current}), 3 * len(current))
        # A page cached a minute ago still names the first set: it must still load.
        self.assertTrue(all(default_storage.exists(name) for name in first + second))
        with time_machine.travel(timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS + 1)):
            call_command("sweep_files", stdout=StringIO())
        self.assertFalse(any(default_storage.exists(name) for name in first + second))
        self.assertTrue(all(default_storage.exists(name) for name in current))
        self.assertEqual(UploadTests.stored_files() & set(first + second), set())
        try:
            old_folders = {default_storage.path(os.path.dirname(name)) for name in first + second}
        except NotImplementedError:  # object storage: no folders to leave behind
            return
        self.assertEqual(len(old_folders), 2)
        self.assertFalse(any(os.path.exists(folder) for folder in old_folders))
        self.assertTrue(os.path.isdir(default_storage.path(os.path.dirname(current[0]))))

    def test_nothing_is_deleted_before_its_time(self):
        with self.captureOnCommitCallbacks(execute=True):
            image = Image.objects.create(file=upload("p.jpg", photo_bytes(700, 400)), alt_text="x")
        old = image.rendition_files()
        self.edit_focal_point(image, 0.3)
        with time_machine.travel(timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS - 60)):
            call_command("sweep_files", stdout=StringIO())
        self.assertTrue(all(default_storage.exists(name) for name in old))

    def test_a_deleted_photo_loses_its_original_at_once_and_its_renditions_later(self):
        with self.captureOnCommitCallbacks(execute=True):
            image = Image.objects.create(file=upload("p.jpg", photo_bytes(700, 400)), alt_text="x")
        original, renditions = image.file.name, image.rendition_files()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})
        self.assertFalse(default_storage.exists(original))
        self.assertTrue(all(default_storage.exists(name) for name in renditions))
        with time_machine.travel(timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS + 1)):
            call_command("sweep_files", stdout=StringIO())
        self.assertFalse(any(default_storage.exists(name) for name in renditions))
