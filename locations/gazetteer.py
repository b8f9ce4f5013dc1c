"""
Loading the full gazetteer from the extract shipped in locations/data (see tools/build_gazetteer.py):
every settlement of Ukraine's official codifier (KATOTTG) in its raion and oblast, and the
neighbouring countries.

Re-running updates places in place: rows are matched by code (KATOTTG or ISO), GeoNames ID or, for
the starter gazetteer's towns, by slug within the same oblast. A town an older import (or the
starter gazetteer) left directly in its oblast moves into its raion; a place an editor put anywhere
else stays there. Nothing is ever deleted.
"""

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext

from common.progress import unshown

from .models import FULL_NAME_SEPARATOR, PATH_SEPARATOR, Location, PlaceName
from .signals import place_moved

EXTRACT = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"
#: Kyiv and Sevastopol: cities that are a region of their own, so the extract's city is the region.
CITY_REGIONS = {"UA-30", "UA-40"}
UPDATED_FIELDS = [
    "code", "name_uk", "category", "geonames_id", "latitude", "longitude", "population", "alternative_names",
]  # fmt: skip


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    moved: int = 0
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


def is_loaded(path=EXTRACT):
    """
    Whether the extract's raions and settlements are all in the database already (by their codes),
    and its places abroad with the Ukrainian names it gives them.
    """
    data = load_extract(path)
    codes = [entry["code"] for entry in data["raions"]]
    codes += [entry["code"] for entry in data["settlements"] if entry["region"] not in CITY_REGIONS]
    kinds = [Location.Kind.DISTRICT, Location.Kind.SETTLEMENT]
    loaded = Location.objects.filter(kind__in=kinds, code__isnull=False)
    if loaded.count() < len(codes) or loaded.filter(code__in=codes[-100:]).count() != len(codes[-100:]):
        return False
    abroad = {(entry.get("geonames_id"), entry["code"]): entry.get("name_uk") or "" for entry in data["foreign"]}
    found = Location.objects.filter(code__in=[code for _, code in abroad]).values_list("geonames_id", "code", "name_uk")
    return {(geonames_id, code): name_uk for geonames_id, code, name_uk in found} == abroad


@transaction.atomic
def import_gazetteer(*, path=EXTRACT, progress=unshown):
    """Add or update every place of the extract; `progress` counts off the settlements and names."""
    data = load_extract(path)
    result = ImportResult()
    by_code = {place.code: place for place in Location.objects.exclude(code=None)}
    by_geonames = {place.geonames_id: place for place in Location.objects.exclude(geonames_id=None)}
    by_slug = {place.slug: place for place in Location.objects.all()}
    touched, moved = [], []
    new_places, changed_places = [], []

    def upsert(entry, parent, *, kind, region=None):
        code = entry.get("code")
        place = (
            (by_code.get(code) if code else None)
            or by_geonames.get(entry.get("geonames_id"))
            or _same_place_by_slug(by_slug.get(entry["slug"]), region or parent)
        )
        values = {
            "code": code,
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
                alternative_names="\n".join(entry["aliases"]),
                **values,
            )
            new_places.append(place)
            by_slug[place.slug] = place
            result.created += 1
        else:
            if place.code and code != place.code:
                values.pop("code")  # An editor's or an earlier source's code stays.
            values["alternative_names"] = merge_names(place.alternative_names, entry["aliases"])
            changes = {
                field: value
                for field, value in values.items()
                if value not in (None, "") and _differs(getattr(place, field), value)
            }
            if region is not None and parent != region and place.parent_id == region.pk:
                moved.append((place, parent))  # From its oblast into its raion.
            if changes:
                for field, value in changes.items():
                    setattr(place, field, value)
                changed_places.append(place)
                result.updated += 1
            else:
                return place
        if place.code:
            by_code[place.code] = place
        if place.geonames_id:
            by_geonames[place.geonames_id] = place
        touched.append(place)
        return place

    # Neighbouring countries, then Russia's border regions: each level is saved before the next
    # refers to it.
    for kind in ("country", "region"):
        for entry in data["foreign"]:
            if entry["kind"] == kind:
                parent = by_code.get(entry["parent"]) if entry["parent"] else None
                upsert(entry, parent, kind=kind)
        new_places, changed_places = _save(new_places, changed_places)

    for entry in data["raions"]:
        upsert(entry, by_code[entry["region"]], kind=Location.Kind.DISTRICT)
    new_places, changed_places = _save(new_places, changed_places)

    for entry in data["foreign"]:
        if entry["kind"] == "settlement":
            upsert(entry, by_code[entry["parent"]], kind=Location.Kind.SETTLEMENT)
    # Ukraine's settlements, in their raions; Kyiv and Sevastopol are their own region.
    for entry in progress(data["settlements"], gettext("Settlements"), unit=" places"):
        region = by_code[entry["region"]]
        if region.kind == Location.Kind.SETTLEMENT:
            _merge_into_city_region(region, entry, changed_places, touched, result)
            continue
        parent = by_code[entry["raion"]] if entry["raion"] else region
        upsert(entry, parent, kind=Location.Kind.SETTLEMENT, region=region)
    _save(new_places, changed_places)
    result.moved = _move(moved)

    PlaceName.rebuild_for(touched, progress=progress)
    result.names = PlaceName.objects.count()
    return result


def _merge_into_city_region(region, entry, changed_places, touched, result):
    names = merge_names(region.alternative_names, entry["aliases"])
    if names != region.alternative_names or region.geonames_id != entry.get("geonames_id"):
        region.alternative_names = names
        for field in ("name_uk", "category", "geonames_id", "population"):
            setattr(region, field, entry.get(field))
        changed_places.append(region)
        touched.append(region)
        result.updated += 1


def _move(moved):
    """Put places under their new parents (already saved), with everything below them; tells the site."""
    if not moved:
        return 0
    old_paths = {}
    for place, parent in moved:
        old_paths[place.pk] = place.path
        place.parent = parent
        place.path = f"{parent.path}{place.pk}{PATH_SEPARATOR}"
        place.full_name = f"{parent.full_name}{FULL_NAME_SEPARATOR}{place.name}"
    places = [place for place, _parent in moved]
    _update(places, ["parent", "path", "full_name"])
    with_children = set(Location.objects.filter(parent__in=places).values_list("parent_id", flat=True))
    below = []
    for place in places:
        if place.pk in with_children:
            below += place._refresh_descendants(old_paths[place.pk])
    place_moved.send(sender=Location, locations=[*places, *below])
    return len(places)


def _differs(current, new):
    if isinstance(new, float) and current is not None:
        return abs(float(current) - new) > 1e-6
    return current != new


def _same_place_by_slug(place, region):
    """A starter-gazetteer town is the same place when it sits in the same region (or in its raion)."""
    if place is None or region is None or place.code or place.geonames_id:
        return None
    return place if place.parent_id == region.pk or place.path.startswith(region.path) else None


def _free_slug(slug, by_slug):
    candidate, n = slug, 2
    while candidate in by_slug:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


def _save(new_places, changed_places):
    """
    Bulk-insert new places, then give them paths and full names (which need their keys). Returns
    two empty lists for the next level.
    """
    _update(changed_places, UPDATED_FIELDS)
    if not new_places:
        return [], []
    Location.objects.bulk_create(new_places, batch_size=1000)
    for place in new_places:
        parent = place.parent
        place.path = f"{parent.path if parent else PATH_SEPARATOR}{place.pk}{PATH_SEPARATOR}"
        place.full_name = f"{parent.full_name}{FULL_NAME_SEPARATOR}{place.name}" if parent else place.name
    # One statement rather than a CASE per row: the new rows are the only ones without a path.
    parent = Location.objects.filter(pk=OuterRef("parent_id"))
    Location.objects.filter(path="").update(
        path=Concat(
            Coalesce(Subquery(parent.values("path")), Value(PATH_SEPARATOR)),
            Cast("pk", CharField()),
            Value(PATH_SEPARATOR),
            output_field=CharField(),
        ),
        full_name=Case(
            When(parent=None, then=F("name")),
            default=Concat(Subquery(parent.values("full_name")), Value(FULL_NAME_SEPARATOR), F("name")),
            output_field=CharField(),
        ),
    )
    return [], []


def _update(places, fields):
    """One UPDATE per row: far quicker than bulk_update's CASE per field once rows run to thousands."""
    for place in places:
        Location.objects.filter(pk=place.pk).update(**{field: getattr(place, field) for field in fields})
