"""
What detection knows of every place, kept in memory: each name of each place (PlaceName), folded
as the text's words are, keyed by its word sequence, and in its Ukrainian dictionary forms; each
place's region, raion, hromada, position, population and kind; the large cities abroad.
Rebuilt when the places or their names change.
"""

import gzip
import threading
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from django.db.models import Count, Max

from .. import languages
from ..models import HOME_COUNTRY, Location, PlaceName, dictionary_keys, fold_name

MAX_WORDS = 5
NOT_A_PLACE = 0
WORLD_PLACES = Path(__file__).resolve().parents[1] / "data" / "world_places.tsv.gz"
#: A KATOTTG code ("UA14020070010064896") starts with its oblast, raion and hromada: UA 14 02 007.
HROMADA_PREFIX = 9
#: The size of a town whose population is unknown, by what the register calls it (a village's is not guessed).
TYPICAL_SIZE = {"city": 10_000, "urban-type settlement": 2_000}


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
    #: Its population, or where unknown the register's typical size of its category (a city, a town).
    size: int = 0


UNKNOWN = Place(None, None, None, 0, None, False)


class Index:
    """Every place's names and facts, as detection reads them."""

    def __init__(self):
        self.names = defaultdict(set)  # tuple of folded words -> {location id}
        self.places = {}  # id -> Place
        self.abroad = None  # folded words -> population of the largest city abroad of that name
        self.version = None

    def build(self, version):
        names = defaultdict(set)
        dictionary = defaultdict(set)  # the same, in Ukrainian names' dictionary forms
        self.former = set()  # (words, location id) where the name is a former or unrelated name
        self.own_names = set()  # (words, location id) for each place's own current name
        places, ukrainian_names = self._read_places()
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
            self.abroad = cities_abroad()

    def _read_places(self):
        """{id: Place} of every place, and {id: its Ukrainian name}; each one's own name joins own_names."""
        home = Location.objects.filter(kind=Location.Kind.COUNTRY, slug=HOME_COUNTRY).values_list("pk", flat=True)
        home = {str(pk) for pk in home}
        places, ukrainian_names = {}, {}
        rows = Location.objects.values_list(
            "pk", "name", "name_uk", "path", "latitude", "longitude", "population", "kind", "code", "category"
        )
        for pk, name, name_uk, path, latitude, longitude, population, kind, code, category in rows.iterator(
            chunk_size=5000
        ):
            parts = path.strip("/").split("/")
            region = int(parts[1]) if len(parts) > 2 else pk
            district = pk if kind == Location.Kind.DISTRICT else int(parts[2]) if len(parts) > 3 else None
            hromada = code[:HROMADA_PREFIX] if code and len(code) > HROMADA_PREFIX and code[2:].isdigit() else None
            size = population or TYPICAL_SIZE.get(category, 0)
            places[pk] = Place(
                region, _float(latitude), _float(longitude), population or 0, kind, parts[0] not in home, district,
                hromada, size,
            )  # fmt: skip
            self.own_names.add((tuple(fold_name(name).split()), pk))
            if name_uk:
                ukrainian_names[pk] = name_uk
        return places, ukrainian_names

    def place(self, pk):
        return self.places.get(pk, UNKNOWN)

    def owns(self, key, pk):
        """Whether the name `key` (or any of its readings) is place `pk`'s own current name."""
        return any((one, pk) in self.own_names for one in getattr(key, "readings", [key]))

    def is_former(self, key, pk):
        return any((one, pk) in self.former for one in getattr(key, "readings", [key]))


def cities_abroad():
    """The world's large cities outside Ukraine, by folded name (locations/data/world_places.tsv.gz)."""
    cities = {}
    with gzip.open(WORLD_PLACES, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("#") and "\t" in line:
                name, population = line.rstrip("\n").split("\t")
                words = tuple(fold_name(name).split())
                cities[words] = max(cities.get(words, 0), int(population))
    return cities


def _float(value):
    return float(value) if value is not None else None


_index = Index()
_lock = threading.Lock()


def current_index():
    # Rebuilt when places or names change: every save of a place remakes its PlaceName rows with new
    # keys, so the highest key moves even when an edit swaps one name for another.
    version = tuple(PlaceName.objects.aggregate(n=Count("pk"), last=Max("pk")).values())
    if _index.version != version:
        with _lock:
            if _index.version != version:
                _index.build(version)
    return _index
