"""Live coverage: the live page, its posts, the polls of open pages, feeds, structured data and the desk."""

import json
import re
from datetime import timedelta
from html.parser import HTMLParser
from xml.etree import ElementTree

import time_machine
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction, LivePost, LivePostVersion
from locations.models import Location
from tests.budgets import content_queries
from tests.factories import (
    clear_cache,
    make_article,
    make_author,
    make_image,
    make_live_story,
    make_post,
    make_staff,
    settle,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def updates_url(story, after):
    return reverse("articles:live_updates", kwargs={"slug": story.slug}) + f"?after={after}"


def structured_data(response):
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return [json.loads(block) for block in found]


class PostIds(HTMLParser):
    """The ids of the posts a page or a poll answer draws, in order."""

    def __init__(self, html):
        super().__init__()
        self.ids = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and "live-post" in attrs.get("class", "") and attrs.get("id", "").startswith("post-"):
            self.ids.append(int(attrs["id"].removeprefix("post-")))


def post_ids(response):
    return PostIds(response.content.decode()).ids


class LivePageTests(TestCase):
    """The page a reader opens, with or without JavaScript."""

    def setUp(self):
        clear_cache()
        self.story = make_live_story(headline="Russia's full-scale invasion: live", body="<p>What we know.</p>")

    def test_newest_posts_come_first_with_older_ones_a_page_away(self):
        posts = [make_post(self.story) for _ in range(25)]
        page = self.client.get(self.story.get_absolute_url())
        self.assertEqual(post_ids(page), [post.pk for post in reversed(posts[5:])])
        self.assertContains(page, "What we know.")
        older = re.search(r'href="([^"]*\?before=\d+)"', page.content.decode()).group(1)
        self.assertEqual(post_ids(self.client.get(older)), [post.pk for post in reversed(posts[:5])])

    def test_drafts_are_not_shown_to_readers(self):
        shown = make_post(self.story)
        draft = make_post(self.story, status=LivePost.Status.DRAFT, body="<p>Unconfirmed report.</p>")
        page = self.client.get(self.story.get_absolute_url())
        self.assertEqual(post_ids(page), [shown.pk])
        self.assertNotContains(page, "Unconfirmed report.")
        self.assertEqual(
            self.client.get(reverse("articles:live_post", args=[self.story.slug, draft.pk])).status_code, 404
        )

    def test_key_events_list_links_to_posts(self):
        key = make_post(self.story, title="Martial law declared", is_key_event=True)
        make_post(self.story, title="Not key")
        page = self.client.get(self.story.get_absolute_url())
        self.assertContains(page, f'<li><a href="#post-{key.pk}"><time', count=1)
        self.assertContains(page, "Martial law declared", count=3)  # the list, the post and its JSON-LD

    def test_pinned_post_is_shown_above_the_newest(self):
        pinned = make_post(self.story, title="Where to find shelter", is_pinned=True)
        make_post(self.story)
        content = self.client.get(self.story.get_absolute_url()).content.decode()
        self.assertLess(content.index("Where to find shelter"), content.index('id="live-posts"'))
        self.assertIn(f'id="post-{pinned.pk}"', content)  # and in its place in the timeline

    def test_page_works_without_javascript_and_loads_the_script_only_while_live(self):
        make_post(self.story)
        page = self.client.get(self.story.get_absolute_url())
        self.assertContains(page, "js/live.js")
        self.assertContains(page, 'data-latest="1"')
        # Nothing inline: every script is a file of this site, or data (JSON-LD).
        scripts = re.findall(r"<script([^>]*)>", page.content.decode())
        self.assertTrue(scripts)
        for attributes in scripts:
            self.assertRegex(attributes, r'src="/static/|type="application/ld\+json"')
        self.story.coverage_ended_at = timezone.now()
        self.story.save()
        ended = self.client.get(self.story.get_absolute_url())
        self.assertNotContains(ended, "js/live.js")
        self.assertContains(ended, "Ended")

    def test_a_posts_own_address_opens_the_page_at_the_post_with_its_share_card(self):
        posts = [make_post(self.story, title=f"Update {n}", is_key_event=n == 4) for n in range(5)]
        target = posts[2]
        page = self.client.get(target.get_absolute_url())
        self.assertEqual(post_ids(page)[0], target.pk)
        self.assertContains(page, '<meta property="og:title" content="Update 2">', html=True)
        self.assertContains(
            page, f'<link rel="canonical" href="http://testserver{target.get_absolute_url()}">', html=True
        )
        self.assertContains(page, "See the summary and the newest posts")
        self.assertNotContains(page, "Key events")  # one link away: the post comes first

    def test_bad_page_numbers_are_not_found(self):
        for query in ("?before=abc", "?before=99999", "?before=-1"):
            with self.subTest(query=query):
                self.assertEqual(self.client.get(self.story.get_absolute_url() + query).status_code, 404)

    def test_live_label_on_cards_while_live(self):
        make_article(headline="An ordinary story")
        home = self.client.get(reverse("articles:home"))
        self.assertContains(home, '<span class="live-label">Live</span>', count=1)
        self.story.coverage_ended_at = timezone.now()
        self.story.save()
        self.assertNotContains(self.client.get(reverse("articles:home")), 'class="live-label"')

    def test_coverage_cannot_end_in_the_future_or_before_it_began(self):
        self.story.coverage_ended_at = timezone.now() + timedelta(hours=2)
        with self.assertRaisesMessage(Exception, "cannot be in the future"):
            self.story.full_clean()
        self.story.coverage_ended_at = self.story.coverage_started_at - timedelta(hours=1)
        with self.assertRaisesMessage(Exception, "cannot end before it started"):
            self.story.full_clean()

    def test_query_count_does_not_grow_with_posts(self):
        """Guards the posts' N+1s: photo, bylines, places and corrections are read once per page."""
        author = make_author()
        place = Location.objects.get(slug="siversk")

        def add(count):
            for _ in range(count):
                post = make_post(self.story, authors=[author, make_author()], locations=[place])
                Correction.objects.create(article=self.story, post=post, text="A correction.")

        add(3)
        url = self.story.get_absolute_url()
        settle()
        self.client.get(url)
        with content_queries(self, 10):
            self.client.get(url)
        add(6)
        settle()
        self.client.get(url)  # the "latest" list and other kept parts, drawn again after the change
        with content_queries(self, 10):
            self.client.get(url)


class UkrainianLivePageTests(TestCase):
    def test_a_ukrainian_live_page_reads_in_ukrainian_and_asks_its_own_edition(self):
        clear_cache()
        story = make_live_story(language="uk", headline="Вторгнення: наживо", slug="vtorhnennia-nazhyvo")
        make_post(story, title="Сирени в Києві", is_key_event=True)
        page = self.client.get("/uk/news/vtorhnennia-nazhyvo/")
        self.assertContains(page, '<span class="live-label">Наживо</span>')
        self.assertContains(page, "Ключові події")
        self.assertContains(page, 'data-live-updates="/uk/news/vtorhnennia-nazhyvo/live/"')
        self.assertContains(page, 'data-few="2 нові дописи"')
        self.assertContains(page, 'data-many="5 нових дописів"')
        poll = self.client.get("/uk/news/vtorhnennia-nazhyvo/live/?after=0")
        self.assertContains(poll, "Сирени в Києві")
        self.assertEqual(self.client.get("/news/vtorhnennia-nazhyvo/live/?after=0").status_code, 404)


class PollQueryBudgetTests(TestCase):
    def test_a_poll_runs_a_fixed_number_of_queries_however_many_posts_it_sends(self):
        """
        Guards the N+1s of posts in a poll answer: photo, bylines, places and corrections read once.
        Ten: the story, the new posts and their bylines, places and corrections, the posts taken down,
        those revised, the newest posts' numbers, and the key events and pins (for their digest).
        """
        clear_cache()
        story = make_live_story()
        make_post(story)
        url = updates_url(story, 1)
        for count in (2, 6):
            for _ in range(count):
                make_post(
                    story, image=make_image(), authors=[make_author()], locations=[Location.objects.get(slug="siversk")]
                )
            with self.subTest(count=count), content_queries(self, 10):
                self.client.get(url)


class StructuredDataTests(TestCase):
    def test_live_page_describes_itself_as_a_live_blog_with_its_updates(self):
        story = make_live_story(headline="Invasion: live")
        posts = [make_post(story, title=f"Post {n}", authors=[make_author(name=f"Reporter {n}")]) for n in range(3)]
        blocks = structured_data(self.client.get(story.get_absolute_url()))
        live = next(block for block in blocks if block["@type"] == "LiveBlogPosting")
        self.assertEqual(live["headline"], "Invasion: live")
        self.assertEqual(live["coverageStartTime"], story.coverage_started_at.isoformat())
        self.assertNotIn("coverageEndTime", live)
        updates = live["liveBlogUpdate"]
        self.assertEqual([update["headline"] for update in updates], ["Post 2", "Post 1", "Post 0"])
        for update, post in zip(updates, reversed(posts), strict=True):
            self.assertEqual(update["@type"], "BlogPosting")
            self.assertEqual(update["url"], "http://testserver" + post.get_absolute_url())
            self.assertEqual(update["datePublished"], post.published_at.isoformat())
            self.assertTrue(update["articleBody"])
        story.coverage_ended_at = timezone.now()
        story.save()
        ended = structured_data(self.client.get(story.get_absolute_url()))
        self.assertEqual(ended[0]["coverageEndTime"], story.coverage_ended_at.isoformat())


class PollTests(TestCase):
    """The small answer an open live page asks for every 20 seconds."""

    def setUp(self):
        clear_cache()
        self.story = make_live_story()
        self.first = make_post(self.story)

    def test_only_posts_after_the_readers_newest_are_sent(self):
        second, third = make_post(self.story), make_post(self.story)
        answer = self.client.get(updates_url(self.story, self.first.number))
        self.assertEqual(post_ids(answer), [third.pk, second.pk])
        self.assertContains(answer, f'data-latest="{third.number}"')

    def test_nothing_new_is_a_few_hundred_bytes(self):
        answer = self.client.get(updates_url(self.story, self.first.number))
        self.assertEqual(post_ids(answer), [])
        self.assertLess(len(answer.content), 200)
        # Headers and body under 900 bytes, so the answer stays under a kilobyte with what gunicorn
        # adds (status line, Date, Server, Content-Length, Connection): `make bench-live` measures it.
        headers = sum(len(name) + len(value) + 4 for name, value in answer.items())
        self.assertLess(headers + len(answer.content), 900)
        self.assertEqual(answer["Cache-Control"].count("max-age=0"), 1)
        self.assertIn(f"posts:article-{self.story.pk}", answer["Surrogate-Key"].split())

    def test_drafts_and_posts_of_other_stories_are_never_sent(self):
        make_post(self.story, status=LivePost.Status.DRAFT)
        make_post(make_live_story())
        self.assertEqual(post_ids(self.client.get(updates_url(self.story, 0))), [self.first.pk])

    def test_bad_questions_get_400_and_stories_not_live_404(self):
        for after in ("", "x", "-1", "99"):
            with self.subTest(after=after):
                self.assertEqual(self.client.get(updates_url(self.story, after)).status_code, 400)
        plain = make_article()
        self.assertEqual(self.client.get(updates_url(plain, 0)).status_code, 404)
        hidden = make_live_story(status=Article.Status.DRAFT, published_at=None)
        self.assertEqual(self.client.get(updates_url(hidden, 0)).status_code, 404)

    def test_posts_taken_down_are_named_for_removal(self):
        gone = make_post(self.story)
        gone_id = gone.pk
        LivePostVersion.record(gone, None, LivePostVersion.Action.DELETED)
        gone.delete()
        answer = self.client.get(updates_url(self.story, gone.number))
        self.assertContains(answer, f'data-removed="{gone_id}"')

    def test_an_edited_or_corrected_post_is_named_so_open_pages_fetch_it_again(self):
        self.first.body = "<p>Explosions shortly after five.</p>"
        self.first.save()
        answer = self.client.get(updates_url(self.story, 1))
        version = int(LivePost.objects.get(pk=self.first.pk).revised_at.timestamp())
        self.assertContains(answer, f'data-revised="{self.first.pk}.{version}"')
        one = self.client.get(reverse("articles:live_updates", args=[self.story.slug]) + f"?post={self.first.pk}")
        self.assertEqual(post_ids(one), [self.first.pk])
        self.assertContains(one, "Explosions shortly after five.")
        self.assertContains(one, f'data-version="{version}"')
        Correction.objects.create(article=self.story, post=self.first, text="The time was wrong.")
        self.assertContains(self.client.get(updates_url(self.story, 1)), f'data-revised="{self.first.pk}.')
        self.assertContains(
            self.client.get(reverse("articles:live_updates", args=[self.story.slug]) + f"?post={self.first.pk}"),
            "The time was wrong.",
        )

    def test_asking_for_a_post_that_is_not_out_is_not_found(self):
        draft = make_post(self.story, status=LivePost.Status.DRAFT)
        base = reverse("articles:live_updates", args=[self.story.slug])
        for value in (draft.pk, "abc", "", 999999):
            with self.subTest(post=value):
                self.assertEqual(self.client.get(f"{base}?post={value}").status_code, 404)

    def test_the_end_of_coverage_tells_pages_to_stop_asking(self):
        """Also: saving a copy of the story read before its posts keeps their count."""
        self.story.coverage_ended_at = timezone.now()
        self.story.save()
        self.assertContains(self.client.get(updates_url(self.story, 1)), 'data-live="0"')

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_kept_answer_is_revalidated_with_304_and_retired_by_a_new_post(self):
        url = updates_url(self.story, self.first.number)
        first = self.client.get(url)
        again = self.client.get(url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(again.status_code, 304)
        new = make_post(self.story)
        after_post = self.client.get(url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(after_post.status_code, 200)
        self.assertEqual(post_ids(after_post), [new.pk])


class FeedTests(TestCase):
    def test_atom_feed_lists_published_posts_with_corrections_escaped(self):
        story = make_live_story(headline="Invasion: live")
        post = make_post(story, title="Explosions in Kyiv", body="<p>Blasts were heard.</p>")
        Correction.objects.create(article=story, post=post, text="<b>Time</b> corrected.")
        make_post(story, status=LivePost.Status.DRAFT, title="Draft post")
        response = self.client.get(reverse("articles:live_feed", kwargs={"slug": story.slug}))
        self.assertIn(f"posts:article-{story.pk}", response["Surrogate-Key"].split())  # purged with each post
        feed = ElementTree.fromstring(response.content)
        entries = feed.findall(f"{ATOM}entry")
        self.assertEqual([entry.find(f"{ATOM}title").text for entry in entries], ["Explosions in Kyiv"])
        summary = entries[0].find(f"{ATOM}summary").text
        self.assertIn("<p>Blasts were heard.</p>", summary)
        self.assertIn("&lt;b&gt;Time&lt;/b&gt; corrected.", summary)
        self.assertEqual(entries[0].find(f"{ATOM}link").get("href"), "http://testserver" + post.get_absolute_url())
        self.assertContains(self.client.get(story.get_absolute_url()), 'type="application/atom+xml"')

    def test_a_feed_without_posts_is_dated_when_its_coverage_began_not_when_it_is_read(self):
        story = make_live_story(headline="Quiet so far")
        url = reverse("articles:live_feed", kwargs={"slug": story.slug})
        first = self.client.get(url).content
        with time_machine.travel(timezone.now() + timedelta(minutes=5)):
            later = self.client.get(url).content
        self.assertEqual(later, first)  # a kept copy is what a fresh one would be
        updated = ElementTree.fromstring(first).find(f"{ATOM}updated").text
        self.assertEqual(updated, (story.coverage_started_at or story.published_at).isoformat())

    def test_feed_of_a_story_not_live_is_not_found(self):
        plain = make_article()
        self.assertEqual(self.client.get(reverse("articles:live_feed", kwargs={"slug": plain.slug})).status_code, 404)


class RollUpTests(TestCase):
    """A place's page shows the live posts about it and about every place inside it."""

    def setUp(self):
        clear_cache()

    def test_post_about_a_town_shows_on_the_pages_of_the_regions_above_it(self):
        story = make_live_story()
        siversk = Location.objects.get(slug="siversk")
        post = make_post(story, title="Shelling in Siversk", locations=[siversk])
        make_post(story, title="A draft about Siversk", locations=[siversk], status=LivePost.Status.DRAFT)
        donetsk = Location.objects.get(pk=siversk.ancestor_ids[-1])
        for place in (siversk, donetsk):
            with self.subTest(place=place.slug):
                page = self.client.get(place.get_absolute_url())
                self.assertContains(page, "Shelling in Siversk")
                self.assertContains(page, post.get_absolute_url())
                self.assertNotContains(page, "A draft about Siversk")
        self.assertNotContains(
            self.client.get(Location.objects.get(slug="kyiv").get_absolute_url()), "Shelling in Siversk"
        )

    def test_search_finds_a_live_story_by_the_words_of_its_posts(self):
        story = make_live_story(headline="Invasion: live")
        make_post(story, body="<p>Queues formed at the Shehyni border crossing.</p>")
        page = self.client.get(reverse("articles:search") + "?q=Shehyni")
        self.assertContains(page, "Invasion: live")


class DeskTests(TestCase):
    """Writers draft posts, editors publish them; one request each."""

    def setUp(self):
        clear_cache()
        self.story = make_live_story()
        self.editor = make_staff("Editors")
        self.writer = make_staff("Writers")
        self.desk = reverse("admin:articles_article_live_desk", args=[self.story.pk])

    def post_form(self, **fields):
        data = {"post-body": "<p>Air raid sirens in Kramatorsk.</p>", "post-title": "", "post-link": ""}
        data.update({f"post-{name}": value for name, value in fields.items()})
        return data

    def test_editor_publishes_a_post_in_one_request(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.desk, {**self.post_form(), "_publish": "1"})
        self.assertEqual(response.status_code, 302)
        post = LivePost.objects.get()
        self.assertEqual(post.status, LivePost.Status.PUBLISHED)
        self.assertEqual(post.number, 1)
        self.assertEqual(list(post.locations.values_list("slug", flat=True)), ["kramatorsk"])
        self.assertEqual(LivePostVersion.objects.get().action, LivePostVersion.Action.PUBLISHED)
        self.client.logout()
        self.assertEqual(post_ids(self.client.get(self.story.get_absolute_url())), [post.pk])

    def test_a_writers_post_stays_a_draft_even_when_publishing_is_forged(self):
        self.client.force_login(self.writer)
        self.client.post(self.desk, {**self.post_form(is_pinned="on"), "_publish": "1"})
        post = LivePost.objects.get()
        self.assertEqual((post.status, post.is_pinned), (LivePost.Status.DRAFT, False))
        for action in ("publish", "pin"):
            url = reverse("admin:articles_article_live_post_action", args=[self.story.pk, post.pk, action])
            self.assertEqual(self.client.post(url).status_code, 403)
        post.refresh_from_db()
        self.assertEqual(post.status, LivePost.Status.DRAFT)

    def test_a_post_from_another_site_is_refused(self):
        """A forged form (no CSRF token) publishes nothing, even in an editor's logged-in browser."""
        forged = Client(enforce_csrf_checks=True)
        forged.force_login(self.editor)
        response = forged.post(self.desk, {**self.post_form(), "_publish": "1"})
        self.assertEqual(response.status_code, 403)
        post = make_post(self.story, status=LivePost.Status.DRAFT)
        url = reverse("admin:articles_article_live_post_action", args=[self.story.pk, post.pk, "publish"])
        self.assertEqual(forged.post(url).status_code, 403)
        self.assertEqual(LivePost.objects.filter(status=LivePost.Status.PUBLISHED).count(), 0)

    def test_editor_publishes_pins_withdraws_a_writers_draft(self):
        draft = make_post(self.story, status=LivePost.Status.DRAFT)
        self.client.force_login(self.editor)
        for action, check in (
            ("publish", lambda p: p.status == LivePost.Status.PUBLISHED and p.published_at),
            ("pin", lambda p: p.is_pinned),
            ("withdraw", lambda p: p.status == LivePost.Status.DRAFT),
        ):
            url = reverse("admin:articles_article_live_post_action", args=[self.story.pk, draft.pk, action])
            self.assertEqual(self.client.post(url).status_code, 302)
            draft.refresh_from_db()
            self.assertTrue(check(draft), action)
        self.assertEqual(
            self.client.get(
                reverse("admin:articles_article_live_post_action", args=[self.story.pk, draft.pk, "pin"])
            ).status_code,
            405,
        )

    def test_key_event_without_a_title_is_refused_and_nothing_is_lost(self):
        self.client.force_login(self.editor)
        response = self.client.post(self.desk, {**self.post_form(is_key_event="on"), "_publish": "1"})
        self.assertContains(response, "A key event needs a title")
        self.assertContains(response, "Air raid sirens in Kramatorsk.")
        self.assertFalse(LivePost.objects.exists())

    def test_a_photo_without_alt_text_is_refused_on_publishing(self):
        self.client.force_login(self.editor)
        photo = make_image(alt_text="")
        response = self.client.post(self.desk, {**self.post_form(image=photo.pk), "_publish": "1"})
        self.assertContains(response, "This photo has no alt text")
        self.assertFalse(LivePost.objects.exists())
        self.client.post(self.desk, {**self.post_form(image=photo.pk), "_draft": "1"})
        self.assertEqual(LivePost.objects.get().status, LivePost.Status.DRAFT)  # a draft may wait for it

    def test_writer_cannot_edit_or_delete_a_published_post(self):
        post = make_post(self.story)
        self.client.force_login(self.writer)
        change = reverse("admin:articles_livepost_change", args=[post.pk])
        self.client.post(change, {"title": "Changed", "body": "<p>Changed.</p>", "edit_revision": post.revision})
        post.refresh_from_db()
        self.assertNotEqual(post.title, "Changed")
        self.assertEqual(
            self.client.post(reverse("admin:articles_livepost_delete", args=[post.pk]), {"post": "yes"}).status_code,
            403,
        )

    def edit_data(self, post, **fields):
        data = {
            "title": post.title,
            "body": post.body,
            "status": post.status,
            "edit_revision": post.revision,
            "link": "",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
        }
        data.update(fields)
        return data

    def test_editor_edits_and_corrects_a_post_and_its_history_is_kept(self):
        post = make_post(self.story, title="Kharkiv", body="<p>Explosions at 5:00.</p>")
        self.client.force_login(self.editor)
        change = reverse("admin:articles_livepost_change", args=[post.pk])
        data = self.edit_data(
            post,
            body="<p>Explosions shortly after 5:00.</p>",
            **{
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-kind": "correction",
                "corrections-0-published_at_0": "2022-02-24",
                "corrections-0-published_at_1": "12:00",
                "corrections-0-text": "The first version gave the time as 5:00 exactly.",
            },
        )
        response = self.client.post(change, data)
        self.assertEqual(response.status_code, 302, response.content.decode()[-3000:])
        self.client.logout()
        page = self.client.get(self.story.get_absolute_url())
        self.assertContains(page, "Explosions shortly after 5:00.")
        self.assertContains(page, "The first version gave the time as 5:00 exactly.")
        self.client.force_login(self.editor)
        self.assertContains(self.client.get(change), "Explosions shortly after 5:00.")
        self.assertEqual(LivePostVersion.objects.filter(post_id=post.pk).count(), 1)

    def test_a_save_over_someone_elses_is_refused(self):
        post = make_post(self.story, title="First")
        opened = post.revision
        post.title = "Someone else's edit"
        post.save()
        self.client.force_login(self.editor)
        change = reverse("admin:articles_livepost_change", args=[post.pk])
        response = self.client.post(change, self.edit_data(post, title="Mine", edit_revision=opened))
        self.assertContains(response, "after you opened it")
        post.refresh_from_db()
        self.assertEqual(post.title, "Someone else's edit")

    def test_deleting_a_post_keeps_its_record_and_takes_it_off_the_page(self):
        post = make_post(self.story, title="Wrong report")
        self.client.force_login(self.editor)
        self.client.post(reverse("admin:articles_livepost_delete", args=[post.pk]), {"post": "yes"})
        self.assertFalse(LivePost.objects.exists())
        record = LivePostVersion.objects.get(post_id=post.pk)
        self.assertEqual((record.action, record.title), (LivePostVersion.Action.DELETED, "Wrong report"))
        self.assertContains(self.client.get(self.desk), "Wrong report")  # under "Deleted posts"
        self.client.logout()
        self.assertNotContains(self.client.get(self.story.get_absolute_url()), "Wrong report")

    def test_desk_of_a_story_not_live_sends_the_editor_to_the_story(self):
        plain = make_article()
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:articles_article_live_desk", args=[plain.pk]))
        self.assertRedirects(response, reverse("admin:articles_article_change", args=[plain.pk]))


class DeletedLiveStoryTests(TestCase):
    def test_deleting_a_live_story_with_posts_leaves_no_row_pointing_at_it(self):
        # Found through Varnish on PostgreSQL (seed 150453575): a post going with its story rebuilt
        # the story's search row, which then pointed at nothing and failed the commit.
        story = make_live_story(headline="Live, then deleted")
        make_post(story, locations=[Location.objects.get(slug="siversk")])
        story.delete()
        connection.check_constraints()
        self.assertFalse(Article.objects.filter(pk=story.pk).exists())
