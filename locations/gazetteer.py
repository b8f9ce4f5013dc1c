"""
Loading the full gazetteer from the extract shipped in locations/data (see tools/build_gazetteer.py).

Re-running updates places in place: rows are matched by GeoNames ID, ISO code or, for the
starter gazetteer's towns, by slug within the same region. Nothing is ever deleted.
"""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .models import FULL_NAME_SEPARATOR, PATH_SEPARATOR, Location, PlaceName

EXTRACT = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"
UPDATED_FIELDS = [
    "name_uk", "category", "geonames_id", "latitude", "longitude", "population", "alternative_names",
]  # fmt: skip


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    names: int = 0


def load_extract(path=EXTRACT):
    with gzip.open(path, "rt", encoding="utf-8") as extract:
        return json.load(extract)


def merge_names(existing, incoming):
    """Editors' own alternative names first, then the gazetteer's, each once."""
    lines = [line.strip() for line in existing.splitlines() if line.strip()]
    seen = {line.casefold() for line in lines}
    for name in incoming:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            lines.append(name)
    return "\n".join(lines)


@transaction.atomic
def import_gazetteer(*, path=EXTRACT):
    data = load_extract(path)
    result = ImportResult()
    by_code = {place.code: place for place in Location.objects.exclude(code=None)}
    by_geonames = {place.geonames_id: place for place in Location.objects.exclude(geonames_id=None)}
    by_slug = {place.slug: place for place in Location.objects.all()}
    touched = []

    def upsert(entry, parent, *, kind, code=None):
        place = (
            (by_code.get(code) if code else None)
            or by_geonames.get(entry.get("geonames_id"))
            or _same_place_by_slug(by_slug.get(entry["slug"]), parent)
        )
        values = {
            "name_uk": entry.get("name_uk", ""),
            "category": entry.get("category", ""),
            "geonames_id": entry.get("geonames_id"),
            "latitude": entry.get("lat"),
            "longitude": entry.get("lon"),
            "population": entry.get("population"),
        }
        if place is None:
            place = Location(
                name=entry["name"],
                slug=_free_slug(entry["slug"], by_slug),
                kind=kind,
                parent=parent,
                code=code,
                alternative_names="\n".join(entry["aliases"]),
                **values,
            )
            new_places.append(place)
            by_slug[place.slug] = place
            result.created += 1
        else:
            values["alternative_names"] = merge_names(place.alternative_names, entry["aliases"])
            changes = {
                field: value
                for field, value in values.items()
                if value not in (None, "") and _differs(getattr(place, field), value)
            }
            if changes:
                for field, value in changes.items():
                    setattr(place, field, value)
                changed_places.append(place)
                result.updated += 1
            else:
                return place
        if code:
            by_code[code] = place
        if place.geonames_id:
            by_geonames[place.geonames_id] = place
        touched.append(place)
        return place

    # Neighbouring countries, then Russia's border regions: each level is saved before the next
    # refers to it.
    for kind in ("country", "region"):
        new_places, changed_places = [], []
        for entry in data["foreign"]:
            if entry["kind"] == kind:
                parent = by_code.get(entry["parent"]) if entry["parent"] else None
                upsert(entry, parent, kind=kind, code=entry["code"])
        _save(new_places, changed_places)

    new_places, changed_places = [], []
    for entry in data["foreign"]:
        if entry["kind"] == "settlement":
            upsert(entry, by_code[entry["parent"]], kind=Location.Kind.SETTLEMENT)
    # Ukraine's settlements; Kyiv and Sevastopol are their own region.
    for entry in data["settlements"]:
        region = by_code[entry["region"]]
        if region.kind == Location.Kind.SETTLEMENT:
            names = merge_names(region.alternative_names, entry["aliases"])
            if names != region.alternative_names or region.geonames_id != entry["geonames_id"]:
                region.alternative_names = names
                for field in ("name_uk", "category", "geonames_id", "population"):
                    setattr(region, field, entry.get(field))
                changed_places.append(region)
                touched.append(region)
                result.updated += 1
            continue
        upsert(entry, region, kind=Location.Kind.SETTLEMENT)
    _save(new_places, changed_places)

    PlaceName.rebuild_for(touched)
    result.names = PlaceName.objects.count()
    return result


def _differs(current, new):
    if isinstance(new, float) and current is not None:
        return abs(float(current) - new) > 1e-6
    return current != new


def _same_place_by_slug(place, parent):
    """A starter-gazetteer town is the same place when it sits in the same region."""
    if place is not None and parent is not None and place.parent_id == parent.pk:
        return place
    return None


def _free_slug(slug, by_slug):
    candidate, n = slug, 2
    while candidate in by_slug:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _save(new_places, changed_places):
    """Bulk-insert new places, then give them paths and full names (which need their keys)."""
    if changed_places:
        Location.objects.bulk_update(changed_places, UPDATED_FIELDS, batch_size=1000)
    if not new_places:
        return
    Location.objects.bulk_create(new_places, batch_size=1000)
    for place in new_places:
        parent = place.parent
        place.path = f"{parent.path if parent else PATH_SEPARATOR}{place.pk}{PATH_SEPARATOR}"
        place.full_name = f"{parent.full_name}{FULL_NAME_SEPARATOR}{place.name}" if parent else place.name
    Location.objects.bulk_update(new_places, ["path", "full_name"], batch_size=1000)
