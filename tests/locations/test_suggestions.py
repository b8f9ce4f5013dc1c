from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

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


class DetectionFollowsEditsTests(TestCase):
    def test_a_new_alternative_name_is_detected_without_a_restart(self):
        from locations.detection import detect

        self.assertEqual(detect("Shelling in Zorianivka-Nova."), [])
        siversk = Location.objects.get(slug="siversk")
        names = siversk.alternative_names.splitlines()
        siversk.alternative_names = "\n".join(names[:-1] + ["Zorianivka-Nova"])  # Same number of names.
        siversk.save()
        self.assertEqual([m.location.slug for m in detect("Shelling in Zorianivka-Nova.")], ["siversk"])
