"""Photos in an S3-compatible bucket (run by `make test-s3` against moto's server on 127.0.0.1)."""

import os
import re
import urllib.error
import urllib.request
from datetime import timedelta
from io import StringIO
from unittest import skipUnless

import time_machine
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from media.models import Image
from tests.factories import make_article, make_staff
from tests.media.files import jpeg_with_metadata, upload


@skipUnless(os.environ.get("NEWSROOM_S3_BUCKET"), "make test-s3 runs this against an S3 server")
class ObjectStorageTests(TestCase):
    def keys(self, prefix=""):
        bucket = default_storage.bucket
        return {item.key for item in bucket.objects.filter(Prefix=prefix)}

    def test_an_upload_goes_to_the_bucket_and_readers_load_its_renditions_from_there(self):
        self.client.force_login(make_staff("Editors"))
        response = self.client.post(
            reverse("admin:media_image_add"),
            {"file": upload("front.jpg", jpeg_with_metadata()), "alt_text": "A trench", "focal_x": 0.5, "focal_y": 0.5},
        )
        self.assertEqual(response.status_code, 302)
        image = Image.objects.get()
        self.assertIn(image.file.name, self.keys("originals/"))
        renditions = self.keys(image.rendition_prefix())
        self.assertEqual(len(renditions), len(image.rendition_files()))

        story = make_article(hero_image=image)
        page = self.client.get(story.get_absolute_url()).content.decode()
        endpoint = os.environ["NEWSROOM_S3_ENDPOINT_URL"]
        sources = re.findall(r'src="([^"]+)"', page)
        self.assertTrue(sources and all(src.startswith(endpoint) for src in sources if "/renditions/" in src))
        with urllib.request.urlopen(sources[0]) as answer:  # what a reader's browser fetches
            self.assertEqual(answer.read(2), b"\xff\xd8")  # a JPEG
        with self.assertRaises(urllib.error.HTTPError) as refused:  # the original stays private
            urllib.request.urlopen(default_storage.url(image.file.name))
        self.assertEqual(refused.exception.code, 403)

        story.delete()
        with self.captureOnCommitCallbacks(execute=True):  # the editor deletes the photo in the admin
            self.client.post(reverse("admin:media_image_delete", args=[image.pk]), {"post": "yes"})
        self.assertFalse(Image.objects.exists())
        self.assertNotIn(image.file.name, self.keys("originals/"))  # the original goes at once
        self.assertEqual(self.keys(image.rendition_prefix()), renditions)  # cached pages may still name these
        with time_machine.travel(timezone.now() + timedelta(seconds=settings.RETIRED_FILE_SECONDS + 1)):
            call_command("sweep_files", stdout=StringIO())
        self.assertEqual(self.keys(image.rendition_prefix()), set())
