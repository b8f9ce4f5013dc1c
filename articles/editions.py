"""
The two editions: English at the root of the site, Ukrainian under /uk/.

Every reader page exists in both (a section, a place, a byline, search, the home page) except a
story, which is written in one language and linked to its translation, and a tag, whose stories
are those of one edition. A view whose page has no twin in the other edition says so with
set_versions(); every other page's twin is the same address in the other edition. The page head
lists the twins as hreflang alternates, and the masthead's switcher leads to the other edition's
twin, or, where there is none, to the closest page that exists there: never to a 404.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

from common.addresses import address

LANGUAGES = [code for code, _name in settings.LANGUAGES]
DEFAULT = settings.LANGUAGE_CODE
#: The switcher's words, each in its own language (a reader who cannot read this page can read them).
SWITCH_TO = {"en": "English", "uk": "Українською"}
#: Open Graph's locale of each edition.
OG_LOCALES = {"en": "en_GB", "uk": "uk_UA"}


def current():
    """The edition of the page being drawn: "en" or "uk"."""
    language = translation.get_language() or DEFAULT
    return language if language in LANGUAGES else DEFAULT


def others(language=None):
    return [code for code in LANGUAGES if code != (language or current())]


def set_versions(request, versions, fallback=None):
    """
    Say which pages are this page in each edition ({language: url}, its own included), and where
    the switcher goes for an edition that has no version of it (`fallback`: {language: url}).
    """
    request.edition_versions = dict(versions)
    request.edition_fallbacks = dict(fallback or {})


def set_page_versions(request, number, has_page):
    """
    Page `number` (> 1) of a list: in each other edition, the same page where that edition's list has
    it (`has_page(language, number)`), else the list's first page there, for the switcher.
    """
    path = request.get_full_path()
    found, fallback = {current(): path}, {}
    chosen = getattr(request, "edition_fallbacks", {})  # a view's own way out (a tag: search) comes first
    for language in others():
        twin = in_language(request, language)
        if has_page(language, number):
            found[language] = twin
        else:
            fallback[language] = chosen.get(language) or without_page(twin)
    set_versions(request, found, fallback)


def without_page(url):
    """The address without its ?page= (the list's first page)."""
    parts = urlsplit(url)
    query = urlencode([(name, value) for name, value in parse_qsl(parts.query) if name != "page"])
    return urlunsplit(parts._replace(query=query))


def versions(request):
    """{language: url} of this page in every edition that has it (hreflang alternates)."""
    if (chosen := getattr(request, "edition_versions", None)) is not None:
        return chosen
    if getattr(request, "resolver_match", None) is None:
        return {}
    # Kept on the request: the page head and the switcher both ask.
    request.edition_versions = {code: in_language(request, code) for code in LANGUAGES}
    return request.edition_versions


def in_language(request, language):
    """This page's address in `language` (django.urls.translate_url's answer, from the match already made)."""
    match = request.resolver_match
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def switch_target(request):
    """(language, url) the switcher offers: this page in the other edition, else the closest that exists."""
    language = others()[0]
    url = versions(request).get(language) or getattr(request, "edition_fallbacks", {}).get(language)
    return language, url or in_edition(language, "articles:home")


def in_edition(language, name, **kwargs):
    """reverse() in another edition (worked out once per process: common.addresses)."""
    return address(name, language, **kwargs)
