"""
Choosing among namesakes. A name shared by several places is settled by the story itself: the
places it names beyond doubt (a name no other place bears, or a city that dwarfs its namesakes)
and where they lie. The one in the same hromada or raion as one of them, or near one, or in the
same oblast; a place's own name over a former one; a town of tens of thousands over villages that
share its name; otherwise the largest, with a low confidence.
"""

import copy
import math
from collections import Counter, defaultdict

from ..geo import km as _km
from ..models import Location
from .reasons import (
    ALSO_NAMED,
    BY_FAR_THE_LARGEST,
    LARGEST,
    NEAR,
    ONLY,
    OWN_NAME,
    SAME_DISTRICT,
    SAME_HROMADA,
    SAME_REGION,
    TOGETHER,
    Choice,
    Mention,
)

NEARBY_KM = 120
#: A place this populous, and this many times larger than any other of its name, is what the name means.
WELL_KNOWN, BY_FAR = 20_000, 5


def resolve(found, index, spans):
    """The mentions the found names make, one per place, most sure first; `spans`: each word's place in the text."""
    # The places the story names beyond doubt: a name only one place bears, or a city that dwarfs
    # its namesakes ("Mykolaiv"). They settle the names many places share.
    named = {next(iter(item.candidates)) for item in found if len(item.candidates) == 1 and not item.as_government}
    largest = {by_far_the_largest(item.candidates, item.key, index) for item in found if not item.as_government}
    area = StoryArea({pk: index.places[pk] for pk in named | largest - {None} if pk in index.places}, named, index)
    support = mutual_support([item for item in found if len(item.candidates) > 1], index)
    chosen, governments = Counter(), Counter()
    names, where, why, settled = defaultdict(list), defaultdict(list), {}, {}
    for item in found:
        if len(item.candidates) == 1:
            pk, choice = next(iter(item.candidates)), Choice(item.narrowed or ONLY)
        else:
            # A name mentioned again is settled the same way: once per story.
            seen = (item.key, frozenset(item.candidates))
            if seen not in settled:
                settled[seen] = area.best(item.candidates, item.key, support)
            pk, choice = settled[seen][0], copy.copy(settled[seen][1])
        choice.namesakes = max(item.namesakes, len(item.candidates))
        choice.former = index.is_former(item.key, pk) and not index.owns(item.key, pk)
        choice.evidence = item.evidence
        (governments if item.as_government else chosen)[pk] += 1
        if not item.as_government and (pk not in why or choice.confidence > why[pk].confidence):
            why[pk] = choice
        if item.text not in names[pk]:
            names[pk].append(item.text)
        where[pk].append((spans[item.start][0], spans[item.end - 1][1]))
    return _mentions(chosen, governments, names, where, why, area.context)


def _mentions(chosen, governments, names, where, why, context):
    locations = Location.objects.in_bulk(list(chosen | governments))
    mentions = []
    for pk, location in locations.items():
        mention = Mention(location, chosen[pk], names[pk], as_government=governments[pk], spans=where[pk])
        if pk in why:
            mention.confidence, mention.reasons = why[pk].explain(mention, locations, context)
        mentions.append(mention)
    # Most sure first, then most mentioned; governments (count 0) last.
    mentions.sort(key=lambda m: (-m.confidence, -m.count, -m.as_government, m.location.name))
    return mentions


def mutual_support(ambiguous, index):
    """
    {place id: support} for names that are all shared by several places ("Semenivka and Ocheretyne"):
    a candidate gains 2 for each other such name with a candidate in its raion, else 1 for one in
    its oblast. The places a story names together lie together.
    """
    by_key = {}
    for item in ambiguous:
        big = by_far_the_largest(item.candidates, item.key, index)
        by_key.setdefault(item.key, set()).update({big} if big else item.candidates)
    areas = {
        key: (
            {index.place(pk).district for pk in pks} - {None},
            {index.place(pk).region for pk in pks if not index.place(pk).abroad},
        )
        for key, pks in by_key.items()
    }
    support = Counter()
    for key, pks in by_key.items():
        for pk in pks:
            place = index.place(pk)
            for other, (districts, regions) in areas.items():
                if other != key:
                    support[pk] += 2 if place.district in districts else 1 if place.region in regions else 0
    return support


class StoryArea:
    """
    Where the story's places lie: `context`, the places it names beyond doubt (`named`: by a name
    no other place bears) and the cities that dwarf their namesakes, by hromada, raion and oblast.
    """

    def __init__(self, context, named, index):
        self.context, self.named, self.index = context, named, index
        self.regions = {place.region for place in context.values()}
        # The story's places by hromada and by raion, to find a candidate's neighbours without a search.
        self.areas = {"hromada": defaultdict(list), "district": defaultdict(list)}
        for other_pk, other in context.items():
            for same in self.areas:
                if getattr(other, same) is not None:
                    self.areas[same][getattr(other, same)].append(other_pk)

    def best(self, candidates, key, support):
        """The likeliest of several places sharing a name, and how it was chosen (a Choice)."""
        # A city that dwarfs its namesakes is no evidence for itself.
        others = {pk: place for pk, place in self.context.items() if pk not in candidates or pk in self.named}
        area = StoryArea(others, self.named, self.index) if len(others) < len(self.context) else self
        if (big := by_far_the_largest(candidates, key, self.index)) and not area.beats_the_city(big, candidates):
            return big, Choice(BY_FAR_THE_LARGEST)
        pk = max(candidates, key=lambda pk: area.score(pk, key, support))
        return pk, area.how_chosen(pk, candidates, key, support)

    def beats_the_city(self, big, candidates):
        """
        A city of tens of thousands is what a bare name means, over villages that share it ("Lviv",
        "Poltava"), unless the story names a village's hromada neighbour, or its oblast and not the city's.
        """
        oblasts = {pk for pk, place in self.context.items() if place.kind == Location.Kind.REGION}
        others = [pk for pk in candidates if pk != big]
        place = self.index.place
        return any(pk in self.named or self.neighbour(pk)[0] == SAME_HROMADA for pk in others) or (
            place(big).region not in oblasts and any(place(pk).region in oblasts for pk in others)
        )

    def how_chosen(self, pk, candidates, key, support):
        near_pk, km = self.nearest(pk)
        if near_pk == pk:
            return Choice(ALSO_NAMED)
        how, neighbour_pk = self.neighbour(pk)
        if how:
            return Choice(how, near=neighbour_pk)
        if km < NEARBY_KM:
            return Choice(NEAR, near=near_pk)
        if self.index.place(pk).region in self.regions:
            return Choice(SAME_REGION)
        if [other for other in candidates if self.index.owns(key, other)] == [pk]:
            return Choice(OWN_NAME)  # the only place whose name it is; the others bore it once
        if support[pk] and support[pk] > max(support[other] for other in candidates if other != pk):
            return Choice(TOGETHER)
        return Choice(LARGEST)

    def nearest(self, pk):
        """The story's nearest other settlement to `pk` and how far it is: (pk, km), or (None, inf)."""
        if pk in self.named:
            return pk, 0.0  # the story names it unambiguously elsewhere ("Artemivsk … Bakhmut")
        latitude, longitude = self.index.place(pk).latitude, self.index.place(pk).longitude
        if latitude is None:
            return None, math.inf
        # Towns only: a region's coordinates are its capital's, which says little about its villages.
        distances = [
            (_km(latitude, longitude, other.latitude, other.longitude), other_pk)
            for other_pk, other in self.context.items()
            if other.latitude is not None and other_pk != pk and other.kind == Location.Kind.SETTLEMENT
        ]
        return min(distances, default=(math.inf, None))[::-1]

    def neighbour(self, pk):
        """The story's other place in the same hromada, else in the same raion: (how, pk) or (None, None)."""
        place = self.index.place(pk)
        for how, same in ((SAME_HROMADA, "hromada"), (SAME_DISTRICT, "district")):
            others = [other for other in self.areas[same].get(getattr(place, same), ()) if other != pk]
            if others:
                return how, others[0]
        return None, None

    def score(self, pk, key, support):
        """
        The place whose own name it is, before any place that only has it as another name: a town's
        current name stored as another's old one must not win by being near the story. Then the
        article's own area: the same hromada, the same raion, within reach of the other places or
        in the same oblast; a spelling of a place's own name over a former name; the nearest;
        settlements over regions; then size.
        """
        place = self.index.place(pk)
        km = self.nearest(pk)[1]
        how = self.neighbour(pk)[0]
        closeness = 3 if how == SAME_HROMADA else 2 if how == SAME_DISTRICT else 1 if km < NEARBY_KM else 0
        local = closeness or place.region in self.regions
        own, former = self.index.owns(key, pk), self.index.is_former(key, pk)
        # A village whose position is unknown counts as at the edge of the story's area.
        distance = (-km if km < math.inf else -NEARBY_KM) if local else 0
        return (
            own, closeness, local, support[pk], not former, distance, place.kind != Location.Kind.REGION,
            place.population,
        )  # fmt: skip


def by_far_the_largest(candidates, key, index):
    """The place of tens of thousands that dwarfs every other bearing this name as its own, or None."""
    own = [pk for pk in candidates if index.owns(key, pk)] or list(candidates)
    if len(own) < 2:
        return None
    first, second = sorted(own, key=lambda pk: index.place(pk).population, reverse=True)[:2]
    big = index.place(first).population
    return first if big >= WELL_KNOWN and big >= BY_FAR * max(index.place(second).population, 1) else None
