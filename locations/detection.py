"""
Finding the places an article mentions.

Every name of every place (PlaceName) is folded the same way as the article's words (and the
words brought to their dictionary form by the story's language) and looked up in a dictionary
keyed by word sequences, longest first, so "Donetsk region" beats "Donetsk" and "Chasiv Yar" is
one place. The words around each match then decide what it is (locations.languages holds them per
language): part of another name, its region, its government, a place abroad. A name shared by
several places is settled by the article itself: the one in the oblast the text names, then one
in the same oblast as, or near, places the article names unambiguously; otherwise the most
populous, with a low confidence. Each Mention says how sure it is and why.
"""

import copy
import gzip
import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db.models import Count, Max
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import languages
from .geo import km as _km
from .models import Location, PlaceName, combinations, dictionary_keys, fold_name

MAX_WORDS = 5
#: Names this short match only when written with a capital letter.
SHORT_NAME = 4
NOT_A_PLACE = 0
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)
POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)
NEARBY_KM = 120
HOME_COUNTRY = "ukraine"
WORLD_PLACES = Path(__file__).resolve().parent / "data" / "world_places.tsv.gz"
#: A place's other name yields to a city abroad this many times larger ("Paris", "Hamburg").
BETTER_KNOWN_ABROAD = 10
#: ...and a spelling of its own name only to a city abroad of this many people.
WORLD_CITY = 1_000_000


@dataclass
class Mention:
    location: Location
    count: int
    names: list = field(default_factory=list)
    #: Mentions of a capital standing for its government ("Kyiv said"), counted apart from `count`.
    as_government: int = 0
    #: How sure the detector is that the story names this place (0-1), and why, for the editor.
    confidence: float = 0.0
    reasons: list = field(default_factory=list)


class Place(NamedTuple):
    """What detection knows of a place, kept in memory for every place."""

    region: int  # the oblast (or the place itself, for a country or an oblast)
    latitude: float
    longitude: float
    population: int
    kind: str
    abroad: bool
    district: int = None  # the raion (or the place itself, for a raion)
    hromada: str = None  # the codifier's hromada, from the place's KATOTTG code


UNKNOWN = Place(None, None, None, 0, None, False)
#: A KATOTTG code ("UA14020070010064896") starts with its oblast, raion and hromada: UA 14 02 007.
HROMADA_PREFIX = 9


class _Index:
    def __init__(self):
        self.names = defaultdict(set)  # tuple of folded words -> {location id}
        self.places = {}  # id -> Place
        self.abroad = None  # folded words -> population of the largest city abroad of that name
        self.version = None

    def build(self, version):
        names = defaultdict(set)
        dictionary = defaultdict(set)  # the same, in Ukrainian names' dictionary forms
        self.former = set()  # (words, location id) where the name is a former or unrelated name
        places, self.own_names = {}, set()  # (words, location id) for each place's own current name
        home = Location.objects.filter(kind=Location.Kind.COUNTRY, slug=HOME_COUNTRY).values_list("pk", flat=True)
        home = {str(pk) for pk in home}
        ukrainian_names = {}
        for pk, name, name_uk, path, latitude, longitude, population, kind, code in Location.objects.values_list(
            "pk", "name", "name_uk", "path", "latitude", "longitude", "population", "kind", "code"
        ).iterator(chunk_size=5000):
            parts = path.strip("/").split("/")
            region = int(parts[1]) if len(parts) > 2 else pk
            abroad = parts[0] not in home
            district = pk if kind == Location.Kind.DISTRICT else int(parts[2]) if len(parts) > 3 else None
            hromada = code[:HROMADA_PREFIX] if code and len(code) > HROMADA_PREFIX and code[2:].isdigit() else None
            places[pk] = Place(
                region, _float(latitude), _float(longitude), population or 0, kind, abroad, district, hromada
            )
            self.own_names.add((tuple(fold_name(name).split()), pk))
            if name_uk:
                ukrainian_names[pk] = name_uk
        rows = PlaceName.objects.values_list("location_id", "name", "folded", "dictionary", "is_variant")
        for location_id, name, folded, forms, is_variant in rows.iterator(chunk_size=5000):
            words = tuple(folded.split())
            if not 0 < len(words) <= MAX_WORDS:
                continue
            names[words].add(location_id)
            # A Ukrainian name also in its dictionary forms (kept with the name), which inflected text is read in.
            keys = [tuple(line.split()) for line in forms.splitlines() if line]
            for key in keys:
                dictionary[key].add(location_id)
            if not is_variant:
                self.former.update((key, location_id) for key in [words, *keys])
            if name == ukrainian_names.get(location_id):
                self.own_names.update((key, location_id) for key in [words, *keys])
        for phrase in languages.all_not_places():
            names[tuple(fold_name(phrase).split())] = {NOT_A_PLACE}
            for key in dictionary_keys(phrase):
                dictionary[key] = {NOT_A_PLACE}
        self.dictionary = dictionary
        self.first_words = {key[0] for key in dictionary}
        self.first_surface = {key[0] for key in names}
        self.names, self.places, self.version = names, places, version
        if self.abroad is None:
            self.abroad = _cities_abroad()

    def place(self, pk):
        return self.places.get(pk, UNKNOWN)

    def owns(self, key, pk):
        """Whether the name `key` (or any of its readings) is place `pk`'s own current name."""
        return any((one, pk) in self.own_names for one in getattr(key, "readings", [key]))

    def is_former(self, key, pk):
        return any((one, pk) in self.former for one in getattr(key, "readings", [key]))


def _cities_abroad():
    """The world's large cities outside Ukraine, by folded name (locations/data/world_places.tsv.gz)."""
    cities = {}
    with gzip.open(WORLD_PLACES, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#") and "\t" in line:
                name, population = line.rstrip("\n").split("\t")
                words = tuple(fold_name(name).split())
                cities[words] = max(cities.get(words, 0), int(population))
    return cities


_index = _Index()
_lock = threading.Lock()


def _float(value):
    return float(value) if value is not None else None


def _current_index():
    # Rebuilt when places or names change: every save of a place remakes its PlaceName rows with new
    # keys, so the highest key moves even when an edit swaps one name for another.
    version = tuple(PlaceName.objects.aggregate(n=Count("pk"), last=Max("pk")).values())
    if _index.version != version:
        with _lock:
            if _index.version != version:
                _index.build(version)
    return _index


def tokenize(text, lang=None):
    """
    The text's words with their original spelling, possessives removed: [(folded, original)]; the
    folded form is the language's dictionary form (an inflected Ukrainian name, once lemmatised,
    matches the name as the gazetteer holds it).
    """
    lemma = (lang or languages.rules()).lemma
    words = []
    for match in WORD.finditer(text):
        original = POSSESSIVE.sub("", match.group())
        words.append((fold_name(lemma(original)), original))
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


def detect(text, language=None):
    """
    Places mentioned in `text` (plain text or HTML) written in `language` (a code; English by
    default), the surest first: [Mention].
    """
    index, lang = _current_index(), languages.rules(language)
    words = tokenize(strip_tags(text), lang)
    readings = WordReadings(
        [tuple(fold_name(form) for form in lang.readings(original)) for _word, original in words],
        surface=[fold_name(original) for _word, original in words],
    )
    found = []
    i = 0
    while i < len(words):
        if region := _region_adjective(words, readings, i, index, lang):
            found.append(Found(region, words[i][1], (words[i][0], lang.OBLAST), i, i + 1, narrowed=AS_REGION))
            i += 1
            continue
        if readings.surface[i] not in index.first_surface and index.first_words.isdisjoint(readings[i]):
            i += 1  # no name starts with this word, as written or in any dictionary form
            continue
        for length in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key, candidates = _lookup(words, readings, i, length, index)
            if candidates:
                original = " ".join(orig for _word, orig in words[i : i + length])
                if length == 1 and (key[0] in lang.STOP_NAMES or _not_a_mention(words, i, original, lang)):
                    continue
                if candidates != {NOT_A_PLACE} and not _inside_another_name(words, i, i + length, lang):
                    item = Found(candidates, original, key, i, i + length)
                    found.append(_in_context(item, words, readings, index, lang))
                i += length
                break
        else:
            i += 1
    _read_region_lists(found, words, index, lang)
    _read_adjective_lists(found, words, readings, index, lang)
    _read_former_names(found, words, lang)
    return _resolve([item for item in found if item.candidates], index)


def _lookup(words, readings, i, length, index):
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


def _region_adjective(words, readings, i, index, lang):
    """ "Харківська обласна рада": a region's adjective before a region word names the oblast."""
    if not _next_is(words, i + 1, lang.REGION_WORDS) or not words[i][1][:1].isupper():
        return set()
    return _oblast_by_adjective(readings[i], index, lang)


def _oblast_by_adjective(forms, index, lang):
    """The oblast a word names as its adjective ("Сумській" → Сумська область), by any of its forms."""
    for form in forms:
        if regions := _regions_among(index.dictionary.get((form, lang.OBLAST), ()), index):
            return regions
    return set()


def _next_is(words, position, folded_words):
    return 0 <= position < len(words) and words[position][0] in folded_words


def _inside_another_name(words, start, end, lang):
    """A name that is part of another: a street, river, plant or club, a person's surname."""
    if end - start > 1 and words[start][0] in lang.FIRST_NAMES:
        return True  # "Тараса Шевченка" is the poet before it is the village named after him
    following = words[end][1] if end < len(words) else ""
    if _next_is(words, end, lang.INSIDE_A_NAME):
        return True
    if _next_is(words, end, lang.INSIDE_A_TITLE) and following[:1].isupper():
        return True
    if _next_is(words, start - 1, lang.CLUBS) or _next_is(words, start - 1, lang.INSIDE_AFTER):
        return True  # "Shakhtar Donetsk", "вулиця Шевченка", "річка Оскіл"
    if _next_is(words, start - 1, lang.FIRST_NAMES) and words[start - 1][1][:1].isupper():
        return True  # "Taras Shevchenko", "Lesia Ukrainka", "Bohdan Khmelnytskyi"
    if end - start == 1 and words[start][0] in lang.RIVERS and _next_is(words, start - 1, {lang.THE}):
        return not _next_is(words, end, lang.NOT_THE_RIVER)
    return False


def _in_context(item, words, readings, index, lang):
    """What the words around a name make of it: its region, its government, or a place abroad."""
    start, end = item.start, item.end
    item.candidates = _not_better_known_abroad(item.key, item.candidates, index)
    item.namesakes = len(item.candidates)
    if lang.COLLOQUIAL_REGIONS and len(item.key) == 1 and (regions := _regions_among(item.candidates, index)):
        item.candidates, item.narrowed = regions, AS_REGION  # "на Харківщині": the oblast, not the village
        return item
    if len(item.candidates) > 1 and (region := _region_named_after(words, readings, end, index, lang)):
        # "Kostiantynivka in Zaporizhzhia Oblast", "Novoselivka, in the Kharkiv region"
        inside = {pk for pk in item.candidates if index.place(pk).region in region}
        if inside:
            item.candidates, item.narrowed = inside, PLACED
    if _next_is(words, end, lang.REGION_WORDS) and (region := _region_of(item.key, index, lang)):
        item.candidates, item.narrowed = region, AS_REGION
    elif item.key[-1] in lang.CAPITALS and _government_acts(words, end, lang):
        item.as_government = True
    elif _placed_abroad(words, start, end, lang):
        item.candidates = {pk for pk in item.candidates if index.place(pk).abroad}
    return item


def _not_better_known_abroad(key, candidates, index):
    """
    Drop candidates known by this name only as another name when a city abroad of that name is far
    larger: a former name ("Paris" is not Veselyi Kut, "Hamburg" not Priamobalka), or a spelling of
    the place's own name when the city abroad is a world city ("Alexandria" is not Oleksandriia).
    "Odessa" stays Odesa, "Seversk" Siversk, and "Artemivsk" Bakhmut.
    """
    abroad = index.abroad.get(key, 0)
    if not abroad:
        return candidates

    def kept(pk):
        if index.owns(key, pk):
            return True
        if not index.is_former(key, pk) and abroad < WORLD_CITY:
            return True
        return abroad < BETTER_KNOWN_ABROAD * max(index.place(pk).population, 1)

    return {pk for pk in candidates if kept(pk)}


def _government_acts(words, position, lang):
    """Whether the words from `position` on make the name before them the subject of a government's act."""
    if _next_is(words, position, {lang.AND}) and position + 1 < len(words) and words[position + 1][1][:1].isupper():
        position += 2  # "Kyiv and Washington agreed"
    while _next_is(words, position, lang.AUXILIARIES):
        position += 1
    return _next_is(words, position, lang.GOVERNMENT_VERBS)


def _placed_abroad(words, start, end, lang):
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


def _region_named_after(words, readings, position, index, lang):
    """The oblasts named by "in [a village in] [the] X Oblast|region" from `position` on, or an empty set."""
    if _next_is(words, position, {lang.A}) and _next_is(words, position + 1, lang.SETTLEMENT_WORDS):
        position += 2
    if _next_is(words, position, lang.PLACING):
        position += 1 + _next_is(words, position + 1, {lang.THE})
    elif not lang.REGION_MAY_FOLLOW:
        return set()
    for length in (3, 2, 1):
        if position + length > len(words):
            continue
        key, candidates = _lookup(words, readings, position, length, index)
        if regions := _regions_among(candidates or (), index):
            return regions
    return set()


def _region_of(key, index, lang):
    """The oblast named after a place name ("Kharkiv" -> Kharkiv Oblast), as a candidate set."""
    return _regions_among(index.names.get((*key, lang.OBLAST), ()), index)


def _regions_among(candidates, index):
    return {pk for pk in candidates if index.place(pk).kind == Location.Kind.REGION}


def _read_region_lists(found, words, index, lang):
    """ "the Sumy and Chernihiv regions", "Kharkiv, Sumy and Chernihiv oblasts": each is an oblast."""
    by_end = {item.end: item for item in found}
    for position, (word, _original) in enumerate(words):
        if word not in lang.REGION_LISTS:
            continue
        end = position
        while (item := by_end.get(end)) is not None:
            if region := _region_of(item.key, index, lang):
                item.candidates, item.narrowed = region, AS_REGION
            item.as_government = False
            end = item.start - 1 if _next_is(words, item.start - 1, {lang.AND}) else item.start


def _read_adjective_lists(found, words, readings, index, lang):
    """ "у Сумській і Чернігівській областях": the adjectives before a matched oblast name oblasts too."""
    if not lang.LIST_CONJUNCTIONS:
        return
    for item in list(found):
        if len(item.key) < 2 or item.key[-1] != lang.OBLAST or not _regions_among(item.candidates, index):
            continue
        position = item.start - 1
        while position >= 0:
            if words[position][0] in lang.LIST_CONJUNCTIONS:
                position -= 1
                continue
            region = _oblast_by_adjective(readings[position], index, lang)
            if not region:
                break
            key = (words[position][0], lang.OBLAST)
            found.append(Found(region, words[position][1], key, position, position + 1, narrowed=AS_REGION))
            position -= 1


def _read_former_names(found, words, lang):
    """
    "Niu-York, renamed from Novhorodske", "Bakhmut (formerly Artemivsk)": the second name is the
    first place's other name, not a place of its own, whoever else bears it today.
    """
    for position, item in enumerate(found):
        cue = max((len(c) for c in lang.FORMER_NAME_CUES if _words_before(words, item.start, len(c)) == c), default=0)
        if not cue or position == 0:
            continue
        named = found[position - 1]
        if item.start - cue - named.end > 3:  # "X, a town near Y that was formerly Z" is too far to tell
            continue
        same = item.candidates & named.candidates
        item.candidates, item.narrowed = (same, ALSO_NAMED) if same else (set(), "")


def _words_before(words, position, count):
    return tuple(word for word, _original in words[max(0, position - count) : position])


def _not_a_mention(words, i, original, lang):
    """A one-word name that is really a lowercase word, a first name before a surname, or a club's."""
    word = words[i][0]
    if len(word) <= SHORT_NAME and (not original[:1].isupper() or original.isupper()):
        return True  # a lowercase word, or an acronym: "as", "AS", "PORT"
    if lang.NAMES_CAPITALISED and (not original[:1].isupper() or fold_name(original) in lang.STOP_NAMES):
        return True  # in Ukrainian a name has its capital; "Добре" opening a sentence is a word
    following = words[i + 1][1] if i + 1 < len(words) else ""
    return (word in lang.FIRST_NAMES or word in lang.CLUBS) and following[:1].isupper()


def _resolve(found, index):
    # The places the story names beyond doubt: a name only one place bears, or a city that dwarfs
    # its namesakes ("Mykolaiv"). They settle the names many places share.
    named = {next(iter(item.candidates)) for item in found if len(item.candidates) == 1 and not item.as_government}
    largest = {_by_far_the_largest(item.candidates, item.key, index) for item in found if not item.as_government}
    context = {pk: index.places[pk] for pk in named | largest - {None} if pk in index.places}
    support = _mutual_support([item for item in found if len(item.candidates) > 1], index)
    chosen, governments = Counter(), Counter()
    names, why, settled = defaultdict(list), {}, {}
    for item in found:
        if len(item.candidates) == 1:
            pk, choice = next(iter(item.candidates)), Choice(item.narrowed or ONLY)
        else:
            # A name mentioned again is settled the same way: once per story.
            seen = (item.key, frozenset(item.candidates))
            if seen not in settled:
                settled[seen] = _best(item.candidates, item.key, context, index, support, named)
            pk, choice = settled[seen][0], copy.copy(settled[seen][1])
        choice.namesakes = max(item.namesakes, len(item.candidates))
        choice.former = index.is_former(item.key, pk) and not index.owns(item.key, pk)
        (governments if item.as_government else chosen)[pk] += 1
        if not item.as_government and (pk not in why or choice.confidence > why[pk].confidence):
            why[pk] = choice
        if item.text not in names[pk]:
            names[pk].append(item.text)
    locations = Location.objects.in_bulk(list(chosen | governments))
    mentions = []
    for pk, location in locations.items():
        mention = Mention(location=location, count=chosen[pk], names=names[pk], as_government=governments[pk])
        if pk in why:
            mention.confidence, mention.reasons = why[pk].explain(mention, locations, context)
        mentions.append(mention)
    # Most sure first, then most mentioned; governments (count 0) last.
    mentions.sort(key=lambda m: (-m.confidence, -m.count, -m.as_government, m.location.name))
    return mentions


def _mutual_support(ambiguous, index):
    """
    {place id: support} for names that are all shared by several places ("Semenivka and Ocheretyne"):
    a candidate gains 2 for each other such name with a candidate in its raion, else 1 for one in
    its oblast. The places a story names together lie together.
    """
    by_key = {}
    for item in ambiguous:
        big = _by_far_the_largest(item.candidates, item.key, index)
        by_key.setdefault(item.key, set()).update({big} if big else item.candidates)
    areas = {
        key: (
            {index.place(pk).district for pk in pks} - {None},
            {index.place(pk).region for pk in pks if not index.place(pk).abroad},
        )
        for key, pks in by_key.items()
    }
    support = Counter()
    for key, pks in by_key.items():
        for pk in pks:
            place = index.place(pk)
            for other, (districts, regions) in areas.items():
                if other != key:
                    support[pk] += 2 if place.district in districts else 1 if place.region in regions else 0
    return support


ONLY, PLACED, AS_REGION, ALSO_NAMED = "only", "placed", "region", "also-named"
SAME_HROMADA, SAME_DISTRICT, TOGETHER = "same-hromada", "same-district", "together"
NEAR, SAME_REGION, OWN_NAME, LARGEST = "near", "same-region", "own-name", "largest"
BY_FAR_THE_LARGEST = "by-far-the-largest"
#: A place this populous, and this many times larger than any other of its name, is what the name means.
WELL_KNOWN, BY_FAR = 20_000, 5
#: How sure a suggestion is, by how its place was told apart from others of the same name.
CONFIDENCE = {
    ONLY: 0.9, PLACED: 0.9, AS_REGION: 0.9, ALSO_NAMED: 0.9, SAME_HROMADA: 0.85, SAME_DISTRICT: 0.8, NEAR: 0.8,
    SAME_REGION: 0.7, OWN_NAME: 0.7, TOGETHER: 0.65, BY_FAR_THE_LARGEST: 0.8, LARGEST: 0.5,
}  # fmt: skip
FORMER_NAME = 0.1  # less sure when only a former name points at it
EACH_MORE_MENTION = 0.03


@dataclass
class Choice:
    """How one mention was settled on a place, and the words that tell the editor."""

    how: str
    near: int = None  # the nearest of the story's other places, for NEAR
    namesakes: int = 1
    former: bool = False

    @property
    def confidence(self):
        return CONFIDENCE[self.how] - (FORMER_NAME if self.former else 0)

    def explain(self, mention, locations, context):
        confidence = min(0.99, self.confidence + EACH_MORE_MENTION * (mention.count - 1))
        reasons = [ngettext("%(count)d mention", "%(count)d mentions", mention.count) % {"count": mention.count}]
        other = [name for name in mention.names if fold_name(name) != fold_name(mention.location.name)]
        if other:
            reasons.append(_("as “%(names)s”") % {"names": "”, “".join(other)})
        if self.former:
            reasons.append(_("a former or other name"))
        if self.how == AS_REGION:
            reasons.append(_("named as a region"))
        elif self.namesakes > 1:
            reasons.append(self.namesake_reason(mention, locations, context))
        return round(confidence, 2), reasons

    def namesake_reason(self, mention, locations, context):
        one_of = ngettext(
            "one of %(count)d places of this name", "one of %(count)d places of this name", self.namesakes
        ) % {"count": self.namesakes}
        if self.how == PLACED:
            how = _("the one in the region the text names")
        elif self.how == ALSO_NAMED:
            how = _("the one the text also names by its own name")
        elif self.how == NEAR and self.near in locations:
            how = _("near %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_HROMADA and self.near in locations:
            how = _("in the same hromada as %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_DISTRICT and self.near in locations:
            how = _("in the same raion as %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_REGION:
            how = _("in the region of other places mentioned")
        elif self.how == BY_FAR_THE_LARGEST:
            how = _("by far the largest; the others are villages")
        elif self.how == TOGETHER:
            how = _("the one in the same area as other places the story names, each of them also shared by several")
        elif self.how == OWN_NAME:
            how = _("the one whose name it is today (the others bore it once or go by it too)")
        else:
            how = _("the largest: check it is the one meant")
        return f"{one_of}: {how}"


def _best(candidates, key, context, index, support, named):
    """
    The likeliest of several places sharing a name, and how it was chosen (a Choice). `context`:
    the places the story names beyond doubt (`named`: by a name no other place bears) and the
    cities that dwarf their namesakes.
    """
    # A city that dwarfs its namesakes is no evidence for itself.
    context = {pk: place for pk, place in context.items() if pk not in candidates or pk in named}
    regions = {place.region for place in context.values()}

    def nearest(pk):
        if pk in named:
            return pk, 0.0  # the story names it unambiguously elsewhere ("Artemivsk … Bakhmut")
        latitude, longitude = index.place(pk).latitude, index.place(pk).longitude
        if latitude is None:
            return None, math.inf
        # Towns only: a region's coordinates are its capital's, which says little about its villages.
        distances = [
            (_km(latitude, longitude, other.latitude, other.longitude), other_pk)
            for other_pk, other in context.items()
            if other.latitude is not None and other_pk != pk and other.kind == Location.Kind.SETTLEMENT
        ]
        return min(distances, default=(math.inf, None))[::-1]

    # The story's places by hromada and by raion, to find a candidate's neighbours without a search.
    areas = {"hromada": defaultdict(list), "district": defaultdict(list)}
    for other_pk, other in context.items():
        for same in areas:
            if getattr(other, same) is not None:
                areas[same][getattr(other, same)].append(other_pk)

    def neighbour(pk):
        """The story's other place in the same hromada, else in the same raion: (how, pk) or (None, None)."""
        place = index.place(pk)
        for how, same in ((SAME_HROMADA, "hromada"), (SAME_DISTRICT, "district")):
            others = [other for other in areas[same].get(getattr(place, same), ()) if other != pk]
            if others:
                return how, others[0]
        return None, None

    def score(pk):
        place = index.place(pk)
        km = nearest(pk)[1]
        # The place whose own name it is, before any place that only has it as another name: a
        # town's current name stored as another's old one must not win by being near the story.
        # Then the article's own area: the same hromada, the same raion, within reach of the other
        # places or in the same oblast; a spelling of a place's own name over a former name; the
        # nearest; settlements over regions; then size.
        how = neighbour(pk)[0]
        closeness = 3 if how == SAME_HROMADA else 2 if how == SAME_DISTRICT else 1 if km < NEARBY_KM else 0
        local = closeness or place.region in regions
        own, former = index.owns(key, pk), index.is_former(key, pk)
        # A village whose position is unknown counts as at the edge of the story's area.
        distance = (-km if km < math.inf else -NEARBY_KM) if local else 0
        return (
            own, closeness, local, support[pk], not former, distance, place.kind != Location.Kind.REGION,
            place.population,
        )  # fmt: skip

    # A city of tens of thousands is what a bare name means, over villages that share it ("Lviv",
    # "Poltava", "Kostiantynivka"), unless the story names a place in the same hromada as a village.
    if big := _by_far_the_largest(candidates, key, index):
        # ...unless the story names a village's hromada neighbour, or its oblast (and not the city's).
        oblasts = {pk for pk, place in context.items() if place.kind == Location.Kind.REGION}
        others = [pk for pk in candidates if pk != big]
        beaten = any(pk in named or neighbour(pk)[0] == SAME_HROMADA for pk in others) or (
            index.place(big).region not in oblasts and any(index.place(pk).region in oblasts for pk in others)
        )
        if not beaten:
            return big, Choice(BY_FAR_THE_LARGEST)
    pk = max(candidates, key=score)
    near_pk, km = nearest(pk)
    if near_pk == pk:
        return pk, Choice(ALSO_NAMED)
    how, neighbour_pk = neighbour(pk)
    if how:
        return pk, Choice(how, near=neighbour_pk)
    if km < NEARBY_KM:
        return pk, Choice(NEAR, near=near_pk)
    if index.place(pk).region in regions:
        return pk, Choice(SAME_REGION)
    if [other for other in candidates if index.owns(key, other)] == [pk]:
        return pk, Choice(OWN_NAME)  # the only place whose name it is; the others bore it once
    if support[pk] and support[pk] > max(support[other] for other in candidates if other != pk):
        return pk, Choice(TOGETHER)
    return pk, Choice(LARGEST)


def _by_far_the_largest(candidates, key, index):
    """The place of tens of thousands that dwarfs every other bearing this name as its own, or None."""
    own = [pk for pk in candidates if index.owns(key, pk)] or list(candidates)
    if len(own) < 2:
        return None
    first, second = sorted(own, key=lambda pk: index.place(pk).population, reverse=True)[:2]
    big = index.place(first).population
    return first if big >= WELL_KNOWN and big >= BY_FAR * max(index.place(second).population, 1) else None


#: Places too broad to suggest: every story is about them.
NEVER_SUGGESTED_KINDS = {Location.Kind.COUNTRY}


def detect_in_article(headline, standfirst, body, language=None):
    """
    Places worth suggesting for a story: everything detect() finds as a place, except whole
    countries. A capital named only as its government ("Kyiv said") is not suggested.
    """
    text = " \n ".join([headline or "", standfirst or "", strip_tags(body or "")])
    mentions = detect(text, language)
    return [m for m in mentions if m.count and m.location.kind not in NEVER_SUGGESTED_KINDS]
