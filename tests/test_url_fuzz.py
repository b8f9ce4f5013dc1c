"""
Property-based tests over every public URL pattern and query parameter: whatever the path, query
or method, the answer is never a server error.
"""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from articles.models import Correction
from locations.models import Location
from tests.factories import make_article, make_author, make_section

EXAMPLES = 150
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

PATTERNS = [
    "/news/{}/",
    "/tags/{}/",
    "/tags/{}/feed/",
    "/tags/{}/feed/atom/",
    "/sections/{}/",
    "/sections/{}/feed/",
    "/authors/{}/",
    "/authors/{}/feed/atom/",
    "/places/{}/",
    "/places/{}/feed/",
    "/preview/{}/",
    "/sitemap-{}.xml",
    "/{}",
    "/{}/",
]
LISTS = ["/", "/search/", "/corrections/", "/places/", "/places/ukraine/", "/tags/front-line/", "/sections/news/"]
KNOWN = ["siversk", "front-line", "news", "olena", "ukraine", "slovyansk", "kiev", "articles", "tags"]

# Text as hostile clients send it: any Unicode (NUL, surrogate-free), very long, or percent-encoded bytes.
raw_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
segments = st.one_of(
    st.sampled_from(KNOWN),
    raw_text.map(lambda text: quote(text, safe="")),
    st.binary(max_size=64).map(lambda data: "".join(f"%{byte:02X}" for byte in data)),
    st.text(alphabet="abc-_.~%0123456789", min_size=1, max_size=5000),
)
values = st.one_of(
    st.sampled_from(["1", "0", "-1", "999999", "abc", "1e3", "", "2", "last", "9" * 40]),
    raw_text,
    st.binary(max_size=32).map(lambda data: data.decode("latin-1")),
)
methods = st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"])


class UrlFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        story = make_article(
            slug="siversk",
            section=make_section(slug="news"),
            authors=[make_author(slug="olena")],
            tags=["Front line"],
            locations=[Location.objects.get(slug="siversk")],
        )
        Correction.objects.create(article=story, text="A correction.")

    def assert_no_server_error(self, method, path, data=None):
        response = self.client.generic(method, path, data=data or "", content_type="application/x-www-form-urlencoded")
        self.assertLess(response.status_code, 500, f"{method} {path!r}")

    @FUZZ
    @given(pattern=st.sampled_from(PATTERNS), segment=segments, method=methods)
    def test_any_path_answers_without_a_server_error(self, pattern, segment, method):
        self.assert_no_server_error(method, pattern.format(segment))

    @FUZZ
    @given(
        path=st.sampled_from(LISTS),
        params=st.dictionaries(
            st.sampled_from(["q", "page", "p", "from", "to", "utm_source", "x"]), values, max_size=4
        ),
    )
    def test_any_query_string_answers_without_a_server_error(self, path, params):
        query = "&".join(f"{quote(key)}={quote(value, safe='')}" for key, value in params.items())
        self.assert_no_server_error("GET", f"{path}?{query}")

    @FUZZ
    @given(path=st.sampled_from(LISTS + ["/news/siversk/", "/feeds/latest/", "/sitemap.xml"]), method=methods)
    def test_read_only_pages_refuse_writes_politely(self, path, method):
        response = self.client.generic(method, path)
        if method in {"POST", "PUT", "PATCH", "DELETE"}:
            self.assertEqual(response.status_code, 405, f"{method} {path}")
        else:
            self.assertLess(response.status_code, 500)
