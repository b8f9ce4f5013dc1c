import unicodedata

from django.test import TestCase
from django.urls import reverse

from articles.models import Article, Tag, TaggedArticle
from tests.factories import article_form_data, make_article, make_draft, make_staff


def tag_form(**overrides):
    return article_form_data(**{"headline": "Mobilisation changes", "slug": "mobilisation-changes", **overrides})


class SlugTests(TestCase):
    def test_ukrainian_names_follow_the_official_romanisation(self):
        table = {
            "Київ": "kyiv", "Мобілізація": "mobilizatsiia", "Щастя": "shchastia", "Слов'янськ": "sloviansk",
            "Згорани": "zghorany", "Їжакевич": "yizhakevych", "Євген": "yevhen", "Юрій": "yurii",
            "Fortress belt": "fortress-belt",
        }  # fmt: skip
        for name, slug in table.items():
            with self.subTest(name):
                self.assertEqual(Tag.objects.create(name=name).slug, slug)

    def test_other_scripts_never_give_an_empty_slug(self):
        for name in ("中文新闻", "الأخبار", "😀🔥", "🕊", "Ελλάδα"):
            with self.subTest(name):
                tag = Tag.objects.create(name=name)
                self.assertRegex(tag.slug, r"^[a-z0-9][a-z0-9-]*$")
                make_article(tags=[tag])
                response = self.client.get(tag.get_absolute_url())
                self.assertContains(response, name)

    def test_two_names_never_share_a_slug_and_the_suffix_stays(self):
        first = Tag.objects.create(name="Мобілізація")
        second = Tag.objects.create(name="Mobilizatsiia")
        self.assertEqual((first.slug, second.slug), ("mobilizatsiia", "mobilizatsiia-2"))
        first.delete()
        second.refresh_from_db()
        self.assertEqual(second.slug, "mobilizatsiia-2")

    def test_a_name_with_nothing_readable_gets_a_hashed_slug_of_its_own(self):
        first, second = Tag.objects.create(name="\ue000"), Tag.objects.create(name="\ue001")
        self.assertRegex(first.slug, r"^tag-[0-9a-f]{8}$")
        self.assertRegex(second.slug, r"^tag-[0-9a-f]{8}$")
        self.assertNotEqual(first.slug, second.slug)


class OneTagPerIdeaTests(TestCase):
    def test_case_spacing_and_unicode_form_reuse_the_existing_tag(self):
        tag = Tag.objects.create(name="Fortress belt")
        cyrillic = Tag.objects.create(name="Мобілізація")
        decomposed = unicodedata.normalize("NFD", "Мобілізація")
        story = make_article(tags=["fortress belt", "  Fortress   BELT ", "МОБІЛІЗАЦІЯ", decomposed])
        self.assertEqual(set(story.tags.all()), {tag, cyrillic})
        self.assertEqual(Tag.objects.count(), 2)

    def test_taggits_own_api_reuses_a_tag_in_any_case_or_spacing_in_any_script(self):
        """Scripts and imports call story.tags.add() and .set() with names: SQLite folds only ASCII case itself."""
        cyrillic = Tag.objects.create(name="Мобілізація")
        latin = Tag.objects.create(name="Fortress belt")
        story = make_article()
        story.tags.add("мобілізація", "МОБІЛІЗАЦІЯ", " fortress  BELT ")
        self.assertEqual(set(story.tags.all()), {cyrillic, latin})
        story.tags.set(["мобілізація", "Нова тема"])
        self.assertEqual(set(story.tags.values_list("name", flat=True)), {"Мобілізація", "Нова тема"})
        story.tags.remove("МОБІЛІЗАЦІЯ")
        self.assertEqual(list(story.tags.values_list("name", flat=True)), ["Нова тема"])
        self.assertEqual(Tag.objects.count(), 3)

    def test_a_duplicate_tag_cannot_be_created_in_the_tag_admin(self):
        Tag.objects.create(name="Drones")
        self.client.force_login(make_staff("Editors"))
        response = self.client.post(reverse("admin:articles_tag_add"), {"name": " drones ", "slug": ""})
        self.assertContains(response, "The tag “Drones” exists already")
        self.assertEqual(Tag.objects.count(), 1)


class NearDuplicateWarningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        Tag.objects.create(name="Мобілізація")
        Tag.objects.create(name="Fortress belt")

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, tags, **fields):
        return self.client.post(reverse("admin:articles_article_add"), tag_form(tags=tags, **fields))

    def test_latin_look_alike_letter_is_caught(self):
        response = self.post(["Мобiлiзацiя"])  # Latin "i" inside a Cyrillic word.
        self.assertContains(response, "“Мобiлiзацiя” looks like the existing tag “Мобілізація”")
        self.assertFalse(Article.objects.exists())

    def test_a_typo_one_letter_off_is_caught(self):
        response = self.post(["Fortres belt"])
        self.assertContains(response, "“Fortres belt” looks like the existing tag “Fortress belt”")

    def test_the_editor_may_confirm_a_genuinely_new_tag(self):
        response = self.post(["Fortres belt"], confirm_new_tags="on")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Tag.objects.filter(name="Fortres belt").exists())

    def test_existing_tags_and_unrelated_new_ones_pass(self):
        response = self.post(["fortress belt", "Water supply"])
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get()
        self.assertEqual(sorted(t.name for t in article.tags.all()), ["Fortress belt", "Water supply"])

    def test_comma_separated_input_still_works(self):
        self.post("Fortress belt, Energy")
        self.assertEqual(sorted(t.name for t in Article.objects.get().tags.all()), ["Energy", "Fortress belt"])

    def test_new_tags_from_writers_are_marked_for_review(self):
        self.client.force_login(make_staff("Writers"))
        self.post(["Evacuation trains"])
        self.assertIs(Tag.objects.get(name="Evacuation trains").needs_review, True)
        self.client.force_login(self.editor)
        self.post(["Grid repairs"], slug="another")
        self.assertIs(Tag.objects.get(name="Grid repairs").needs_review, False)


class TagAdminNearDuplicateTests(TestCase):
    """The tag admin's own form follows the article form's rule: no look-alike tag without a tick."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.belt = Tag.objects.create(name="Fortress belt")
        Tag.objects.create(name="Мобілізація")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_a_new_tag_one_letter_away_is_refused_with_the_existing_one_named(self):
        for name, existing in (("Fortress bolt", "Fortress belt"), ("Мобiлiзацiя", "Мобілізація")):
            with self.subTest(name):
                response = self.client.post(reverse("admin:articles_tag_add"), {"name": name, "slug": ""})
                self.assertContains(response, f"“{name}” looks like the existing tag “{existing}”")
                self.assertFalse(Tag.objects.filter(name=name).exists())

    def test_the_editor_may_confirm_a_genuinely_different_name(self):
        response = self.client.post(
            reverse("admin:articles_tag_add"), {"name": "Fortress bolt", "slug": "", "confirm_look_alike": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Tag.objects.filter(name="Fortress bolt").exists())

    def test_renaming_to_a_look_alike_is_caught_but_a_tag_may_resemble_itself(self):
        drones = Tag.objects.create(name="Drones")
        change = reverse("admin:articles_tag_change", args=[drones.pk])
        self.assertContains(
            self.client.post(change, {"name": "Fortress bell", "slug": drones.slug}), "looks like the existing tag"
        )
        self.assertEqual(self.client.post(change, {"name": "Drone", "slug": drones.slug}).status_code, 302)
        belt = reverse("admin:articles_tag_change", args=[self.belt.pk])
        self.assertEqual(self.client.post(belt, {"name": "fortress Belt", "slug": self.belt.slug}).status_code, 302)


class MergeAndRenameTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.kept = Tag.objects.create(name="Fortress belt")
        cls.lower = Tag.objects.create(name="Fortress-belt towns")
        cls.typo = Tag.objects.create(name="Fortres belt")
        cls.both = make_article(headline="Both tags", tags=[cls.kept, cls.lower])
        cls.only_lower = make_article(headline="Lower only", tags=[cls.lower])
        cls.only_typo = make_article(headline="Typo only", tags=[cls.typo])

    def merge(self):
        self.client.force_login(self.editor)
        changelist = reverse("admin:articles_tag_changelist")
        selected = [self.kept.pk, self.lower.pk, self.typo.pk]
        page = self.client.post(changelist, {"action": "merge_tags", "_selected_action": selected})
        self.assertContains(page, "Choose the tag to keep.")
        return self.client.post(
            changelist, {"action": "merge_tags", "_selected_action": selected, "kept": self.kept.pk}, follow=True
        )

    def test_merge_moves_every_story_and_deletes_the_others(self):
        response = self.merge()
        self.assertContains(response, "into “Fortress belt”: 2 stories moved")
        self.assertEqual(list(Tag.objects.values_list("name", flat=True)), ["Fortress belt"])
        for story in (self.both, self.only_lower, self.only_typo):
            self.assertEqual([t.name for t in story.tags.all()], ["Fortress belt"])
        self.assertEqual(TaggedArticle.objects.filter(tag=self.kept).count(), 3)

    def test_merging_one_story_says_story(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            reverse("admin:articles_tag_changelist"),
            {"action": "merge_tags", "_selected_action": [self.kept.pk, self.typo.pk], "kept": self.kept.pk},
            follow=True,
        )
        self.assertContains(response, "into “Fortress belt”: 1 story moved")

    def test_merged_stories_are_found_by_the_kept_tag_name(self):
        self.merge()
        found = [s.pk for s in self.client.get("/search/", {"q": "Fortress belt"}).context["page_obj"].object_list]
        self.assertIn(self.only_typo.pk, found)

    def test_a_renamed_tag_renames_its_stories_in_search(self):
        self.typo.name = "Defensive line"
        self.typo.save()
        found = [s.pk for s in self.client.get("/search/", {"q": "Defensive line"}).context["page_obj"].object_list]
        self.assertEqual(found, [self.only_typo.pk])

    def test_merged_tag_pages_and_feeds_redirect_to_the_kept_tag(self):
        self.merge()
        self.client.logout()
        self.assertRedirects(self.client.get("/tags/fortress-belt-towns/"), "/tags/fortress-belt/", status_code=301)
        self.assertRedirects(self.client.get("/tags/fortres-belt/feed/"), "/tags/fortress-belt/feed/", status_code=301)
        response = self.client.get("/tags/fortress-belt/")
        self.assertEqual(response.context["paginator"].count, 3)

    def test_tag_list_shows_counts_and_last_use(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:articles_tag_changelist"), {"o": "-3"})
        self.assertContains(response, '<td class="field-story_count">2</td>', html=True)
        self.assertContains(response, "field-last_used")

    def test_renaming_the_slug_keeps_the_old_address(self):
        self.client.force_login(self.editor)
        self.client.post(
            reverse("admin:articles_tag_change", args=[self.kept.pk]),
            # One letter from "Fortress-belt towns": the editor confirms it is meant.
            {"name": "Fortress belt towns", "slug": "", "confirm_look_alike": "on"},
        )
        self.kept.refresh_from_db()
        self.assertEqual(self.kept.slug, "fortress-belt-towns-2")
        self.assertRedirects(self.client.get("/tags/fortress-belt/"), "/tags/fortress-belt-towns-2/", status_code=301)

    def test_unknown_tags_are_still_404(self):
        self.assertEqual(self.client.get("/tags/no-such-tag/").status_code, 404)
        self.assertEqual(self.client.get("/tags/no-such-tag/feed/").status_code, 404)


class TagSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        for n in range(25):
            Tag.objects.create(name=f"Energy {n:02d}")
        Tag.objects.create(name="Green energy")
        Tag.objects.create(name="Мобілізація")
        make_draft(headline="Secret draft headline", tags=["Energy 00"])

    def search(self, **params):
        return self.client.get(reverse("admin:articles_tag_search"), params)

    def test_results_are_tags_only_prefix_first_and_paginated(self):
        self.client.force_login(self.editor)
        first = self.search(term="energy").json()
        self.assertEqual(len(first["results"]), 20)
        self.assertIs(first["pagination"]["more"], True)
        self.assertEqual(first["results"][0], {"id": "Energy 00", "text": "Energy 00"})
        second = self.search(term="energy", page=2).json()
        self.assertEqual([r["text"] for r in second["results"]][-1], "Green energy")
        self.assertIs(second["pagination"]["more"], False)
        self.assertNotIn("Secret draft", str(first) + str(second))

    def test_cyrillic_search_ignores_case(self):
        self.client.force_login(self.editor)
        self.assertEqual([r["text"] for r in self.search(term="МОБІЛ").json()["results"]], ["Мобілізація"])

    def test_search_is_for_newsroom_staff_only(self):
        response = self.search(term="energy")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_article_form_uses_the_tag_picker(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:articles_article_add"))
        self.assertContains(response, 'class="tag-autocomplete"')
        self.assertContains(response, 'data-url="/admin/articles/article/tag-search/"')
        self.assertContains(response, "admin-extra/tag-autocomplete.js")


class TagFeedTests(TestCase):
    def test_cyrillic_tag_feed_lists_public_stories(self):
        make_article(headline="Mobilisation story", tags=["Мобілізація"])
        make_draft(headline="Draft story", tags=["Мобілізація"])
        response = self.client.get("/tags/mobilizatsiia/feed/")
        self.assertContains(response, "<title>Stories about Мобілізація</title>")
        self.assertContains(response, "Mobilisation story")
        self.assertNotContains(response, "Draft story")
