"""
Finding the places an article mentions.

Every name of every place (PlaceName) is folded the same way as the article's words and looked up
in a dictionary keyed by word sequences, longest first, so "Donetsk region" beats "Donetsk" and
"Chasiv Yar" is one place. A name shared by several places is settled by the article itself:
a candidate in the same oblast as, or close to, places the article names unambiguously wins;
otherwise the most populous does.
"""

import math
import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.html import strip_tags

from .models import Location, PlaceName, fold_name

MAX_WORDS = 5
#: Names this short match only when written with a capital letter.
SHORT_NAME = 4
#: Words that are also names of small places but mean something else in English news copy.
STOP_NAMES = {
    "bar", "mar", "ray", "tor", "ros", "lut", "hut", "mist", "pisky", "sokil", "zoria", "nova", "stara",
    "mala", "velyka", "verkhnia", "nyzhnia", "president", "army", "ukraine", "russia", "kremlin",
    "ukrainian", "russian", "front", "centre", "center", "east", "west", "north", "south", "union",
    "victory", "peace", "freedom", "liberty", "progress", "october", "may", "june", "august", "zelene",
    "zelenyi", "komunar", "shakhtar", "metalurh", "energetyk", "vesele", "krasne", "lenine",
}  # fmt: skip
#: Phrases that contain a place name but are not places (rivers, seas): matched and then dropped.
NOT_PLACES = {
    "siverskyi donets", "black sea", "sea of azov", "azov sea", "dnipro river", "donets river",
    "oskil river", "kakhovka reservoir", "donetsk people's republic", "luhansk people's republic",
}  # fmt: skip
#: First names that are also names of towns: skipped when a capitalised surname follows.
FIRST_NAMES = {
    "volodymyr", "oleksandr", "andrii", "olena", "iryna", "vadym", "serhii", "mykola", "ivan", "petro",
    "vitalii", "taras", "bohdan", "yurii", "maksym", "dmytro", "oleh", "viktor", "anna", "mariia",
    "natalia", "olha", "oksana", "tetiana", "sofiia", "pavlo", "roman", "yevhen", "ihor", "vasyl",
}  # fmt: skip
RIVER_WORDS = {"river", "rivers"}
NOT_A_PLACE = 0
WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.UNICODE)
POSSESSIVE = re.compile(r"['’ʼ]s$", re.IGNORECASE)
NEARBY_KM = 120


@dataclass
class Mention:
    location: Location
    count: int
    names: list = field(default_factory=list)


class _Index:
    def __init__(self):
        self.names = defaultdict(set)  # tuple of folded words -> {location id}
        self.places = {}  # id -> (region id, latitude, longitude, population)
        self.version = None

    def build(self, version):
        names = defaultdict(set)
        self.former = set()  # (words, location id) where the name is a former or unrelated name
        rows = PlaceName.objects.values_list("location_id", "folded", "is_variant")
        for location_id, folded, is_variant in rows.iterator(chunk_size=5000):
            words = tuple(folded.split())
            if 0 < len(words) <= MAX_WORDS and not (len(words) == 1 and words[0] in STOP_NAMES):
                names[words].add(location_id)
                if not is_variant:
                    self.former.add((words, location_id))
        for phrase in NOT_PLACES:
            names[tuple(fold_name(phrase).split())] = {NOT_A_PLACE}
        places = {}
        for pk, path, latitude, longitude, population, kind in Location.objects.values_list(
            "pk", "path", "latitude", "longitude", "population", "kind"
        ).iterator(chunk_size=5000):
            parts = path.strip("/").split("/")
            region = int(parts[1]) if len(parts) > 2 else pk
            places[pk] = (region, _float(latitude), _float(longitude), population or 0, kind)
        self.names, self.places, self.version = names, places, version


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


def tokenize(text):
    """The text's words with their original spelling, possessives removed: [(folded, original)]."""
    words = []
    for match in WORD.finditer(text):
        original = POSSESSIVE.sub("", match.group())
        words.append((fold_name(original), original))
    return words


def detect(text):
    """Places mentioned in `text` (plain text or HTML), most mentioned first: [Mention]."""
    index = _current_index()
    words = tokenize(strip_tags(text))
    found = []  # (set of candidate ids, matched text)
    i = 0
    while i < len(words):
        for length in range(min(MAX_WORDS, len(words) - i), 0, -1):
            key = tuple(word for word, _original in words[i : i + length])
            candidates = index.names.get(key)
            if candidates:
                original = " ".join(orig for _word, orig in words[i : i + length])
                if length == 1 and _not_a_mention(words, i, original):
                    continue
                if candidates != {NOT_A_PLACE} and not _next_is(words, i + length, RIVER_WORDS):
                    found.append((candidates, original, key))
                i += length
                break
        else:
            i += 1
    return _resolve(found, index)


def _next_is(words, position, folded_words):
    return position < len(words) and words[position][0] in folded_words


def _not_a_mention(words, i, original):
    """A one-word name that is really a lowercase word, or a first name before a surname."""
    word = words[i][0]
    if len(word) <= SHORT_NAME and not original[:1].isupper():
        return True
    following = words[i + 1][1] if i + 1 < len(words) else ""
    return word in FIRST_NAMES and following[:1].isupper()


def _resolve(found, index):
    certain = {next(iter(c)) for c, _text, _key in found if len(c) == 1}
    context = [index.places[pk] for pk in certain if pk in index.places]
    regions = {place[0] for place in context}
    chosen = Counter()
    names = defaultdict(list)
    for candidates, text, key in found:
        pk = next(iter(candidates)) if len(candidates) == 1 else _best(candidates, key, regions, context, index)
        chosen[pk] += 1
        if text not in names[pk]:
            names[pk].append(text)
    locations = Location.objects.in_bulk(list(chosen))
    return [
        Mention(location=locations[pk], count=count, names=names[pk])
        for pk, count in chosen.most_common()
        if pk in locations
    ]


def _best(candidates, key, regions, context, index):
    def score(pk):
        region, latitude, longitude, population, kind = index.places.get(pk, (None, None, None, 0, None))
        same_region = region in regions
        near = latitude is not None and any(
            other[1] is not None and _km(latitude, longitude, other[1], other[2]) < NEARBY_KM for other in context
        )
        # The article's own area first; then a spelling of the place's own name over a former name
        # ("Слов'янськ" is Sloviansk, not Nikopol's old name); settlements over regions; then size.
        return (same_region or near, (key, pk) not in index.former, kind != Location.Kind.REGION, population)

    return max(candidates, key=score)


def _km(lat1, lon1, lat2, lon2):
    dlat = math.radians(lat2 - lat1)
    dlon = math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


#: Places too broad to suggest: every story is about them.
NEVER_SUGGESTED_KINDS = {Location.Kind.COUNTRY}


def detect_in_article(headline, standfirst, body):
    """Mentions worth suggesting for a story: everything detect() finds except whole countries."""
    mentions = detect(" \n ".join([headline or "", standfirst or "", strip_tags(body or "")]))
    return [m for m in mentions if m.location.kind not in NEVER_SUGGESTED_KINDS]
