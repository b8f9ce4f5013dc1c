"""
How sure a suggestion is and why, in words an editor reads: how its place was told apart from
others of the same name (a Choice), its confidence, and the Mention detection returns.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Location, fold_name


@dataclass
class Mention:
    location: Location
    count: int
    names: list = field(default_factory=list)
    #: Mentions of a capital standing for its government ("Kyiv said"), counted apart from `count`.
    as_government: int = 0
    #: How sure the detector is that the story names this place (0-1), and why, for the editor.
    confidence: float = 0.0
    reasons: list = field(default_factory=list)
    #: Where the text names it: (start, end) of each mention, in the text as read (tags stripped).
    spans: list = field(default_factory=list)


ONLY, PLACED, AS_REGION, ALSO_NAMED = "only", "placed", "region", "also-named"
SAME_HROMADA, SAME_DISTRICT, TOGETHER = "same-hromada", "same-district", "together"
NEAR, SAME_REGION, OWN_NAME, LARGEST = "near", "same-region", "own-name", "largest"
BY_FAR_THE_LARGEST = "by-far-the-largest"
#: How sure a suggestion is, by how its place was told apart from others of the same name.
CONFIDENCE = {
    ONLY: 0.9, PLACED: 0.9, AS_REGION: 0.9, ALSO_NAMED: 0.9, SAME_HROMADA: 0.85, SAME_DISTRICT: 0.8, NEAR: 0.8,
    SAME_REGION: 0.7, OWN_NAME: 0.7, TOGETHER: 0.65, BY_FAR_THE_LARGEST: 0.8, LARGEST: 0.5,
}  # fmt: skip
FORMER_NAME = 0.1  # less sure when only a former name points at it
#: Evidence (locations.detection.evidence) from which a one-word name is as sure as its namesakes allow,
#: and what each point below that costs: a bare capitalised name inside a sentence (1) loses 0.1.
SURE_EVIDENCE, DOUBT_PER_POINT = 2.0, 0.1
EACH_MORE_MENTION = 0.03


@dataclass
class Choice:
    """How one mention was settled on a place, and the words that tell the editor."""

    how: str
    near: int = None  # the nearest of the story's other places, for NEAR
    namesakes: int = 1
    former: bool = False
    #: How much the words around a one-word Ukrainian name say it is a place (see .evidence); None: not weighed.
    evidence: float | None = None

    @property
    def doubt(self):
        """What a name with little around it to say it is a place loses in confidence (0 with enough)."""
        if self.evidence is None or self.evidence >= SURE_EVIDENCE:
            return 0.0
        return (SURE_EVIDENCE - self.evidence) * DOUBT_PER_POINT

    @property
    def confidence(self):
        return CONFIDENCE[self.how] - (FORMER_NAME if self.former else 0) - self.doubt

    def explain(self, mention, locations, context):
        confidence = min(0.99, self.confidence + EACH_MORE_MENTION * (mention.count - 1))
        reasons = [ngettext("%(count)d mention", "%(count)d mentions", mention.count) % {"count": mention.count}]
        other = [name for name in mention.names if fold_name(name) != fold_name(mention.location.name)]
        if other:
            reasons.append(_("as “%(names)s”") % {"names": "”, “".join(other)})
        if self.former:
            reasons.append(_("a former or other name"))
        if self.doubt:
            reasons.append(_("little in the words around it says it is a place"))
        if self.how == AS_REGION:
            reasons.append(_("named as a region"))
        elif self.namesakes > 1:
            reasons.append(self.namesake_reason(mention, locations, context))
        return round(confidence, 2), reasons

    def namesake_reason(self, mention, locations, context):
        one_of = ngettext(
            "one of %(count)d places of this name", "one of %(count)d places of this name", self.namesakes
        ) % {"count": self.namesakes}
        if self.how == PLACED:
            how = _("the one in the region the text names")
        elif self.how == ALSO_NAMED:
            how = _("the one the text also names by its own name")
        elif self.how == NEAR and self.near in locations:
            how = _("near %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_HROMADA and self.near in locations:
            how = _("in the same hromada as %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_DISTRICT and self.near in locations:
            how = _("in the same raion as %(place)s, also mentioned") % {"place": locations[self.near].name}
        elif self.how == SAME_REGION:
            how = _("in the region of other places mentioned")
        elif self.how == BY_FAR_THE_LARGEST:
            how = _("by far the largest; the others are villages")
        elif self.how == TOGETHER:
            how = _("the one in the same area as other places the story names, each of them also shared by several")
        elif self.how == OWN_NAME:
            how = _("the one whose name it is today (the others bore it once or go by it too)")
        else:
            how = _("the largest: check it is the one meant")
        return f"{one_of}: {how}"
