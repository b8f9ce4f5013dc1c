"""
Finding the places a story mentions, in the language it is written in.

Every name of every place (PlaceName) is folded the same way as the story's words, and in the
dictionary forms of the story's language, and looked up by word sequences, longest first, so
"Donetsk region" beats "Donetsk" and "Chasiv Yar" is one place (index, matching). The words around
each match then decide what it is (context; locations.languages holds the words per language): part
of another name, its region, its government, a place abroad. A name shared by several places is
settled by the story itself (namesakes), and each Mention says how sure it is and why (reasons).
"""

from django.utils.html import strip_tags

from .. import languages
from ..models import Location, fold_name
from .context import (
    in_context,
    inside_another_name,
    not_a_mention,
    raion_abbreviated,
    read_adjective_lists,
    read_former_names,
    read_region_lists,
    region_adjective,
)
from .evidence import weight
from .index import MAX_WORDS, NOT_A_PLACE, current_index
from .matching import Found, WordReadings, lookup, tokenize
from .namesakes import resolve
from .reasons import AS_REGION, Mention

__all__ = ["Mention", "detect", "detect_in_article", "suggestions"]

#: Places too broad to suggest: every story is about them.
NEVER_SUGGESTED_KINDS = {Location.Kind.COUNTRY}
#: Suggestions less sure than this are not shown: on the lang-uk corpus's dev half, fewer than
#: seven in ten of them were places at all (`make eval-places NER_UK=…`, "calibration").
MIN_CONFIDENCE = 0.4


def detect_in_article(headline, standfirst, body, *, language):
    """
    Places worth suggesting for a story written in `language` (its code; "" or None when the story
    has none yet: the language its text is written in), from its headline, standfirst and body.
    """
    return suggestions(" \n ".join([headline or "", standfirst or "", strip_tags(body or "")]), language)


def suggestions(text, language):
    """
    Everything detect() finds in `text` as a place, except whole countries and what it is barely
    sure of; a capital named only as its government ("Kyiv said") is not suggested.
    """
    mentions = detect(text, language)
    return [
        m
        for m in mentions
        if m.count and m.location.kind not in NEVER_SUGGESTED_KINDS and m.confidence >= MIN_CONFIDENCE
    ]


def detect(text, language):
    """
    Places mentioned in `text` (plain text or HTML) written in `language` (a code; "" or None: the
    language the text is written in), the surest first: [Mention].
    """
    text = strip_tags(text)
    index, lang = current_index(), languages.rules(language or languages.of_text(text))
    words = tokenize(text, lang)
    readings = WordReadings(
        [tuple(fold_name(form) for form in lang.readings(original)) for _word, original in words],
        surface=[fold_name(original) for _word, original in words],
    )
    found = _names(words, readings, index, lang)
    read_region_lists(found, words, index, lang)
    read_adjective_lists(found, words, readings, index, lang)
    read_former_names(found, words, lang)
    return resolve([item for item in found if item.candidates], index, words.spans)


def _names(words, readings, index, lang):
    """Every place name in the words, longest first where names overlap, read in its context: [Found]."""
    found = []
    i = 0
    while i < len(words):
        if region := region_adjective(words, readings, i, index, lang):
            found.append(Found(region, words[i][1], (words[i][0], lang.OBLAST), i, i + 1, narrowed=AS_REGION))
            i += 1
            continue
        if raion := raion_abbreviated(words, readings, i, index, lang):
            found.append(Found(raion, words[i][1], (words[i][0], lang.RAION), i, i + 1, narrowed=AS_REGION))
            i += 3  # the adjective, "р" and "н"
            continue
        if readings.surface[i] not in index.first_surface and index.first_words.isdisjoint(readings[i]):
            i += 1  # no name starts with this word, as written or in any dictionary form
            continue
        for length in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key, candidates = lookup(words, readings, i, length, index)
            if candidates:
                original = " ".join(orig for _word, orig in words[i : i + length])
                if not _may_be_a_name(words, i, length, key, original, lang):
                    continue
                if candidates != {NOT_A_PLACE} and not inside_another_name(words, i, i + length, lang):
                    item = in_context(Found(candidates, original, key, i, i + length), words, readings, index, lang)
                    if length == 1 and lang.NAMES_CAPITALISED and not item.narrowed:
                        item.evidence = weight(words, i, key, item.candidates, index, lang, found)
                    if item.evidence is None or item.evidence >= 0:
                        found.append(item)
                i += length
                break
        else:
            i += 1
    return found


def _may_be_a_name(words, i, length, key, original, lang):
    """Whether the words may be a name as written: in Ukrainian it has its capital; one word is not a common one."""
    if lang.NAMES_CAPITALISED and not original[:1].isupper():
        return False
    if length > 1:
        return True
    if i > 0 and fold_name(words[i - 1][1]) in lang.SETTLEMENT_BEFORE:
        return True  # "с. Долина", "у м. Щастя": a settlement, even when its name is a common word
    return key[0] not in lang.STOP_NAMES and not not_a_mention(words, i, original, lang)
