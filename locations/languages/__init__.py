"""
The words around place names, one module per language. Detection (locations.detection) knows no
language: it matches folded names, then asks the story's language what the words around each
match make of it — part of another name (a street, a club, a person), the place's region, its
government, a place abroad. Each language module defines the same names (see `en`):

- word sets: STOP_NAMES, NOT_PLACES, FIRST_NAMES, INSIDE_A_NAME, INSIDE_A_TITLE, CLUBS, RIVERS,
  NOT_THE_RIVER, REGION_WORDS, REGION_LISTS, CAPITALS, GOVERNMENT_VERBS, AUXILIARIES,
  SETTLEMENT_WORDS, ABROAD, FORMER_NAME_CUES (word tuples), and the single words THE, A, AND, IN, OF, BORDER, OBLAST;
- lemma(word): a word's dictionary form, for reading the words around a name; readings(word): all
  of them, for matching names. English returns the word; Ukrainian, whose place names inflect ("у
  Сіверську", "під Покровськом", "на Донеччині"), the forms pymorphy3's Ukrainian dictionary gives;
- PLACING (words that place a name in a region), REGION_MAY_FOLLOW, NAMES_CAPITALISED,
  INSIDE_AFTER (words before a name that make it part of another: "вулиця Шевченка") and
  SETTLEMENT_BEFORE ("с. Долина": a settlement's name, even when it is also a common word);
- where NAMES_CAPITALISED, what locations.detection.evidence weighs a one-word name by:
  kinds(word) (its readings), CLOSED_CLASSES, commonness(word) (Zipf), SPATIAL_BEFORE.
"""

from . import en, uk

LANGUAGES = {"en": en, "uk": uk}
DEFAULT = "en"


def rules(language=None):
    """The rules of `language` (a code such as "en"), or of the default language."""
    return LANGUAGES.get((language or DEFAULT).split("-")[0], LANGUAGES[DEFAULT])


def of_text(text):
    """The language a text is written in, as far as its letters tell: Ukrainian when most are Cyrillic."""
    cyrillic = sum(1 for letter in text if "\u0400" <= letter <= "\u04ff")
    latin = sum(1 for letter in text if letter.isascii() and letter.isalpha())
    return "uk" if cyrillic > latin else DEFAULT


def all_not_places():
    """Phrases of every language that contain a place name but are not places."""
    return {phrase for module in LANGUAGES.values() for phrase in module.NOT_PLACES}
