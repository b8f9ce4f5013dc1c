"""Distances on the map, in plain Python (tools/build_gazetteer.py uses them without Django)."""

import math

EARTH_RADIUS_KM = 6371


def km(lat1, lon1, lat2, lon2):
    """The great-circle distance between two points, in kilometres."""
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(math.sqrt(a))
