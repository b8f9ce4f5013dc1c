"""Editors and operators: subscribers found, exported and erased; sends counted; the next digest previewed and tested."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from locations.models import Location
from newsletters import sending
from newsletters.models import Delivery, Follow, Mailing, Subscriber
from tests.factories import make_article
from tests.newsletters.helpers import confirmed, sent


class NewsletterAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("chief", "chief@example.com", "password")
        cls.reader = confirmed("reader@example.com")
        Follow.objects.create(subscriber=cls.reader, location=Location.objects.get(slug="kramatorsk"))

    def setUp(self):
        self.client.force_login(self.admin)

    def test_subscribers_are_searched_exported_and_erased_with_their_history(self):
        story = make_article(headline="Breaking story", send_alert=True, published_at=timezone.now())
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=story)
        sending.send_mailing.call(mailing.pk)
        sent()
        listing = self.client.get("/admin/newsletters/subscriber/", {"q": "reader@"})
        self.assertContains(listing, "reader@example.com")
        export = self.client.post(
            "/admin/newsletters/subscriber/", {"action": "export_csv", "_selected_action": [self.reader.pk]}
        )
        self.assertEqual(export["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("reader@example.com,confirmed,en,True,True,Kramatorsk", export.content.decode())
        self.client.post(f"/admin/newsletters/subscriber/{self.reader.pk}/delete/", {"post": "yes"})
        self.assertFalse(Subscriber.objects.exists())
        self.assertFalse(Delivery.objects.exists())
        self.assertFalse(Follow.objects.exists())

    def test_each_send_shows_its_counts(self):
        Subscriber.objects.create(email="gone@example.com", language="en", status=Subscriber.Status.UNSUBSCRIBED)
        story = make_article(headline="Breaking story", send_alert=True, published_at=timezone.now())
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=story, subject="Breaking!")
        sending.send_mailing.call(mailing.pk)
        listing = self.client.get("/admin/newsletters/mailing/")
        self.assertContains(listing, "Breaking!")
        self.assertContains(listing, '<td class="field-sent">1</td>', html=False)

    def test_the_next_digest_is_previewed_and_sent_as_a_test_to_the_editor(self):
        make_article(headline="Kramatorsk under fire", published_at=timezone.now() - timedelta(hours=1))
        preview = self.client.get("/admin/newsletters/mailing/digest-preview/en/")
        self.assertContains(preview, "Kramatorsk under fire")
        self.assertContains(preview, "Send a test to me")
        self.client.post("/admin/newsletters/mailing/digest-test/en/")
        [email] = mail.outbox
        self.assertEqual(email.to, ["chief@example.com"])
        self.assertIn("Kramatorsk under fire", email.body)
