"""
Dictionary forms of Ukrainian words, from pymorphy3 and its Ukrainian dictionary (OpenCorpora-style
data from the Ukrainian Brown corpus project), loaded once per process on first use.

"Сіверську", "Сіверська" and "Сіверськ" all have the dictionary form "сіверськ"; an ambiguous
form has several ("Сіверська" is also the adjective "сіверський"), and every one is returned, so
that a search or a gazetteer lookup finds the word whichever reading was meant.
"""

import functools
import re
from typing import NamedTuple

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'"})
CYRILLIC = re.compile(r"[а-яіїєґ]", re.IGNORECASE)
#: The readings of a word worth keeping: pymorphy3 orders them by likelihood. Matching names looks
#: further down the list ("Куп’янська" is first an adjective, and a town's name only later).
MAX_READINGS = 10
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


def name_lemmas(word):
    """
    The dictionary forms of a capitalised word read as a name: its nouns' when it has any
    ("Покровське" is the village, not the adjective покровський that "Покровська" also reads as).
    """
    parses = _parses(word.translate(APOSTROPHES).lower(), MAX_READINGS)
    if parses is None:
        return bare_lemmas(word)
    nouns = [parse.normal_form.replace("'", "") for parse in parses if parse.tag.POS == "NOUN"]
    return list(dict.fromkeys(nouns)) or bare_lemmas(word)


def bare_lemmas(word):
    """A word's dictionary forms without apostrophes: how search stores and queries them."""
    return [form.replace("'", "") for form in lemmas(word)]


def known(word):
    """Whether the Ukrainian dictionary knows the word as written (a whole word, not one half typed)."""
    return bool(CYRILLIC.search(word)) and _analyzer().word_is_known(word.translate(APOSTROPHES).lower())


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


#: Parts of speech of closed classes: a word with such a reading ("Чому", "Серед") is that word.
CLOSED_CLASSES = {"NPRO", "PREP", "CONJ", "PRCL", "INTJ", "NUMR", "PRED"}
#: What marks a reading as a person's name: a first name, a patronymic or a surname.
FIRST_NAME, PERSON = {"Name", "Patr"}, {"Name", "Patr", "Surn"}


class Kinds(NamedTuple):
    """What a word may be, from all its readings (pymorphy3's, likeliest first)."""

    parts_of_speech: frozenset = frozenset()
    person_first: bool = False  # the likeliest reading is a person's name (or surname)
    person_any: bool = False
    first_name_any: bool = False  # a reading is a first name or patronymic ("Тарасові", "Анатолія")
    locative: bool = False  # a reading is the case after "у" or "на"
    adjective: bool = False  # a reading is an adjective ("Хмельницького", "Запорізькому")
    cases: frozenset = frozenset()  # the cases its readings are in ("gent", "loct", "ablt"…)


@functools.lru_cache(maxsize=100_000)
def kinds(word):
    """What a capitalised word may be (Kinds); nothing known for a word that is not Ukrainian."""
    parses = _analyzer().parse(word.translate(APOSTROPHES)) if CYRILLIC.search(word) else []
    if not parses:
        return Kinds()
    grammemes = [parse.tag.grammemes for parse in parses]
    return Kinds(
        parts_of_speech=frozenset(str(parse.tag.POS) for parse in parses),
        person_first=bool(PERSON & grammemes[0]),
        person_any=any(PERSON & each for each in grammemes),
        first_name_any=any(FIRST_NAME & each for each in grammemes),
        locative=any("loct" in each for each in grammemes),
        adjective=any("ADJF" in each for each in grammemes),
        cases=frozenset(str(parse.tag.case) for parse in parses if parse.tag.case),
    )


@functools.lru_cache(maxsize=100_000)
def agree(adjective, word):
    """Whether `adjective` may be an adjective describing `word`: the same case, number and (singular) gender."""
    if not (CYRILLIC.search(adjective) and CYRILLIC.search(word)):
        return False
    described = [p.tag for p in _analyzer().parse(word.lower()) if p.tag.POS in {"NOUN", "ADJF"}]
    for parse in _analyzer().parse(adjective.lower()):
        tag = parse.tag
        if tag.POS != "ADJF":
            continue
        for other in described:
            same_gender = tag.number == "plur" or not other.gender or tag.gender == other.gender
            if tag.case == other.case and tag.number == other.number and same_gender:
                return True
    return False


#: Parts of speech of a place name's words that change with its case: its nouns and adjectives.
DECLINED = {"NOUN", "ADJF"}


@functools.lru_cache(maxsize=10_000)
def inflect(name, case):
    """
    A Ukrainian name in the grammatical case `case` ("gent": "до Донбасу"; "loct": "у Донецькій
    області"), word by word from pymorphy3's dictionary (and its guesses for names it lacks). The
    name's noun takes the case and the adjectives before it agree with it; a noun after it stays
    ("Автономної Республіки Крим"), and so does a word that is neither ("Часів Яр" → "Часів Яру").
    """
    words = name.split(" ")
    readings = [_nominatives(_declined_part(word)) for word in words]
    head = next(
        (
            i
            for i, parses in enumerate(readings)
            if any(p.tag.POS == "NOUN" for p in parses)
            and (i == len(words) - 1 or not any(p.tag.POS == "ADJF" for p in parses))
        ),
        None,
    )
    if head is None:
        return name
    noun = next(p for p in readings[head] if p.tag.POS == "NOUN")
    inflected = [_adjective(parses, noun.tag, case) for parses in readings[:head]]
    return " ".join(
        [_written(word, form) for word, form in zip(words, [*inflected, _noun(noun, case)], strict=False)]
        + words[head + 1 :]
    )


def _declined_part(word):
    """Which part of a hyphenated name takes the case: "Ростов-на-Дону" its first, "Івано-Франківськ" its last."""
    parts = word.split("-")
    return parts[0] if any(part[:1].islower() for part in parts[1:]) else parts[-1]


def _nominatives(word):
    if not CYRILLIC.search(word):
        return []
    parses = _analyzer().parse(word.translate(APOSTROPHES).lower())
    return [p for p in parses if "nomn" in p.tag and p.tag.POS in DECLINED and "Fixd" not in p.tag]


def _forms(parse, case, number):
    return [form for form in parse.lexeme if form.tag.case == case and form.tag.number == number]


def _usual(forms):
    """
    Of a case's several forms, the one a place is usually named in, pymorphy3's own choice first:
    for the locative "у Києві", "у Донбасі", "у Харкові", "у Бахмутському", not "Києву",
    "Донбасові", "Бахмутськім".
    """

    def rank(form):
        word = form.word
        if form.tag.case != "loct" or word.endswith("ому"):
            return 0
        if word.endswith("і"):
            longer = word.endswith(("ові", "еві", "єві")) and any(
                other.word.endswith("і") and len(other.word) < len(word) for other in forms
            )
            return 3 if longer else 1
        return 2 if word.endswith(("у", "ю")) else 4

    return min(forms, key=rank).word if forms else None


def _noun(parse, case):
    """The noun in `case`."""
    first = parse.inflect({case})
    forms = [first] if first else []
    return _usual(forms + _forms(parse, case, parse.tag.number))


def _adjective(parses, noun, case):
    """An adjective agreeing with `noun` in `case`: "у Бахмутському районі"."""
    agreeing = [p for p in parses if p.tag.POS == "ADJF" and (p.tag.number == "plur" or p.tag.gender == noun.gender)]
    if not agreeing:
        return None
    return _usual(
        [f for f in _forms(agreeing[0], case, noun.number) if noun.number == "plur" or f.tag.gender == noun.gender]
    )


def _written(word, form):
    """`form` in place of the declined part of `word`, with its capital and apostrophe as written."""
    part = _declined_part(word)
    if form is None:
        return word
    form = form.replace("'", "’" if "’" in part else "ʼ" if "ʼ" in part else "'")
    form = form[:1].upper() + form[1:] if part[:1].isupper() else form
    return word.replace(part, form, 1)
