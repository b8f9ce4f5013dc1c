"""The newsroom workflow through the admin and the public site: who may move a story where, and what readers see."""

import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import time_machine
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles import history
from articles.models import Article, ArticleEvent, Correction, PreviewLink
from locations.models import Location
from tests.factories import article_form_data, make_article, make_author, make_draft, make_staff, places_inside

ATOM = "{http://www.w3.org/2005/Atom}"


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def form_for(article, **overrides):
    """The change form as a browser posts it for this story, opened at its current revision."""
    data = article_form_data(
        headline=article.headline,
        slug=article.slug,
        standfirst=article.standfirst,
        body=article.body,
        status=article.status,
        edit_revision=str(article.revision),
        tags=", ".join(tag.name for tag in article.tags.all()),
        locations=[place.pk for place in article.locations.all()],
        authors=[author.pk for author in article.authors.all()],
    )
    if article.published_at:
        local = timezone.localtime(article.published_at)
        data.update(published_at_0=local.strftime("%Y-%m-%d"), published_at_1=local.strftime("%H:%M:%S"))
    data.update(overrides)
    return data


def events(article):
    return list(ArticleEvent.objects.filter(article=article).order_by("pk").values_list("action", "username"))


class WriterTransitionTests(TestCase):
    """Writers move their own stories between draft and ready for review, and nothing further."""

    @classmethod
    def setUpTestData(cls):
        cls.writer = make_staff("Writers", username="writer")
        cls.other_writer = make_staff("Writers", username="other")

    def setUp(self):
        self.client.force_login(self.writer)

    def test_writer_sends_their_draft_for_review_and_takes_it_back(self):
        draft = make_draft(created_by=self.writer)
        self.assertEqual(self.client.post(change_url(draft), form_for(draft, status="review")).status_code, 302)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.REVIEW)
        self.client.post(change_url(draft), form_for(draft, status="draft"))
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.DRAFT)
        self.assertEqual(events(draft), [("submitted", "writer"), ("returned", "writer")])

    def test_a_byline_makes_a_story_the_writers_own(self):
        draft = make_draft(created_by=self.other_writer, authors=[make_author(user=self.writer)])
        self.client.post(change_url(draft), form_for(draft, status="review"))
        draft.refresh_from_db()
        self.assertEqual(draft.status, Article.Status.REVIEW)

    def test_writer_cannot_send_someone_elses_draft_for_review(self):
        draft = make_draft(created_by=self.other_writer)
        response = self.client.get(change_url(draft))
        self.assertContains(response, "Only editors publish")
        self.client.post(change_url(draft), form_for(draft, status="review", headline="Edited by a colleague"))
        draft.refresh_from_db()
        self.assertEqual((draft.status, draft.headline), (Article.Status.DRAFT, "Edited by a colleague"))

    def test_forged_publish_schedule_or_unpublish_is_refused_with_a_message(self):
        draft = make_draft(created_by=self.writer)
        tomorrow = timezone.localtime() + timedelta(days=1)
        forged = {
            "publish": {"status": "published"},
            "schedule": {
                "status": "published",
                "published_at_0": tomorrow.strftime("%Y-%m-%d"),
                "published_at_1": "09:00",
            },
            "unpublish": {"status": "unpublished"},
        }
        for name, fields in forged.items():
            with self.subTest(name):
                response = self.client.post(change_url(draft), form_for(draft, **fields))
                self.assertContains(response, "is not one of the available choices")
                draft.refresh_from_db()
                self.assertEqual(draft.status, Article.Status.DRAFT)
                self.assertIsNone(draft.published_at)
        self.assertEqual(events(draft), [])

    def test_published_and_scheduled_stories_are_read_only_for_writers(self):
        live = make_article(created_by=self.writer, headline="Live headline")
        scheduled = make_article(created_by=self.writer, published_at=timezone.now() + timedelta(hours=3))
        for article in (live, scheduled):
            with self.subTest(article.state):
                page = self.client.get(change_url(article))
                self.assertEqual(page.status_code, 200)
                self.assertNotContains(page, 'name="_save"')
                response = self.client.post(change_url(article), form_for(article, headline="Rewritten by a writer"))
                self.assertEqual(response.status_code, 403)
                article.refresh_from_db()
                self.assertNotEqual(article.headline, "Rewritten by a writer")

    def test_writer_cannot_see_the_audit_trail(self):
        self.assertEqual(self.client.get(reverse("admin:articles_articleevent_changelist")).status_code, 403)


class EditorTransitionTests(TestCase):
    """Editors make every move; each one lands in the audit trail with their name."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_editor_publishes_a_story_sent_for_review(self):
        story = make_draft(status=Article.Status.REVIEW, headline="Filed story")
        self.client.post(change_url(story), form_for(story, status="published"))
        story.refresh_from_db()
        self.assertIs(story.is_public, True)
        self.assertEqual(events(story), [("published", "editor")])
        self.client.logout()
        self.assertContains(self.client.get("/"), "Filed story")

    def test_editor_schedules_a_story(self):
        story = make_draft(status=Article.Status.REVIEW)
        at = timezone.localtime() + timedelta(days=1)
        self.client.post(
            change_url(story),
            form_for(story, status="published", published_at_0=at.strftime("%Y-%m-%d"), published_at_1="06:00"),
        )
        story.refresh_from_db()
        self.assertEqual((story.state, story.is_public), ("Scheduled", False))
        self.assertEqual(events(story), [("scheduled", "editor")])
        changelist = self.client.get(reverse("admin:articles_article_changelist"), {"state": "scheduled"})
        self.assertContains(changelist, story.headline)

    def test_editor_unpublishes_and_returns_a_story_to_draft(self):
        story = make_article()
        self.client.post(change_url(story), form_for(story, status="unpublished"))
        story.refresh_from_db()
        self.assertEqual(story.status, Article.Status.UNPUBLISHED)
        self.client.post(change_url(story), form_for(story, status="draft"))
        story.refresh_from_db()
        self.assertEqual(story.status, Article.Status.DRAFT)
        self.client.post(change_url(story), form_for(story, status="published"))
        story.refresh_from_db()
        self.assertIs(story.is_public, True)
        self.assertEqual(events(story), [("unpublished", "editor"), ("published", "editor")])

    def test_publish_and_unpublish_actions_are_audited(self):
        story = make_draft(status=Article.Status.REVIEW)
        changelist = reverse("admin:articles_article_changelist")
        self.client.post(changelist, {"action": "publish", "_selected_action": [story.pk]})
        self.client.post(changelist, {"action": "unpublish", "_selected_action": [story.pk]})
        self.assertEqual(events(story), [("published", "editor"), ("unpublished", "editor")])
        trail = self.client.get(reverse("admin:articles_articleevent_changelist"))
        self.assertContains(trail, "Unpublished")
        self.assertContains(trail, story.headline)

    def test_nobody_can_add_change_or_delete_audit_entries(self):
        story = make_article()
        self.client.post(change_url(story), form_for(story, status="unpublished"))
        event = ArticleEvent.objects.get()
        superuser = make_staff("Editors")
        superuser.is_superuser = True
        superuser.save()
        self.client.force_login(superuser)
        self.assertEqual(self.client.get(reverse("admin:articles_articleevent_add")).status_code, 403)
        delete = reverse("admin:articles_articleevent_delete", args=[event.pk])
        self.assertEqual(self.client.post(delete, {"post": "yes"}).status_code, 403)
        self.assertTrue(ArticleEvent.objects.filter(pk=event.pk).exists())


class SchedulingTests(TestCase):
    """A scheduled story goes public at its time with no job running: every list shows it from then."""

    def test_a_scheduled_story_appears_everywhere_at_its_time(self):
        siversk = Location.objects.get(slug="siversk")
        make_article(locations=[siversk], tags=["Front line"])
        at = timezone.now() + timedelta(hours=2)
        make_article(headline="Scheduled withdrawal story", published_at=at, locations=[siversk], tags=["Front line"])
        pages = [
            "/",
            "/tags/front-line/",
            "/places/siversk/",
            "/places/ukraine/",
            "/feeds/latest/",
            "/sitemap-news.xml",
        ]
        for url in pages:  # Seen (and cached) before the time comes.
            with self.subTest(url, when="before"):
                self.assertNotContains(self.client.get(url), "Scheduled withdrawal story")
        ukraine = dict(places_inside(self.client.get("/places/ukraine/")))
        with time_machine.travel(at + timedelta(seconds=1)):
            for url in pages:
                with self.subTest(url, when="after"):
                    response = self.client.get(url)
                    self.assertContains(response, "Scheduled withdrawal story")
            counts = dict(places_inside(self.client.get("/places/ukraine/")))
        self.assertEqual(counts["donetsk-oblast"], ukraine["donetsk-oblast"] + 1)


class PreviewLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")
        cls.draft = make_draft(headline="Unchecked claims about Myrnohrad", body="<p>Secret draft text.</p>")
        cls.other = make_draft(headline="Another unpublished story")

    def make_link(self, article=None, hours=24):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_preview_links", args=[(article or self.draft).pk])
        response = self.client.post(url, {"action": "create", "note": "fact-check", "lifetime": hours}, follow=True)
        self.assertContains(response, "Preview link made")
        self.client.logout()
        return PreviewLink.objects.latest("pk")

    def test_a_link_shows_the_unpublished_story_to_someone_without_an_account(self):
        link = self.make_link()
        response = self.client.get(link.get_absolute_url())
        self.assertContains(response, "Secret draft text.")
        self.assertContains(response, "private preview link")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertEqual(events(self.draft), [("preview-link", "editor")])

    def test_a_link_shows_only_its_own_story(self):
        link = self.make_link()
        self.assertNotContains(self.client.get(link.get_absolute_url()), "Another unpublished story")
        self.assertEqual(self.client.get(self.other.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(self.draft.get_absolute_url()).status_code, 404)

    def test_an_expired_link_stops_working(self):
        link = self.make_link(hours=1)
        with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
            response = self.client.get(link.get_absolute_url())
        self.assertContains(response, "no longer works", status_code=410)
        self.assertNotContains(response, "Secret draft text.", status_code=410)

    def test_a_revoked_link_stops_working(self):
        link = self.make_link()
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_preview_links", args=[self.draft.pk])
        self.client.post(url, {"action": "revoke", "link": link.pk})
        self.client.logout()
        self.assertContains(self.client.get(link.get_absolute_url()), "no longer works", status_code=410)
        self.assertEqual(events(self.draft), [("preview-link", "editor"), ("preview-revoked", "editor")])

    def test_a_tampered_or_unsigned_link_is_not_found(self):
        link = self.make_link()
        forged = [f"{link.key}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", link.key, "nonsense", "a" * 500]
        for token in forged:
            with self.subTest(token[:20]):
                self.assertEqual(self.client.get(f"/preview/{token}/").status_code, 404)

    def test_a_link_to_a_story_since_published_leads_to_the_public_page(self):
        link = self.make_link()
        self.draft.publish()
        response = self.client.get(link.get_absolute_url())
        self.assertRedirects(response, self.draft.get_absolute_url())

    def test_writers_make_links_for_their_drafts_but_not_for_scheduled_stories(self):
        writer = make_staff("Writers")
        mine = make_draft(created_by=writer)
        scheduled = make_article(created_by=writer, published_at=timezone.now() + timedelta(hours=1))
        self.client.force_login(writer)
        for article, status in ((mine, 200), (scheduled, 403)):
            with self.subTest(article.state):
                url = reverse("admin:articles_article_preview_links", args=[article.pk])
                self.assertEqual(self.client.get(url).status_code, status)


class HistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")
        cls.colleague = make_staff("Editors", username="colleague")

    def setUp(self):
        self.client.force_login(self.editor)
        self.story = make_article(headline="Russia says it took Siversk", tags=["Front line"])

    def save(self, user=None, **fields):
        self.client.force_login(user or self.editor)
        self.story.refresh_from_db()
        response = self.client.post(change_url(self.story), form_for(self.story, **fields))
        self.story.refresh_from_db()
        return response

    def test_every_save_is_kept_with_who_saved_it(self):
        self.save(headline="Ukraine confirms withdrawal from Siversk")
        self.save(user=self.colleague, standfirst="The General Staff says troops left to save lives.")
        versions = list(self.story.versions.order_by("number").values_list("number", "saved_by__username", "note"))
        self.assertEqual(
            versions,
            [(1, None, "As it was before this history began"), (2, "editor", ""), (3, "colleague", "")],
        )
        page = self.client.get(reverse("admin:articles_article_history", args=[self.story.pk]))
        self.assertContains(page, "Ukraine confirms withdrawal from Siversk")
        self.assertContains(page, "colleague")

    def test_compare_marks_what_changed_in_each_field(self):
        place = Location.objects.get(slug="siversk")
        self.save(
            headline="Ukraine confirms withdrawal from Siversk", tags="Front line, Withdrawals", locations=[place.pk]
        )
        compare = reverse("admin:articles_article_compare", args=[self.story.pk])
        response = self.client.get(compare, {"from": 1, "to": 2})
        self.assertContains(
            response, "<del>Russia says it took</del><ins>Ukraine confirms withdrawal from</ins>", html=False
        )
        self.assertContains(response, "<ins>Withdrawals</ins>")
        self.assertContains(response, "<ins>Ukraine › Donetsk Oblast › Siversk</ins>")
        self.assertNotContains(response, "Standfirst</th>")  # unchanged fields are left out

    def test_restore_puts_an_old_version_back_as_a_new_version(self):
        self.save(headline="A wrong headline", body="<p>Wrong text.</p>")
        restore = reverse("admin:articles_article_restore", args=[self.story.pk, 1])
        confirm = self.client.get(restore)
        self.assertContains(confirm, "<del>A wrong headline</del>", html=False)
        response = self.client.post(restore, follow=True)
        self.assertContains(response, "Restored version 1 as a new version")
        self.story.refresh_from_db()
        self.assertEqual(self.story.headline, "Russia says it took Siversk")
        self.assertNotIn("Wrong text", self.story.body_html)
        self.assertEqual(self.story.status, Article.Status.PUBLISHED)
        notes = list(self.story.versions.order_by("number").values_list("number", "data__headline", "note"))
        self.assertEqual(notes[1], (2, "A wrong headline", ""))  # the replaced version is still there
        self.assertEqual(notes[2], (3, "Russia says it took Siversk", "Restored from version 1"))
        self.assertEqual(events(self.story), [("restored", "editor")])
        self.client.logout()
        self.assertContains(self.client.get(self.story.get_absolute_url()), "Russia says it took Siversk")

    def test_bad_version_numbers_answer_400_or_404(self):
        self.save(headline="Second version")
        compare = reverse("admin:articles_article_compare", args=[self.story.pk])
        self.assertEqual(self.client.get(compare, {"from": "abc"}).status_code, 400)
        self.assertEqual(self.client.get(compare, {"from": "99999999999999"}).status_code, 400)
        self.assertEqual(self.client.get(compare, {"from": "7"}).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("admin:articles_article_restore", args=[self.story.pk, 9])).status_code, 404
        )

    def test_writers_cannot_restore_a_published_story(self):
        self.save(headline="Second version")
        self.client.force_login(make_staff("Writers"))
        restore = reverse("admin:articles_article_restore", args=[self.story.pk, 1])
        self.assertEqual(self.client.post(restore).status_code, 403)
        self.story.refresh_from_db()
        self.assertEqual(self.story.headline, "Second version")


class ConflictingSaveTests(TestCase):
    """Two people edit the same story: the second save is refused, their text kept on the form."""

    @classmethod
    def setUpTestData(cls):
        cls.first = make_staff("Editors", username="first")
        cls.second = make_staff("Editors", username="second")

    def test_the_later_save_is_refused_and_can_be_merged(self):
        story = make_article(headline="Siversk: fighting in the town")
        opened = form_for(story)  # both open the form now
        self.client.force_login(self.first)
        self.client.post(change_url(story), {**opened, "headline": "Siversk: Ukraine withdraws"})
        self.client.force_login(self.second)
        response = self.client.post(change_url(story), {**opened, "standfirst": "A standfirst written meanwhile."})
        self.assertContains(response, "first saved this story at")
        self.assertContains(response, "your text is still in the form below")
        self.assertContains(response, "See what they changed")
        self.assertContains(response, "A standfirst written meanwhile.")
        story.refresh_from_db()
        self.assertEqual(story.headline, "Siversk: Ukraine withdraws")
        self.assertNotEqual(story.standfirst, "A standfirst written meanwhile.")
        # Saving the merged form again goes through: the form now carries the newer revision.
        merged_revision = re.search(r'name="edit_revision" value="(\d+)"', response.content.decode()).group(1)
        merged = {**opened, "headline": "Siversk: Ukraine withdraws", "standfirst": "A standfirst written meanwhile."}
        self.assertEqual(
            self.client.post(change_url(story), {**merged, "edit_revision": merged_revision}).status_code, 302
        )
        story.refresh_from_db()
        self.assertEqual((story.headline, story.standfirst), (merged["headline"], merged["standfirst"]))


class CorrectionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors", username="editor")

    def setUp(self):
        published = timezone.now() - timedelta(hours=3)
        self.story = make_article(headline="Siversk withdrawal confirmed", published_at=published, tags=["Front line"])
        Article.objects.filter(pk=self.story.pk).update(created_at=published - timedelta(hours=1))

    def add_note(self, text, kind="correction", user=None, dated=None):
        self.client.force_login(user or self.editor)
        self.story.refresh_from_db()
        dated = timezone.localtime(dated or timezone.now())
        data = form_for(
            self.story,
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-kind": kind,
                "corrections-0-text": text,
                "corrections-0-published_at_0": dated.strftime("%Y-%m-%d"),
                "corrections-0-published_at_1": dated.strftime("%H:%M:%S"),
            },
        )
        response = self.client.post(change_url(self.story), data)
        self.client.logout()
        return response

    def test_readers_see_a_correction_on_the_story_in_lists_and_on_the_corrections_page(self):
        self.add_note("An earlier version misstated the date of the withdrawal.")
        page = self.client.get(self.story.get_absolute_url())
        self.assertContains(page, "Corrections and updates")
        self.assertContains(page, "An earlier version misstated the date of the withdrawal.")
        self.assertContains(page, "story__updated")
        card = self.client.get("/tags/front-line/")
        self.assertContains(card, '<span class="badge">Updated</span>', html=True)
        corrections = self.client.get("/corrections/")
        self.assertContains(corrections, "An earlier version misstated the date")
        self.assertContains(corrections, self.story.get_absolute_url())
        self.assertEqual(events(self.story), [("corrected", "editor")])

    def test_json_ld_carries_the_correction_and_the_new_modified_date(self):
        self.add_note("The town is in Donetsk Oblast, not Luhansk Oblast.")
        self.story.refresh_from_db()
        html = self.client.get(self.story.get_absolute_url()).content.decode()
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        article = next(b for b in blocks if b["@type"] == "NewsArticle")
        self.assertEqual(article["correction"][0]["@type"], "CorrectionComment")
        self.assertEqual(article["correction"][0]["text"], "The town is in Donetsk Oblast, not Luhansk Oblast.")
        self.assertEqual(article["dateModified"], self.story.modified_at.isoformat())
        self.assertGreater(self.story.modified_at, self.story.published_at + timedelta(hours=2))

    def test_feeds_change_with_a_correction(self):
        before = ElementTree.fromstring(self.client.get("/feeds/latest/atom/").content)
        updated_before = before.find(f"{ATOM}entry/{ATOM}updated").text
        self.add_note("We misspelled the commander's name.")
        rss = ElementTree.fromstring(self.client.get("/feeds/latest/").content)
        self.assertIn("We misspelled the commander&#x27;s name.", rss.find("channel/item/description").text)
        atom = ElementTree.fromstring(self.client.get("/feeds/latest/atom/").content)
        self.assertIn("We misspelled", atom.find(f"{ATOM}entry/{ATOM}summary").text)
        self.assertNotEqual(atom.find(f"{ATOM}entry/{ATOM}updated").text, updated_before)

    def test_an_update_shows_on_the_story_but_not_on_the_corrections_page(self):
        self.add_note("Ukraine's General Staff has since confirmed the withdrawal.", kind="update")
        self.assertContains(self.client.get(self.story.get_absolute_url()), "has since confirmed")
        self.assertNotContains(self.client.get("/corrections/"), "has since confirmed")
        self.assertEqual(events(self.story), [("update-added", "editor")])

    def test_a_correction_cannot_be_dated_ahead_of_now(self):
        """A future date would show as the story's, the sitemaps' and the feeds' last change."""
        response = self.add_note("We gave the wrong date.", dated=timezone.now() + timedelta(days=57))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A correction or update cannot be dated ahead of now")
        self.assertContains(response, "We gave the wrong date.")  # what the editor typed is kept
        self.assertFalse(Correction.objects.exists())
        self.assertEqual(self.add_note("We gave the wrong date.").status_code, 302)
        self.assertTrue(Correction.objects.exists())

    def test_corrections_of_unpublished_stories_stay_hidden(self):
        draft = make_draft()
        Correction.objects.create(article=draft, text="A note on a draft.")
        self.assertNotContains(self.client.get("/corrections/"), "A note on a draft.")

    def test_writers_cannot_add_corrections(self):
        writer = make_staff("Writers")
        draft = make_draft(created_by=writer)
        self.story = draft
        self.add_note("A writer's forged correction.", user=writer)
        self.assertFalse(Correction.objects.exists())

    def test_bad_page_numbers_answer_404(self):
        for page in ("abc", "0", "999"):
            with self.subTest(page):
                self.assertEqual(self.client.get("/corrections/", {"page": page}).status_code, 404)


class WordDiffTests(TestCase):
    def test_changes_are_marked_by_whole_runs_of_words_with_spaces_left_outside(self):
        cases = {
            ("opens a heating point", "opens a new heating point"): "opens a <ins>new</ins> heating point",
            (
                "Russia says it took Siversk",
                "Kyiv confirms Siversk",
            ): "<del>Russia says it took</del><ins>Kyiv confirms</ins> Siversk",
            ("a <b>bold</b> claim", "a claim"): "a <del>&lt;b&gt;bold&lt;/b&gt;</del> claim",
        }
        for (before, after), marked in cases.items():
            with self.subTest(after):
                self.assertEqual(history._word_diff(before, after), marked)
