"""Editors and operators: subscribers found, exported and erased; sends counted; the next digest previewed and tested."""

import base64
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase, override_settings
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


@override_settings(
    ANYMAIL={"WEBHOOK_SECRET": "hook:secret-for-tests"}, ROOT_URLCONF="tests.newsletters.urls_with_webhooks"
)
class BounceTests(TestCase):
    """The sending service's reports (anymail's webhooks): a hard bounce or a complaint stops every email."""

    def report(self, record_type, kind, email, message_id="delivery-1"):
        payload = {"RecordType": record_type, "Type": kind, "Email": email, "MessageID": message_id, "ID": 42}
        return self.client.post(
            "/anymail/postmark/tracking/",
            payload,
            content_type="application/json",
            headers={"authorization": "Basic " + base64.b64encode(b"hook:secret-for-tests").decode()},
        )

    def test_a_hard_bounce_and_a_complaint_stop_sending_and_a_temporary_failure_does_not(self):
        for address in ("hard@example.com", "soft@example.com", "angry@example.com"):
            confirmed(address)
        self.assertEqual(self.report("Bounce", "HardBounce", "Hard@Example.com").status_code, 200)
        self.report("Bounce", "Transient", "soft@example.com")  # a full mailbox, a server down: tried again
        self.report("SpamComplaint", "SpamComplaint", "angry@example.com")
        statuses = dict(Subscriber.objects.values_list("email", "status"))
        self.assertEqual(
            statuses,
            {"hard@example.com": "bounced", "soft@example.com": "confirmed", "angry@example.com": "complained"},
        )

    def test_a_report_without_the_webhook_secret_changes_nothing(self):
        confirmed("reader@example.com")
        response = self.client.post(
            "/anymail/postmark/tracking/",
            {"RecordType": "Bounce", "Type": "HardBounce", "Email": "reader@example.com"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Subscriber.objects.get().status, "confirmed")
