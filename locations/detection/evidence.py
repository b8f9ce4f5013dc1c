"""
Whether a word that matched a place's name is that name, in a language that writes names with a
capital letter (Ukrainian). The capital is the first sign, but it says nothing at the start of a
sentence, and many villages bear the names of ordinary words and of people ("Чому", "Серед",
"Тамара", "Шевченка"). So a one-word match is weighed on general evidence, each a few points:

- for: the capital, inside a sentence (at its start it says nothing);
- against: it may be a closed-class word (a pronoun, a preposition…);
  its likeliest reading is a person's name; it is far more common as a word than a place of its
  size would be named (a frequency list of the language against the place's population);
- for: a word for a settlement before it ("с.", "смт", "місто"); a preposition of place before it,
  the stronger when the word reads as the case that follows it ("у Лимані").

A match whose evidence falls below zero is not a mention; what remains lowers the confidence.
The weights are round numbers checked on the project's own passages and the corpus's development
half (`make eval-places`): none is fitted to either.
"""

import math

from ..models import Location, fold_name

#: A place mentioned in the news is about this much rarer as a word than ten times its population
#: (Kramatorsk, 150,000 people, Zipf 3.7; Siversk, 11,000, Zipf 1.8; Kyiv, 3 million, Zipf 5.5).
EXPECTED_ZIPF_BELOW_LOG_POPULATION = 1.5
#: How much more common than that a word may be before it counts against the name.
COMMON_MARGIN = 1.0
#: A settlement this small, named with no word of place before it, is more likely a person when its name can be one.
SMALL_PLACE = 10_000
CAPITAL_INSIDE_A_SENTENCE = 1.0
ALL_CAPITALS = -1.0
CLOSED_CLASS = -4.0
PERSON_FIRST = -1.0
PERSON_ANY = -0.5
PERSON_UNPLACED = -1.0
ADJECTIVE_BEFORE_A_WORD = -1.5
ONLY_ANOTHER_NAME = -1.0
#: The most words a quoted title holds («Наші гроші. Львів»); a longer quotation is someone's words.
TITLE_WORDS = 5
AFTER_A_FIRST_NAME = -2.0
IN_A_TITLE = -2.0
SETTLEMENT_WORD = 4.0
PLACING_PREPOSITION = 1.5
SPATIAL_PREPOSITION = 1.0
LOCATIVE_AFTER_PLACING = 1.0
#: Opening punctuation skipped when looking for the end of the sentence before a word.
OPENERS = " \t«\"„“‘'(—–-"
SENTENCE_ENDS = ".!?…:\n"


def starts_sentence(words, i):
    """Whether word `i` opens a sentence (or a line, a quotation, a dialogue's turn)."""
    before = words.text[: words.spans[i][0]].rstrip(OPENERS)
    return not before or before[-1] in SENTENCE_ENDS


def weight(words, i, key, candidates, index, lang, found):
    """
    The evidence that the one word at `i`, matching places `candidates` as `key`, names a place (0
    is neutral); `found`: the names found before it.
    """
    original = words[i][1]
    kinds = lang.kinds(original)
    if original.isupper() and len(original) > 1:
        evidence = ALL_CAPITALS  # "ПИТИМУ", "ГОСТи": shouting or an acronym, not a name's capital
    else:
        evidence = 0.0 if starts_sentence(words, i) or not original[1:].islower() else CAPITAL_INSIDE_A_SENTENCE
    if kinds.parts_of_speech & lang.CLOSED_CLASSES:
        evidence += CLOSED_CLASS
    excess = _more_common_than_its_place(original, candidates, index, lang)
    evidence -= max(0.0, excess - COMMON_MARGIN)
    placed = _placed(words, i, kinds, lang) or _listed_after_a_place(words, i, found, lang)
    if placed < SETTLEMENT_WORD and kinds.adjective and _describes_the_next_word(words, i, lang):
        # "у Запорізькому університеті" is not the village Запорізьке: the preposition is the noun's.
        evidence, placed = evidence + ADJECTIVE_BEFORE_A_WORD, 0.0
    former = all(index.is_former(key, pk) and not index.owns(key, pk) for pk in candidates)
    small = max((index.place(pk).size for pk in candidates), default=0) < SMALL_PLACE
    if kinds.person_any and (excess > COMMON_MARGIN or former or (small and not placed)):
        # "Романові", "Станіслава", "Сталіну": a person, unless the place accounts for how common
        # the word is ("Львова") or the words before say a place.
        evidence += (PERSON_FIRST if kinds.person_first else PERSON_ANY) + (0.0 if placed else PERSON_UNPLACED)
    if _after_a_first_name_or_initial(words, i, lang) or _before_a_surname(words, i, kinds):
        evidence += AFTER_A_FIRST_NAME  # "Владислав Виноградов", "С. Кравченка"
    if _in_a_quoted_title(words, i):
        evidence += IN_A_TITLE  # «Наші гроші. Львів», «Рівне вечірнє»
    if former:
        evidence += ONLY_ANOTHER_NAME  # "Сталіну": Donetsk's name until 1924
    return evidence + placed


def _placed(words, i, kinds, lang):
    """The evidence of the word before: a settlement word, or a preposition of place."""
    previous = fold_name(words[i - 1][1]) if i > 0 else ""
    if previous in lang.SETTLEMENT_BEFORE:
        return SETTLEMENT_WORD
    if previous in lang.PLACING:
        return PLACING_PREPOSITION + (LOCATIVE_AFTER_PLACING if kinds.locative else 0.0)
    if previous in lang.WITH and not kinds.cases & {"gent"}:
        return 0.0  # "з Марією": with someone; "з Херсона" (genitive): from a place
    return SPATIAL_PREPOSITION if previous in lang.SPATIAL_BEFORE else 0.0


def _after_a_first_name_or_initial(words, i, lang):
    """Whether the word before is a first name ("Орест Борко") or an initial ("С. Кравченка")."""
    if i == 0:
        return False
    previous = words[i - 1][1]
    gap = words.text[words.spans[i - 1][1] : words.spans[i][0]]
    if len(previous) == 1 and previous.isupper() and gap.strip() == ".":
        return True
    if not gap.strip() and words[i - 1][0] in lang.PERSON_TITLES:
        return True  # "святого Миколая", "пані Білку"
    return not gap.strip() and previous[:1].isupper() and lang.kinds(previous).first_name_any


def _before_a_surname(words, i, kinds):
    """Whether a person's name is followed by another capitalised word: "Станіславу Савіну"."""
    if i + 1 >= len(words) or not kinds.person_any:
        return False
    gap = words.text[words.spans[i][1] : words.spans[i + 1][0]]
    return not gap.strip() and words[i + 1][1][:1].isupper()


def _in_a_quoted_title(words, i):
    """Whether the word stands inside «…» with other words: a newspaper's, a book's or a firm's name."""
    before, after = words.text[: words.spans[i][0]], words.text[words.spans[i][1] :]
    opened, closed = before.rfind("«"), after.find("»")
    if opened < before.rfind("»") or opened < 0 or closed < 0:
        return False
    inside = f"{before[opened + 1 :]} {after[:closed]}".split()
    return 0 < len([word for word in inside if any(character.isalpha() for character in word)]) < TITLE_WORDS


def _listed_after_a_place(words, i, found, lang):
    """ "у Рівному, Луцьку і Полтаві": a name listed right after a place counts as placed as it is."""
    if not found or found[-1].end > i or i - found[-1].end > 1:
        return 0.0
    between = words.text[words.spans[found[-1].end - 1][1] : words.spans[i][0]].strip()
    joined = between in {",", ""} and (i == found[-1].end or words[i - 1][0] in lang.LIST_CONJUNCTIONS)
    return SPATIAL_PREPOSITION if joined else 0.0


def _describes_the_next_word(words, i, lang):
    """Whether a lowercase word it agrees with follows with nothing but a space between: the adjective's noun."""
    if i + 1 >= len(words):
        return False
    between = words.text[words.spans[i][1] : words.spans[i + 1][0]]
    following = words[i + 1][1]
    return not between.strip() and following[:1].islower() and lang.agree(words[i][1], following)


def _more_common_than_its_place(word, candidates, index, lang):
    """How much more common the word is than a settlement of the largest candidate's size would be named (Zipf)."""
    if any(index.place(pk).kind != Location.Kind.SETTLEMENT for pk in candidates):
        return -math.inf  # a region's or an area's name ("Донбас") is not weighed by a population
    population = max((index.place(pk).size for pk in candidates), default=0)
    expected = math.log10(max(population, 10)) - EXPECTED_ZIPF_BELOW_LOG_POPULATION
    return lang.commonness(word) - expected
