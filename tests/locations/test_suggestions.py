import inspect

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from locations.detection import detect, detect_in_article
from locations.models import Location
from tests.factories import make_draft, make_staff


class PlaceSuggestionTests(TestCase):
    """Editors see the places a story mentions and add them themselves; nothing is tagged for them."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.article = make_draft(
            headline="Ukraine's military confirms withdrawal from Siversk",
            standfirst="The town lies east of Slovyansk.",
            body="<p>Kramatorsk and the Donetsk region's other towns are next.</p>",
            locations=[Location.objects.get(slug="siversk")],
        )

    def test_change_form_lists_untagged_places_the_text_mentions(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))
        for slug in ("sloviansk", "kramatorsk", "donetsk-oblast"):
            place = Location.objects.get(slug=slug)
            self.assertContains(response, f'data-id="{place.pk}" data-label="{place}"')
        self.assertNotContains(response, f'data-id="{Location.objects.get(slug="siversk").pk}"')
        self.article.refresh_from_db()
        self.assertEqual([p.slug for p in self.article.locations.all()], ["siversk"])

    def test_detect_endpoint_reads_unsaved_text_and_skips_chosen_places(self):
        self.client.force_login(self.editor)
        kramatorsk = Location.objects.get(slug="kramatorsk")
        response = self.client.post(
            reverse("admin:articles_article_detect_places"),
            {
                "headline": "Strikes on Kramatorsk and Kostyantynivka",
                "body": "<p>Also in Kramatorsk.</p>",
                "chosen": [str(kramatorsk.pk)],
            },
        )
        self.assertEqual(response.json()["places"][0]["label"], "Ukraine › Donetsk Oblast › Kostiantynivka")
        self.assertEqual(len(response.json()["places"]), 1)

    def test_detect_endpoint_is_post_only_and_for_article_editors(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.client.get(reverse("admin:articles_article_detect_places")).status_code, 405)
        outsider = make_staff("Writers")
        outsider.groups.clear()
        outsider.user_permissions.add(Permission.objects.get(codename="view_image"))
        self.client.force_login(outsider)
        self.assertEqual(
            self.client.post(reverse("admin:articles_article_detect_places"), {"headline": "Siversk"}).status_code, 403
        )


class SuggestionReasonsAndDismissalTests(TestCase):
    """Each suggestion says how sure and why; an editor's dismissal holds for the story."""

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.article = make_draft(
            headline="Strikes on Kramatorsk",
            body="<p>Kramatorsk and Slovyansk were shelled; Kramatorsk again at night.</p>",
        )
        cls.kramatorsk, cls.sloviansk = (Location.objects.get(slug=s) for s in ("kramatorsk", "sloviansk"))

    def change_form(self):
        return self.client.get(reverse("admin:articles_article_change", args=[self.article.pk]))

    def dismiss(self, place, **extra):
        url = reverse("admin:articles_article_dismiss_place", args=[self.article.pk])
        return self.client.post(url, {"place": place.pk, **extra})

    def test_the_form_shows_confidence_and_reasons_surest_first(self):
        self.client.force_login(self.editor)
        response = self.change_form()
        self.assertContains(response, "96% sure")  # three mentions of a name only Kramatorsk bears
        self.assertContains(response, "3 mentions")
        self.assertContains(response, "as “Slovyansk”")
        html = response.content.decode()
        self.assertLess(html.index(f'data-id="{self.kramatorsk.pk}"'), html.index(f'data-id="{self.sloviansk.pk}"'))
        places = self.client.post(reverse("admin:articles_article_detect_places"), {"body": "Kramatorsk."}).json()
        self.assertEqual((places["places"][0]["confidence"], places["places"][0]["reasons"]), (90, ["1 mention"]))

    def test_a_dismissed_place_is_not_offered_again_for_this_story(self):
        self.client.force_login(self.editor)
        answer = self.dismiss(self.kramatorsk).json()
        self.assertEqual([place["id"] for place in answer["dismissed"]], [self.kramatorsk.pk])
        self.assertEqual(list(self.article.dismissed_places.all()), [self.kramatorsk])
        self.assertNotContains(self.change_form(), f'class="button place-suggestion" data-id="{self.kramatorsk.pk}"')
        self.assertContains(self.change_form(), "Dismissed for this story:")
        found = self.client.post(
            reverse("admin:articles_article_detect_places"),
            {"article": self.article.pk, "body": "Kramatorsk and Sloviansk."},
        ).json()["places"]
        self.assertEqual([place["id"] for place in found], [self.sloviansk.pk])
        self.assertEqual(self.dismiss(self.kramatorsk, undo="1").json()["dismissed"], [])
        self.assertContains(self.change_form(), f'class="button place-suggestion" data-id="{self.kramatorsk.pk}"')

    def test_dismissing_is_a_post_by_someone_who_may_edit_the_story(self):
        self.client.force_login(self.editor)
        url = reverse("admin:articles_article_dismiss_place", args=[self.article.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(url, {"place": "x"}).status_code, 404)
        self.assertEqual(self.client.post(url, {"place": 999999}).status_code, 404)
        missing = reverse("admin:articles_article_dismiss_place", args=[999999])
        self.assertEqual(self.client.post(missing, {"place": self.kramatorsk.pk}).status_code, 404)
        outsider = make_staff("Writers")
        outsider.groups.clear()
        self.client.force_login(outsider)
        self.assertEqual(self.dismiss(self.kramatorsk).status_code, 403)
        self.assertFalse(self.article.dismissed_places.exists())


class DetectionFollowsEditsTests(TestCase):
    def test_a_new_alternative_name_is_detected_without_a_restart(self):
        from locations.detection import detect

        self.assertEqual(detect("Shelling in Zorianivka-Nova.", "en"), [])
        siversk = Location.objects.get(slug="siversk")
        names = siversk.alternative_names.splitlines()
        siversk.alternative_names = "\n".join(names[:-1] + ["Zorianivka-Nova"])  # Same number of names.
        siversk.save()
        self.assertEqual([m.location.slug for m in detect("Shelling in Zorianivka-Nova.", "en")], ["siversk"])


class StoryLanguageTests(TestCase):
    """Every way to the detector says the story's language; a story without one is read in its text's."""

    UKRAINIAN = "Бої у Сіверську. Біля Костянтинівки теж неспокійно."

    @classmethod
    def setUpTestData(cls):
        cls.editor = make_staff("Editors")
        cls.expected = {Location.objects.get(slug=slug).pk for slug in ("siversk", "kostiantynivka")}

    def detected(self, **fields):
        answer = self.client.post(reverse("admin:articles_article_detect_places"), fields)
        return {place["id"] for place in answer.json()["places"]}

    def test_the_detector_cannot_be_called_without_a_language(self):
        for function in (detect, detect_in_article):
            with self.subTest(function.__name__):
                self.assertIs(inspect.signature(function).parameters["language"].default, inspect.Parameter.empty)

    def test_a_ukrainian_draft_is_read_by_ukrainian_rules_in_the_form_and_when_looked_at_again(self):
        draft = make_draft(headline="Обстріли на Донеччині", body=f"<p>{self.UKRAINIAN}</p>", language="uk")
        self.client.force_login(self.editor)
        form = self.client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
        self.assertEqual(
            {pk for pk in self.expected if f'class="button place-suggestion" data-id="{pk}"' in form}, self.expected
        )
        self.assertEqual(self.detected(body=self.UKRAINIAN, language="uk"), self.expected)
        self.assertEqual(self.detected(body=self.UKRAINIAN, language="en"), set())  # English rules do not inflect

    def test_a_story_with_no_language_yet_is_read_in_the_language_of_its_text(self):
        self.client.force_login(self.editor)
        self.assertEqual(self.detected(body=self.UKRAINIAN, language=""), self.expected)
        self.assertEqual(self.detected(body=self.UKRAINIAN), self.expected)
