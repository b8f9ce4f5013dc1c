"""
Reading a text's words and looking names up: each word folded as written and in its dictionary
forms, and the places a run of words names, as written first, then through those forms.
"""

import re
from dataclasses import dataclass

from .. import languages
from ..models import combinations, fold_name
from .index import NOT_A_PLACE

WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)
POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)


class Words(list):
    """[(folded, original)] with .spans: where each word stands in the text, (start, end)."""

    def __init__(self, words=(), spans=(), text=""):
        super().__init__(words)
        self.spans, self.text = list(spans), text


def tokenize(text, lang=None):
    """
    The text's words with their original spelling, possessives removed: [(folded, original)]; the
    folded form is the language's dictionary form (an inflected Ukrainian name, once lemmatised,
    matches the name as the gazetteer holds it).
    """
    lemma = (lang or languages.rules()).lemma
    words = Words(text=text)
    for match in WORD.finditer(text):
        original = POSSESSIVE.sub("", match.group())
        words.append((fold_name(lemma(original)), original))
        words.spans.append((match.start(), match.start() + len(original)))
    return words


@dataclass
class Found:
    """A name matched in the text: its candidate places, where it stands and how it reads."""

    candidates: set
    text: str
    key: tuple
    start: int
    end: int
    as_government: bool = False
    #: Why the candidates were narrowed by the words around the name: PLACED ("in Y Oblast") or AS_REGION.
    narrowed: str = ""
    namesakes: int = 0  # how many places bear the name, before the words around it narrowed them
    evidence: float | None = None  # for a one-word name in a language that capitalises names: see .evidence


def lookup(words, readings, i, length, index):
    """
    The places named by the `length` words from `i`: (key, candidates), or (key, None). The words as
    written first, then, for an inflected language, every combination of their dictionary forms
    ("у Сіверську": сіверськ or сіверський). A match through dictionary forms needs an inflected
    text: words already in their dictionary form that only another form of a name matches are not
    that name ("Харківський" is not the village Харківське, "Тарас Шевченко" not the village Тараса
    Шевченка).
    """
    surface = tuple(readings.surface[i : i + length])
    candidates = index.names.get(surface)
    uninflected = all(forms == (word,) for forms, word in zip(readings[i : i + length], surface, strict=True))
    if candidates or uninflected:
        return surface, candidates
    if not index.first_words.intersection(readings[i]):
        return surface, None
    keys = combinations(readings[i : i + length])
    # Every reading's places, together ("Львова": Lviv, or the village Львове): the article decides.
    matched = [key for key in keys if key != surface and index.dictionary.get(key)]
    if not matched:
        return surface, None
    candidates = set().union(*(index.dictionary[key] for key in matched))
    if NOT_A_PLACE in candidates:
        return matched[0], {NOT_A_PLACE}
    return Readings(matched), candidates


class Readings(tuple):
    """The first of several readings of a name that matched (a key), carrying them all."""

    def __new__(cls, keys):
        key = super().__new__(cls, keys[0])
        key.readings = list(keys)
        return key


class WordReadings(list):
    """Each word's dictionary forms; .surface: each word folded as written."""

    def __init__(self, readings, surface):
        super().__init__(readings)
        self.surface = surface
