"""
Tag names as editors type them: one tag per idea whatever the case, spacing, Unicode form or
script of a look-alike letter, and a readable Latin slug for every name.
"""

import hashlib
import unicodedata

from common.text import latin_slug

# Latin letters that look like Cyrillic ones (after case folding), mapped to one shape, so that
# "Мобiлiзацiя" typed with a Latin "i" is seen as the Cyrillic "Мобілізація".
_LOOK_ALIKES = str.maketrans(
    {"а": "a", "в": "b", "е": "e", "є": "e", "і": "i", "ї": "i", "к": "k", "м": "m", "н": "h", "о": "o",
     "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ј": "j", "ԁ": "d", "ӏ": "l"}
)  # fmt: skip


def clean_name(name):
    """The name as stored: Unicode NFC, no outer spaces, single spaces inside."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def tag_key(name):
    """What makes two names the same tag: the clean name, case folded."""
    return clean_name(name).casefold()


def look_alike_key(name):
    """Two names with the same look-alike key differ only in letters that look the same."""
    return tag_key(name).translate(_LOOK_ALIKES)


def tag_slug(name, max_length=90):
    """
    A readable Latin slug for any name: Ukrainian by the official KMU 2010 romanisation
    (Київ → kyiv, Мобілізація → mobilizatsiia), every other script through anyascii, and a short
    hash when nothing readable is left.
    """
    return latin_slug(clean_name(name), max_length=max_length, fallback=_hashed_slug(name))


def _hashed_slug(name):
    return "tag-" + hashlib.sha1(tag_key(name).encode()).hexdigest()[:8]


def one_edit_apart(a, b):
    """True when a becomes b by one insertion, deletion or substitution (a typo), and a != b."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] if len(a) == len(b) else a[i:] == b[i + 1 :]
