"""
What the words around a matched name make of it (the words themselves are each language's, in
locations.languages): part of another name (a street, a river, a club, a person), its region
("Kostiantynivka in Zaporizhzhia Oblast", "на Харківщині"), its government ("Kyiv said"), a place
abroad, another name of a place just named; and lists of regions ("the Sumy and Chernihiv regions").
"""

from ..models import Location, fold_name
from .matching import Found, lookup
from .reasons import ALSO_NAMED, AS_REGION, PLACED

#: Names this short match only when written with a capital letter.
SHORT_NAME = 4
#: A place's other name yields to a city abroad this many times larger ("Paris", "Hamburg").
BETTER_KNOWN_ABROAD = 10
#: ...and a spelling of its own name only to a city abroad of this many people; its own name, only to
#: a world city this many times larger.
WORLD_CITY = 1_000_000
DWARFED = 100


def region_adjective(words, readings, i, index, lang):
    """ "Харківська обласна рада": a region's adjective before a region word names the oblast."""
    if not next_is(words, i + 1, lang.REGION_WORDS) or not words[i][1][:1].isupper():
        return set()
    return oblast_by_adjective(readings[i], index, lang)


def raion_abbreviated(words, readings, i, index, lang):
    """ "Бахмутський р-н", "у Бахмутському р-ні": a raion's adjective before the abbreviation names the raion."""
    if not lang.RAION_ABBREVIATION or i + 2 >= len(words) or not words[i][1][:1].isupper():
        return set()
    abbreviation = (fold_name(words[i + 1][1]), fold_name(words[i + 2][1]))
    joined = words.text[words.spans[i + 1][1] : words.spans[i + 2][0]] == "-"
    if not joined or abbreviation[0] != lang.RAION_ABBREVIATION[0] or abbreviation[1] not in lang.RAION_ABBREVIATION[1]:
        return set()
    for form in readings[i]:
        raions = {
            pk for pk in index.dictionary.get((form, lang.RAION), ()) if index.place(pk).kind == Location.Kind.DISTRICT
        }
        if raions:
            return raions
    return set()


def oblast_by_adjective(forms, index, lang):
    """The oblast a word names as its adjective ("Сумській" → Сумська область), by any of its forms."""
    for form in forms:
        if regions := regions_among(index.dictionary.get((form, lang.OBLAST), ()), index):
            return regions
    return set()


def next_is(words, position, folded_words):
    return 0 <= position < len(words) and words[position][0] in folded_words


def inside_another_name(words, start, end, lang):
    """A name that is part of another: a street, river, plant or club, a person's surname."""
    if end - start > 1 and (words[start][0] in lang.FIRST_NAMES or _first_name_then_a_word(words, start, lang)):
        return True  # "Тараса Шевченка" is the poet before it is the village named after him
    following = words[end][1] if end < len(words) else ""
    if next_is(words, end, lang.INSIDE_A_NAME):
        return True
    if next_is(words, end, lang.INSIDE_A_TITLE) and following[:1].isupper():
        return True
    if next_is(words, start - 1, lang.CLUBS) or next_is(words, start - 1, lang.INSIDE_AFTER):
        return True  # "Shakhtar Donetsk", "вулиця Шевченка", "річка Оскіл"
    if next_is(words, start - 1, lang.FIRST_NAMES) and words[start - 1][1][:1].isupper():
        return True  # "Taras Shevchenko", "Lesia Ukrainka", "Bohdan Khmelnytskyi"
    if end - start == 1 and words[start][0] in lang.RIVERS and next_is(words, start - 1, {lang.THE}):
        return not next_is(words, end, lang.NOT_THE_RIVER)
    return False


def _first_name_then_a_word(words, start, lang):
    """ "Тарасові Шевченку": a first name, then another word ("Івано-Франківськ" is one word with a hyphen)."""
    gap = words.text[words.spans[start][1] : words.spans[start + 1][0]] if words.text else " "
    return not gap.strip() and lang.kinds(words[start][1]).first_name_any


def in_context(item, words, readings, index, lang):
    """What the words around a name make of it: its region, its government, or a place abroad."""
    start, end = item.start, item.end
    item.candidates = not_better_known_abroad(item.key, item.candidates, index)
    item.namesakes = len(item.candidates)
    if lang.COLLOQUIAL_REGIONS and len(item.key) == 1 and (regions := regions_among(item.candidates, index)):
        item.candidates, item.narrowed = regions, AS_REGION  # "на Харківщині": the oblast, not the village
        return item
    if len(item.candidates) > 1 and (region := region_named_after(words, readings, end, index, lang)):
        # "Kostiantynivka in Zaporizhzhia Oblast", "Novoselivka, in the Kharkiv region"
        inside = {pk for pk in item.candidates if index.place(pk).region in region}
        if inside:
            item.candidates, item.narrowed = inside, PLACED
    if next_is(words, end, lang.REGION_WORDS) and (region := region_of(item.key, index, lang)):
        item.candidates, item.narrowed = region, AS_REGION
    elif item.key[-1] in lang.CAPITALS and _subject(words[end - 1][1], lang) and government_acts(words, end, lang):
        item.as_government = True
    elif placed_abroad(words, start, end, lang):
        item.candidates = {pk for pk in item.candidates if index.place(pk).abroad}
    return item


def _subject(word, lang):
    """Whether the word may be the subject of a verb: "Київ заявив", not "прокуратура Києва заявила"."""
    cases = lang.kinds(word).cases
    return not cases or "nomn" in cases


def not_better_known_abroad(key, candidates, index):
    """
    Drop candidates known by this name only as another name when a city abroad of that name is far
    larger: a former name ("Paris" is not Veselyi Kut, "Hamburg" not Priamobalka), or a spelling of
    the place's own name when the city abroad is a world city ("Alexandria" is not Oleksandriia),
    and even its own name when that world city dwarfs it ("у Ростові" is Rostov-on-Don, not the
    village Ростов in Sumy Oblast; "у Парижі" Paris). "Odessa" stays Odesa, "Seversk" Siversk, and
    "Artemivsk" Bakhmut.
    """
    abroad = index.abroad.get(key, 0)
    if not abroad:
        return candidates

    def kept(pk):
        if index.owns(key, pk):
            return abroad < WORLD_CITY or abroad < DWARFED * max(index.place(pk).population, 1)
        if not index.is_former(key, pk) and abroad < WORLD_CITY:
            return True
        return abroad < BETTER_KNOWN_ABROAD * max(index.place(pk).population, 1)

    return {pk for pk in candidates if kept(pk)}


def government_acts(words, position, lang):
    """Whether the words from `position` on make the name before them the subject of a government's act."""
    if next_is(words, position, {lang.AND}) and position + 1 < len(words) and words[position + 1][1][:1].isupper():
        position += 2  # "Kyiv and Washington agreed"
    while next_is(words, position, lang.AUXILIARIES):
        position += 1
    return next_is(words, position, lang.GOVERNMENT_VERBS)


def placed_abroad(words, start, end, lang):
    """ "Popivka, a village in Russia's Kursk region", "the Russian border town of Shebekino"."""
    after = [word for word, _original in words[end : end + 5]]
    for position, word in enumerate(after[:3]):
        if word in lang.SETTLEMENT_WORDS and after[position + 1 : position + 2] == [lang.IN]:
            return position + 2 < len(after) and after[position + 2] in lang.ABROAD
    # [Russia's | Russian] [border] village|town|city [of] X — not "the Russian-occupied town of X".
    before = [word for word, _original in words[max(0, start - 4) : start]]
    if before[-1:] == [lang.OF]:
        before.pop()
    if not before or before.pop() not in lang.SETTLEMENT_WORDS:
        return False
    if before[-1:] == [lang.BORDER]:
        before.pop()
    return before[-1:] != [] and before[-1] in lang.ABROAD


def region_named_after(words, readings, position, index, lang):
    """The oblasts named by "in [a village in] [the] X Oblast|region" from `position` on, or an empty set."""
    if next_is(words, position, {lang.A}) and next_is(words, position + 1, lang.SETTLEMENT_WORDS):
        position += 2
    if next_is(words, position, lang.PLACING):
        position += 1 + next_is(words, position + 1, {lang.THE})
    elif not lang.REGION_MAY_FOLLOW:
        return set()
    for length in (3, 2, 1):
        if position + length > len(words):
            continue
        key, candidates = lookup(words, readings, position, length, index)
        if regions := regions_among(candidates or (), index):
            return regions
    return set()


def region_of(key, index, lang):
    """The oblast named after a place name ("Kharkiv" -> Kharkiv Oblast), as a candidate set."""
    return regions_among(index.names.get((*key, lang.OBLAST), ()), index)


def regions_among(candidates, index):
    return {pk for pk in candidates if index.place(pk).kind == Location.Kind.REGION}


def read_region_lists(found, words, index, lang):
    """ "the Sumy and Chernihiv regions", "Kharkiv, Sumy and Chernihiv oblasts": each is an oblast."""
    by_end = {item.end: item for item in found}
    for position, (word, _original) in enumerate(words):
        if word not in lang.REGION_LISTS:
            continue
        end = position
        while (item := by_end.get(end)) is not None:
            if region := region_of(item.key, index, lang):
                item.candidates, item.narrowed = region, AS_REGION
            item.as_government = False
            end = item.start - 1 if next_is(words, item.start - 1, {lang.AND}) else item.start


def read_adjective_lists(found, words, readings, index, lang):
    """ "у Сумській і Чернігівській областях": the adjectives before a matched oblast name oblasts too."""
    if not lang.LIST_CONJUNCTIONS:
        return
    for item in list(found):
        if len(item.key) < 2 or item.key[-1] != lang.OBLAST or not regions_among(item.candidates, index):
            continue
        position = item.start - 1
        while position >= 0:
            if words[position][0] in lang.LIST_CONJUNCTIONS:
                position -= 1
                continue
            region = oblast_by_adjective(readings[position], index, lang)
            if not region:
                break
            key = (words[position][0], lang.OBLAST)
            found.append(Found(region, words[position][1], key, position, position + 1, narrowed=AS_REGION))
            position -= 1


def read_former_names(found, words, lang):
    """
    "Niu-York, renamed from Novhorodske", "Bakhmut (formerly Artemivsk)": the second name is the
    first place's other name, not a place of its own, whoever else bears it today.
    """
    for position, item in enumerate(found):
        cue = max((len(c) for c in lang.FORMER_NAME_CUES if words_before(words, item.start, len(c)) == c), default=0)
        if not cue or position == 0:
            continue
        named = found[position - 1]
        if item.start - cue - named.end > 3:  # "X, a town near Y that was formerly Z" is too far to tell
            continue
        same = item.candidates & named.candidates
        item.candidates, item.narrowed = (same, ALSO_NAMED) if same else (set(), "")


def words_before(words, position, count):
    return tuple(word for word, _original in words[max(0, position - count) : position])


def not_a_mention(words, i, original, lang):
    """A one-word name that is really a lowercase word, a first name before a surname, or a club's."""
    word = words[i][0]
    if len(word) <= SHORT_NAME and (not original[:1].isupper() or original.isupper()):
        return True  # a lowercase word, or an acronym: "as", "AS", "PORT"
    if lang.NAMES_CAPITALISED and (not original[:1].isupper() or fold_name(original) in lang.STOP_NAMES):
        return True  # in Ukrainian a name has its capital; "Добре" opening a sentence is a word
    following = words[i + 1][1] if i + 1 < len(words) else ""
    return (word in lang.FIRST_NAMES or word in lang.CLUBS) and following[:1].isupper()
