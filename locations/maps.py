"""
Locator maps drawn on the server as SVG: Ukraine's regions from a small committed outline file,
the place's region highlighted and a dot on the place. No tile server, no JavaScript.
"""

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

OUTLINES = Path(__file__).resolve().parent / "data" / "oblasts.json"
WEST, EAST, SOUTH, NORTH = 22.0, 40.4, 44.2, 52.5
WIDTH = 600
# An equirectangular projection squeezed by the cosine of the middle latitude: close enough at this scale.
X_SCALE = math.cos(math.radians((SOUTH + NORTH) / 2))
SCALE = WIDTH / ((EAST - WEST) * X_SCALE)
HEIGHT = round((NORTH - SOUTH) * SCALE)


def project(lon, lat):
    """Whole pixels in a 600-pixel-wide map: finer detail would only add bytes."""
    return round((lon - WEST) * X_SCALE * SCALE), round((NORTH - lat) * SCALE)


@functools.cache
def region_paths():
    """{ISO code: SVG path data} for every region, computed once per process."""
    outlines = json.loads(OUTLINES.read_text())
    paths = {}
    for code, rings in outlines.items():
        parts = []
        for ring in rings:
            points = []
            for lon, lat in ring:
                point = project(lon, lat)
                if not points or point != points[-1]:
                    points.append(point)
            if len(points) >= 3:
                parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        paths[code] = "".join(parts)
    return paths


@dataclass
class LocatorMap:
    title: str
    regions: list = field(default_factory=list)  # (code, path, is_highlighted)
    dots: list = field(default_factory=list)  # (x, y, label)
    width: int = WIDTH
    height: int = HEIGHT


def in_ukraine_box(location):
    return (
        location.latitude is not None
        and SOUTH <= float(location.latitude) <= NORTH
        and WEST <= float(location.longitude) <= EAST
    )


def locator_map(*, title, highlight=(), places=()):
    """A map highlighting the regions whose ISO codes are in `highlight`, with a dot per place."""
    highlighted = set(highlight)
    dots = [(*project(float(p.longitude), float(p.latitude)), p.local_name) for p in places if in_ukraine_box(p)]
    if not highlighted and not dots:
        return None
    regions = [(code, path, code in highlighted) for code, path in sorted(region_paths().items())]
    return LocatorMap(title=title, regions=regions, dots=dots)


def map_for_place(place, ancestors):
    """The locator map of a place page, or None for places outside Ukraine's map."""
    from .models import Location

    chain = [*ancestors, place]
    if not any(p.code == "UA" for p in chain):
        return None
    if place.kind == Location.Kind.AREA:
        codes = [m.code for m in place.members.all() if m.code]
        return locator_map(title=place.local_name, highlight=codes)
    codes = [p.code for p in chain if p.code and p.code.startswith("UA-")]
    dots = [place] if place.kind == Location.Kind.SETTLEMENT else []
    if not codes and not dots:
        return None
    return locator_map(title=" › ".join(p.local_name for p in chain), highlight=codes, places=dots)
