"""
Dictionary forms of Ukrainian words, from pymorphy3 and its Ukrainian dictionary (OpenCorpora-style
data from the Ukrainian Brown corpus project), loaded once per process on first use.

"Сіверську", "Сіверська" and "Сіверськ" all have the dictionary form "сіверськ"; an ambiguous
form has several ("Сіверська" is also the adjective "сіверський"), and every one is returned, so
that a search or a gazetteer lookup finds the word whichever reading was meant.
"""

import functools
import re

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)
#: The readings of a word worth keeping: pymorphy3 orders them by likelihood. Matching names looks
#: further down the list ("Куп’янська" is first an adjective, and a town's name only later).
MAX_READINGS = 3
MAX_NAME_READINGS = 6


@functools.cache
def _analyzer():
    import pymorphy3  # Loaded on first use: English-only processes never pay for it.

    return pymorphy3.MorphAnalyzer(lang="uk")


def _parses(word, limit):
    """A Cyrillic word's likeliest `limit` readings, nouns first ("Сіверську" is a case of the town
    Сіверськ before it is the adjective сіверський); None for any other word."""
    if not CYRILLIC.search(word):
        return None
    return sorted(_analyzer().parse(word)[:limit], key=lambda parse: parse.tag.POS != "NOUN")


@functools.lru_cache(maxsize=100_000)
def lemmas(word):
    """The dictionary forms of a Ukrainian word, lowercase, most likely first: a tuple."""
    word = word.translate(APOSTROPHES).lower()
    parses = _parses(word, MAX_READINGS)
    if parses is None:
        return (word,)
    return tuple(dict.fromkeys(parse.normal_form for parse in parses)) or (word,)


def bare_lemmas(word):
    """A word's dictionary forms without apostrophes: how search stores and queries them."""
    return [form.replace("'", "") for form in lemmas(word)]


def lemma(word):
    """The likeliest dictionary form of a word (a noun's, when it may be one)."""
    return lemmas(word)[0]


#: Parts of speech that agree with their noun in gender and number: a village named Запорізьке is
#: neuter, and "Запорізька АЕС" (feminine) does not name it.
AGREEING = {"ADJF", "PRTF"}


@functools.lru_cache(maxsize=100_000)
def readings(word):
    """
    The dictionary forms of a word for matching names, most likely first, nouns before adjectives;
    an adjective's with its gender or number ("запорізький:femn"): a tuple.
    """
    word = word.translate(APOSTROPHES).lower()
    parses = _parses(word, MAX_NAME_READINGS)
    if parses is None:
        return (word,)
    forms = []
    for parse in parses:
        agreement = parse.tag.gender or parse.tag.number if parse.tag.POS in AGREEING else None
        forms.append(f"{parse.normal_form}:{agreement}" if agreement else parse.normal_form)
    return tuple(dict.fromkeys(forms)) or (word,)
