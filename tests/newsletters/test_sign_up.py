"""Signing up, by a reader and by an abuser: double opt-in, no enumeration, limits, signed links."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from locations.models import Location
from newsletters import links
from newsletters.models import Follow, SignUp, Subscriber
from tests.newsletters.helpers import html_of, links_in, sent


class SignUpTests(TestCase):
    def sign_up(self, email, path="/newsletter/", ip="192.0.2.1", **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(path, {"email": email, **fields}, REMOTE_ADDR=ip)

    def test_every_reader_page_has_the_form_and_a_place_page_offers_to_follow_the_place(self):
        home = self.client.get("/")
        self.assertContains(home, 'action="/newsletter/" method="post"')
        self.assertContains(home, "Get the day’s news by email")
        place = self.client.get("/places/kramatorsk/")
        self.assertContains(place, "Follow Kramatorsk by email")
        kramatorsk = Location.objects.get(slug="kramatorsk")
        self.assertContains(place, f'<input type="hidden" name="place" value="{kramatorsk.pk}">')
        self.assertContains(self.client.get("/uk/places/kramatorsk/"), 'action="/uk/newsletter/"')

    def test_signing_up_sends_one_confirmation_and_nothing_else_until_it_is_followed(self):
        kramatorsk = Location.objects.get(slug="kramatorsk")
        response = self.sign_up("Reader@Example.com", place=kramatorsk.pk)
        self.assertRedirects(response, "/newsletter/check-your-inbox/", status_code=303)
        self.assertContains(self.client.get(response["Location"]), "Check your inbox")
        [email] = sent()
        self.assertEqual(email.to, ["reader@example.com"])
        self.assertIn("Kramatorsk", email.subject)
        self.assertNotIn("List-Unsubscribe", email.extra_headers)  # not on a list yet
        [confirm] = links_in(email, "/newsletter/confirm/")
        self.assertIn(confirm, html_of(email))
        subscriber = Subscriber.objects.get()
        self.assertEqual(subscriber.status, Subscriber.Status.PENDING)
        # Opening the link (as a mail scanner does) confirms nothing; the button does.
        self.assertContains(self.client.get(confirm), "Yes, confirm")
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, Subscriber.Status.PENDING)
        response = self.client.post(confirm)
        self.assertEqual(response.status_code, 303)
        self.assertContains(self.client.get(response["Location"]), "your subscription is confirmed")
        subscriber.refresh_from_db()
        self.assertEqual(subscriber.status, Subscriber.Status.CONFIRMED)
        self.assertTrue(Follow.objects.filter(subscriber=subscriber, location=kramatorsk).exists())

    def test_the_answer_is_the_same_for_a_new_a_waiting_and_a_confirmed_address(self):
        Subscriber.objects.create(email="known@example.com", language="en", status=Subscriber.Status.CONFIRMED)
        Subscriber.objects.create(email="waiting@example.com", language="en")
        answers = [
            self.sign_up(email, ip=f"192.0.2.{n}")
            for n, email in enumerate(["new@example.com", "known@example.com", "waiting@example.com"])
        ]
        self.assertEqual(
            {(answer.status_code, answer["Location"]) for answer in answers}, {(303, "/newsletter/check-your-inbox/")}
        )
        self.assertEqual([email.to for email in sent()], [["new@example.com"], ["waiting@example.com"]])

    def test_an_address_gets_one_confirmation_an_hour_however_often_it_is_signed_up(self):
        for n in range(5):
            self.sign_up("target@example.com", ip=f"198.51.100.{n}")
        self.assertEqual(len(sent()), 1)
        with time_machine.travel(timezone.now() + timedelta(minutes=61)):
            self.sign_up("target@example.com", ip="198.51.100.99")
            self.assertEqual(len(sent()), 1)

    @override_settings(NEWSLETTER_SIGNUPS_PER_CLIENT=10)
    def test_one_client_signing_up_thousands_of_addresses_is_stopped_after_ten(self):
        answers = [self.sign_up(f"victim{n}@example.com").status_code for n in range(40)]
        self.assertEqual(answers[:10], [303] * 10)
        self.assertEqual(set(answers[10:]), {429})
        self.assertContains(
            self.sign_up("one-more@example.com"), "too many sign-ups from your network", status_code=429
        )
        self.assertEqual(len(sent()), 10)
        self.assertEqual(Subscriber.objects.count(), 10)

    def test_a_bot_filling_the_hidden_field_is_told_to_check_its_inbox_and_nothing_is_kept(self):
        response = self.sign_up("bot@example.com", website="http://spam.example")
        self.assertEqual(response.status_code, 303)
        self.assertFalse(Subscriber.objects.exists())
        self.assertFalse(SignUp.objects.exists())
        self.assertEqual(sent(), [])

    def test_addresses_with_header_injection_are_refused_with_a_message(self):
        for forged in [
            "reader@example.com\nBcc: everyone@example.com",
            "reader@example.com\r\nSubject: hi",
            "not an address",
        ]:
            with self.subTest(forged=forged):
                response = self.sign_up(forged)
                self.assertContains(response, "Enter an email address such as name@example.com.", status_code=400)
        self.assertFalse(Subscriber.objects.exists())
        self.assertEqual(sent(), [])

    def test_forged_tampered_and_expired_links_are_refused_with_a_clear_page(self):
        self.sign_up("reader@example.com")
        [confirm] = links_in(sent()[0], "/newsletter/confirm/")
        token = confirm.split("/")[-2]
        forged = [
            "/newsletter/confirm/not-a-token/",
            f"/newsletter/confirm/{token[:-3]}abc/",
            f"/newsletter/preferences/{token}/",  # a confirmation token does not open the preferences
            f"/newsletter/unsubscribe/{token}/",
        ]
        for path in forged:
            with self.subTest(path=path):
                self.assertContains(self.client.post(path), "This link does not work", status_code=400)
        with time_machine.travel(timezone.now() + timedelta(hours=49)):
            self.assertContains(self.client.post(confirm), "This link has expired", status_code=410)
        self.assertEqual(Subscriber.objects.get().status, Subscriber.Status.PENDING)

    def test_the_ukrainian_edition_signs_up_in_ukrainian(self):
        response = self.sign_up(
            "chytach@example.com", path="/uk/newsletter/", place=Location.objects.get(slug="siversk").pk
        )
        self.assertRedirects(response, "/uk/newsletter/check-your-inbox/", status_code=303)
        [email] = sent()
        self.assertIn("Сіверськ", email.subject)
        [confirm] = links_in(email, "/uk/newsletter/confirm/")
        self.assertContains(self.client.get(confirm), 'lang="uk"')
        self.assertEqual(Subscriber.objects.get().language, "uk")
        self.assertEqual(len(mail.outbox), 0)


class PreferencesTests(TestCase):
    def setUp(self):
        self.reader = Subscriber.objects.create(email="reader@example.com", language="en", status="confirmed")
        Follow.objects.create(subscriber=self.reader, location=Location.objects.get(slug="siversk"))
        self.url = links.preferences_url(self.reader).removeprefix("http://testserver")

    def test_a_reader_changes_what_they_get_and_follows_a_place_by_any_of_its_names(self):
        page = self.client.get(self.url)
        self.assertContains(page, "Stop following Siversk")
        # The address is the key: kept by no cache, sent on to no one.
        self.assertIn("private", page["Cache-Control"])
        self.assertEqual(page["Referrer-Policy"], "no-referrer")
        siversk = Location.objects.get(slug="siversk")
        response = self.client.post(
            self.url, {"breaking": "on", "language": "uk", "stop_following": [siversk.pk], "follow": "Краматорськ"}
        )
        self.assertEqual(response.status_code, 303)
        self.reader.refresh_from_db()
        self.assertEqual((self.reader.digest, self.reader.breaking, self.reader.language), (False, True, "uk"))
        self.assertEqual(list(self.reader.follows.values_list("location__slug", flat=True)), ["kramatorsk"])

    def test_an_unknown_place_is_named_in_the_answer_and_nothing_else_changes(self):
        response = self.client.post(self.url, {"digest": "on", "language": "en", "follow": "Atlantis"})
        self.assertContains(response, "We know no place called “Atlantis”.", status_code=400)
        self.assertEqual(list(self.reader.follows.values_list("location__slug", flat=True)), ["siversk"])

    def test_an_address_never_confirmed_is_forgotten_after_a_month(self):
        Subscriber.objects.create(
            email="never@example.com", language="en", created_at=timezone.now() - timedelta(days=31)
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/newsletter/", {"email": "someone-else@example.com"})
        self.assertFalse(Subscriber.objects.filter(email="never@example.com").exists())
