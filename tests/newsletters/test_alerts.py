"""Alerts and digests as readers get them: who, when, once, and how they leave."""

import os
import re
import signal
from datetime import timedelta
from unittest import mock

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone

from locations.models import Location
from newsletters import sending
from newsletters.models import Delivery, Follow, Mailing, Subscriber
from newsletters.rounds import schedule_digests
from tests.articles.test_workflow import change_url, form_for
from tests.factories import make_article, make_draft, make_live_story, make_post, make_section, make_staff
from tests.newsletters.helpers import confirmed, html_of, sent


class PlaceAlertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.oblast = Location.objects.get(slug="donetsk-oblast")
        cls.siversk = Location.objects.get(slug="siversk")
        cls.reader = confirmed("reader@example.com")
        Follow.objects.create(subscriber=cls.reader, location=cls.oblast, created_at=timezone.now() - timedelta(days=1))

    def publish(self, **fields):
        with self.captureOnCommitCallbacks(execute=True):
            return make_article(published_at=timezone.now(), locations=[self.siversk], **fields)

    def test_a_story_about_a_town_reaches_the_followers_of_its_region_and_one_click_unsubscribes(self):
        story = self.publish(headline="Ukraine confirms withdrawal from Siversk", slug="siversk-withdrawal")
        [email] = sent()
        self.assertEqual(email.to, ["reader@example.com"])
        self.assertIn("http://testserver/news/siversk-withdrawal/", email.body)
        self.assertIn(story.headline, html_of(email))
        unsubscribe = re.fullmatch(
            r"<http://testserver(/newsletter/unsubscribe/[^>]+)>", email.extra_headers["List-Unsubscribe"]
        )
        self.assertEqual(email.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        # A mail program's one-click: a POST with no cookie and no token but the link's own.
        response = self.client.post(
            unsubscribe[1], "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        )
        self.assertContains(response, "You are unsubscribed")
        self.assertEqual(Subscriber.objects.get().status, Subscriber.Status.UNSUBSCRIBED)
        with time_machine.travel(timezone.now() + timedelta(hours=4)):
            self.publish(headline="Shelling near Siversk")
            self.assertEqual(sent(), [])

    @override_settings(NEWSLETTER_PLACE_ALERT_HOURS=3)
    def test_a_reader_gets_at_most_one_place_email_in_three_hours_and_nothing_is_lost(self):
        start = timezone.now()
        self.publish(headline="First story")
        self.assertEqual(len(sent()), 1)
        with time_machine.travel(start + timedelta(hours=1)):
            self.publish(headline="Second story")
            self.publish(headline="Third story")
            self.assertEqual(sent(), [])
        with time_machine.travel(start + timedelta(hours=3, minutes=1)):
            [batch] = sent()
        self.assertIn("Second story", batch.body)
        self.assertIn("Third story", batch.body)
        self.assertNotIn("First story", batch.body)

    @override_settings(NEWSLETTER_PLACE_ALERT_HOURS=3)
    def test_a_story_taken_down_before_the_place_email_goes_is_not_in_it_and_an_empty_one_is_not_sent(self):
        start = timezone.now()
        self.publish(headline="First story")
        self.assertEqual(len(sent()), 1)
        with time_machine.travel(start + timedelta(hours=1)):
            story = self.publish(headline="Published by mistake")
            self.assertEqual(sent(), [])  # its alert waits for the reader's next place email
        with self.captureOnCommitCallbacks(execute=True):
            story.unpublish()
            story.save()
        with time_machine.travel(start + timedelta(hours=3, minutes=1)):
            self.assertEqual(sent(), [])
        self.assertEqual(Delivery.objects.filter(status="skipped").count(), 1)

    def test_a_scheduled_story_alerts_when_it_goes_out_and_not_before(self):
        at = timezone.now() + timedelta(hours=2)
        with self.captureOnCommitCallbacks(execute=True):
            make_article(headline="Scheduled from Siversk", published_at=at, locations=[self.siversk])
        self.assertEqual(sent(), [])
        with time_machine.travel(at + timedelta(seconds=5)):
            [email] = sent()
        self.assertIn("Scheduled from Siversk", email.body)

    def test_an_edit_of_a_published_story_or_a_new_follower_alerts_nobody_twice(self):
        story = self.publish(headline="Once only")
        self.assertEqual(len(sent()), 1)
        with time_machine.travel(timezone.now() + timedelta(hours=5)):
            with self.captureOnCommitCallbacks(execute=True):
                story.headline = "Once only, corrected"
                story.save()
            self.assertEqual(sent(), [])

    def test_readers_of_the_other_edition_and_readers_who_follow_elsewhere_get_nothing(self):
        other = confirmed("uk-reader@example.com", language="uk")
        Follow.objects.create(subscriber=other, location=self.oblast, created_at=timezone.now() - timedelta(days=1))
        elsewhere = confirmed("kharkiv@example.com")
        Follow.objects.create(subscriber=elsewhere, location=Location.objects.get(slug="kharkiv-oblast"))
        self.publish(headline="English story about Siversk")
        self.assertEqual([email.to for email in sent()], [["reader@example.com"]])

    def test_a_live_key_event_from_a_town_reaches_the_followers_of_its_region(self):
        story = make_live_story(headline="Live: the front line in Donetsk Oblast", slug="live-donetsk")
        self.assertEqual(len(sent()), 0)  # a live story about no place reaches no place's followers
        with self.captureOnCommitCallbacks(execute=True):
            make_post(
                story,
                title="Troops leave Siversk",
                body="<p>The General Staff confirms it.</p>",
                is_key_event=True,
                locations=[self.siversk],
            )
            make_post(story, body="<p>An ordinary post.</p>", locations=[self.siversk])
        [email] = sent()
        self.assertIn("Live: Troops leave Siversk", email.body)
        self.assertIn("The General Staff confirms it.", email.body)
        self.assertIn("http://testserver/news/live-donetsk/posts/", email.body)
        self.assertNotIn("An ordinary post", email.body)

    def test_a_ukrainian_story_reaches_its_followers_in_ukrainian(self):
        reader = confirmed("chytach@example.com", language="uk")
        Follow.objects.create(subscriber=reader, location=self.oblast, created_at=timezone.now() - timedelta(days=1))
        self.publish(headline="Сили оборони вийшли із Сіверська", slug="vykhid-iz-siverska", language="uk")
        [email] = sent()
        self.assertEqual(email.to, ["chytach@example.com"])
        self.assertIn("http://testserver/uk/news/vykhid-iz-siverska/", email.body)
        self.assertIn('lang="uk"', html_of(email))
        self.assertIn("/uk/newsletter/unsubscribe/", email.extra_headers["List-Unsubscribe"])


class BreakingAlertTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")
        cls.writer = make_staff("Writers", username="writer")
        confirmed("breaking@example.com", breaking=True)
        confirmed("quiet@example.com", breaking=False)

    def test_an_editor_sends_a_story_as_an_alert_once_to_readers_who_asked_for_breaking_news(self):
        story = make_draft(headline="Ukraine's military confirms withdrawal from Siversk", slug="siversk")
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(change_url(story), form_for(story, status="published", send_alert="on"))
        self.assertEqual(response.status_code, 302)
        [email] = [email for email in sent() if "Breaking" in email.subject]
        self.assertEqual(email.to, ["breaking@example.com"])
        story.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(change_url(story), form_for(story, headline="Edited after the alert", send_alert="on"))
        self.assertEqual([email for email in sent() if "Breaking" in email.subject], [])
        self.assertEqual(Mailing.objects.filter(kind=Mailing.Kind.BREAKING).count(), 1)

    def test_a_writer_forging_send_as_alert_is_refused_and_nothing_is_sent(self):
        story = make_draft(headline="A writer's draft", created_by=self.writer)
        self.client.force_login(self.writer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(change_url(story), form_for(story, send_alert="on"))
        self.assertContains(response, "Only editors can send a story as an alert.")
        story.refresh_from_db()
        self.assertFalse(story.send_alert)
        self.assertEqual(sent(), [])


class SendingTests(TestCase):
    """The send log: a send that stops half-way and starts again sends nobody the same email twice."""

    @classmethod
    def setUpTestData(cls):
        for n in range(5):
            confirmed(f"reader{n}@example.com")
        cls.story = make_article(headline="Breaking story", send_alert=True, published_at=timezone.now())

    def test_a_mailing_sent_twice_reaches_each_reader_once(self):
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=self.story)
        sending.send_mailing.call(mailing.pk)
        Mailing.objects.filter(pk=mailing.pk).update(finished_at=None)
        sending.send_mailing.call(mailing.pk)
        self.assertEqual(len(sent()), 5)
        self.assertEqual(Delivery.objects.filter(status=Delivery.Status.SENT).count(), 5)

    def test_a_send_stopped_mid_email_goes_on_without_that_email_or_any_other_twice(self):
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=self.story)
        original = sending.send_one
        calls = []

        def crash_on_third(delivery, email_for, connection):
            calls.append(delivery.pk)
            if len(calls) == 3:
                # The worker dies while handing the third email over: it is claimed, not recorded.
                Delivery.objects.filter(pk=delivery.pk).update(
                    status="sending", claimed_by="localhost-gone:1", claimed_at=timezone.now() - timedelta(hours=1)
                )
                raise SystemExit
            return original(delivery, email_for, connection)

        sending.send_one = crash_on_third
        try:
            with self.assertRaises(SystemExit):
                sending.send_mailing.call(mailing.pk)
        finally:
            sending.send_one = original
        self.assertEqual(len(sent()), 2)
        sending.resume()  # the worker starts again
        delivered = sent()
        self.assertEqual(len(delivered), 2)
        statuses = sorted(Delivery.objects.values_list("status", flat=True))
        self.assertEqual(statuses, ["sent", "sent", "sent", "sent", "unknown"])

    def test_a_worker_asked_to_stop_mid_send_finishes_the_email_in_hand_and_the_next_one_goes_on(self):
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=self.story)
        original = sending.send_one
        calls = []

        def stop_after_second(delivery, email_for, connection):
            outcome = original(delivery, email_for, connection)
            calls.append(delivery.pk)
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGTERM)  # a deploy stops the worker
            return outcome

        before = signal.signal(signal.SIGTERM, lambda *args: None)  # this test process stays up
        try:
            with mock.patch.object(sending, "send_one", stop_after_second):
                sending.send_mailing.call(mailing.pk)
        finally:
            signal.signal(signal.SIGTERM, before)
        mailing.refresh_from_db()
        self.assertIsNone(mailing.finished_at)
        self.assertEqual(len(sent()), 5)  # two before the stop; the queue's next run sends the other three
        self.assertEqual(sorted(Delivery.objects.values_list("status", flat=True)), ["sent"] * 5)

    def test_a_hard_bounce_or_a_complaint_stops_every_email_to_the_address(self):
        Subscriber.objects.filter(email="reader0@example.com").update(status=Subscriber.Status.BOUNCED)
        Subscriber.objects.filter(email="reader1@example.com").update(status=Subscriber.Status.COMPLAINED)
        mailing = Mailing.objects.create(kind=Mailing.Kind.BREAKING, language="en", article=self.story)
        sending.send_mailing.call(mailing.pk)
        self.assertEqual(
            sorted(address for email in sent() for address in email.to), [f"reader{n}@example.com" for n in (2, 3, 4)]
        )


class DigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        confirmed("digest@example.com", digest=True)
        confirmed("no-digest@example.com", digest=False)
        cls.front = make_section(name="Front line", slug="front-line")

    @override_settings(NEWSLETTER_DIGEST_TIME=timezone.datetime.strptime("07:00", "%H:%M").time())
    def test_the_days_stories_go_out_by_section_at_seven_and_a_day_with_nothing_new_is_skipped(self):
        now = timezone.now()
        schedule_digests()
        digest = Mailing.objects.get(kind=Mailing.Kind.DIGEST, language="en")
        make_article(
            headline="Siversk withdrawal confirmed",
            section=self.front,
            published_at=digest.send_at - timedelta(hours=2),
        )
        make_article(headline="Too old for the digest", published_at=digest.send_at - timedelta(days=2))
        self.assertEqual(timezone.localtime(digest.send_at).hour, 7)
        self.assertEqual(sent(), [])  # not yet seven
        with time_machine.travel(digest.send_at + timedelta(seconds=1)):
            [email] = sent()
        self.assertEqual(email.to, ["digest@example.com"])
        self.assertIn("Siversk withdrawal confirmed", email.body)
        self.assertIn("FRONT LINE", email.body)
        self.assertNotIn("Too old", email.body)
        html = html_of(email)
        self.assertNotIn("<script", html)
        self.assertNotIn("<style", html)
        self.assertNotIn("<link", html)
        self.assertTrue(all('alt="' in tag for tag in re.findall(r"<img[^>]*>", html)))
        self.assertLess(len(email.message().as_bytes()), 100_000)
        # The next day's digest was made; with nothing new, it is not sent.
        following = Mailing.objects.get(kind=Mailing.Kind.DIGEST, language="en", day=digest.day + timedelta(days=1))
        with time_machine.travel(following.send_at + timedelta(seconds=1)):
            self.assertEqual(sent(), [])
        following.refresh_from_db()
        self.assertIn("Nothing new", following.note)
        self.assertLess(now, digest.send_at)


class ResumeTests(TestCase):
    def test_a_worker_back_after_half_a_day_closes_the_sends_it_missed_instead_of_sending_old_news(self):
        confirmed("reader@example.com")
        story = make_article(headline="Old news", send_alert=True)
        stale = Mailing.objects.create(
            kind=Mailing.Kind.BREAKING, language="en", article=story, send_at=timezone.now() - timedelta(hours=13)
        )
        sending.resume()
        self.assertEqual(sent(), [])
        stale.refresh_from_db()
        self.assertIsNotNone(stale.finished_at)
        self.assertIn("worker was away", stale.note)
