"""Addresses worked out once per process (common.addresses) are what reverse() gives, in every case it depends on."""

from django.test import SimpleTestCase, override_settings
from django.urls import include, path, reverse, set_script_prefix
from django.utils import translation

from common.addresses import address


def _nowhere(request):
    raise AssertionError("never called")


urlpatterns = [path("elsewhere/", include(([path("<slug:slug>/", _nowhere, name="tag")], "articles")))]


class AddressTests(SimpleTestCase):
    def test_an_address_is_the_one_reverse_gives_in_each_edition(self):
        for language, expected in (("en", "/tags/drones/"), ("uk", "/uk/tags/drones/")):
            with self.subTest(language), translation.override(language):
                self.assertEqual(address("articles:tag", slug="drones"), expected)
                self.assertEqual(
                    address("articles:tag", slug="drones"), reverse("articles:tag", kwargs={"slug": "drones"})
                )
        self.assertEqual(address("articles:tag", "uk", slug="drones"), "/uk/tags/drones/")

    def test_a_site_served_under_a_prefix_gets_addresses_under_it(self):
        address("articles:tag", "en", slug="drones")
        set_script_prefix("/news-site/")
        try:
            self.assertEqual(address("articles:tag", "en", slug="drones"), "/news-site/tags/drones/")
        finally:
            set_script_prefix("/")

    def test_other_url_patterns_give_other_addresses(self):
        self.assertEqual(address("articles:tag", "en", slug="drones"), "/tags/drones/")
        with override_settings(ROOT_URLCONF=__name__):
            self.assertEqual(address("articles:tag", "en", slug="drones"), "/elsewhere/drones/")
        self.assertEqual(address("articles:tag", "en", slug="drones"), "/tags/drones/")
