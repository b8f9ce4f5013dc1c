"""
Page addresses, worked out once per process. reverse() walks the URL patterns every time (and for
another edition, switches the locale to do it), while pages name the same addresses over and over:
the menu, the cards' sections, a story linked from every list it is in. An address depends only on
the pattern's name and arguments, the language (the /uk/ prefix) and the prefix the site is served
under, which make the memo's key; URL patterns changed in a test (ROOT_URLCONF) empty it.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import translation

#: Addresses remembered per process (a few megabytes at most); the least recently used go first.
ADDRESSES = 20_000


def address(name, language=None, **kwargs):
    """reverse(name, kwargs=kwargs) in `language`'s edition (else the language being drawn)."""
    language = language or translation.get_language()
    return _address(get_script_prefix(), language, name, tuple(sorted(kwargs.items())))


@functools.lru_cache(maxsize=ADDRESSES)
def _address(prefix, language, name, kwargs):
    with translation.override(language):
        return reverse(name, kwargs=dict(kwargs) or None)


@receiver(setting_changed)
def _patterns_changed(setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _address.cache_clear()
