"""
How far an editor can trust the place suggestions: precision and recall of place detection on the
labelled passages in bench/data (a development half to work from, a held-out half only measured),
and, given where it was cloned (--ner-uk), on the lang-uk corpus of annotated Ukrainian text
(bench/ner_uk.py).
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bench import ner_uk
from locations.detection import detect_in_article
from locations.models import Location, fold_name

DATA = Path(__file__).resolve().parents[2] / "data"
#: Each half: its file and the language its passages are written in.
HALVES = {
    "development": ("place_passages_dev.txt", "en"),
    "held-out": ("place_passages_heldout.txt", "en"),
    "Ukrainian development": ("place_passages_uk_dev.txt", "uk"),
    "Ukrainian held-out": ("place_passages_uk_heldout.txt", "uk"),
}
HEADER = re.compile(r"^\[(?P<id>[\w-]+)\]\s+(?P<kind>[\w-]+)\s*$")


@dataclass
class Passage:
    id: str
    kind: str
    text: str = ""
    labels: list = field(default_factory=list)


@dataclass
class Label:
    """A place as the passages name it: "Siversk", "Andriivka @ Donetsk Oblast / Bakhmut Raion"."""

    text: str

    @property
    def name(self):
        return self.text.partition(" @ ")[0].strip()

    @property
    def within(self):
        """The names of the places it lies in (oblast, then raion), outermost first."""
        where = self.text.partition(" @ ")[2]
        return [part.strip() for part in where.split("/") if part.strip()]

    def matches(self, location, above):
        """Whether `location` (with `above`, the names of the places above it) is this place."""
        if fold_name(location.name) != fold_name(self.name):
            return False
        # A raion is checked only once the gazetteer knows raions (until then, the oblast decides).
        known = {fold_name(name) for name in above}
        return all(fold_name(name) in known for name in self.within if not _is_raion(name) or self._has_raions(above))

    @staticmethod
    def _has_raions(above):
        return any(_is_raion(name) for name in above)


def _is_raion(name):
    return name.lower().endswith(" raion")


def read_passages(path):
    """The passages of one file, in order (see the file's own header for the format)."""
    passages, current = [], None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#") or not line.strip():
            continue
        if header := HEADER.match(line):
            current = Passage(header["id"], header["kind"])
            passages.append(current)
        elif current is None:
            raise CommandError(f"{path.name}:{number}: text before the first [id] header")
        elif line.startswith("="):
            current.labels = [Label(text.strip()) for text in line[1:].split(";") if text.strip()]
        else:
            current.text = f"{current.text} {line}".strip()
    return passages


class Tally:
    def __init__(self):
        self.suggested = self.right = self.labelled = self.found = 0

    def add(self, suggested, right, labelled, found):
        self.suggested += suggested
        self.right += right
        self.labelled += labelled
        self.found += found

    @property
    def precision(self):
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self):
        return self.found / self.labelled if self.labelled else 1.0


class Command(BaseCommand):
    help = (
        "Precision and recall of place detection on the labelled passages (development and held-out "
        "halves), per class of passage, with every wrong or missed place."
    )

    def add_arguments(self, parser):
        parser.add_argument("--half", choices=[*HALVES, "all"], default="all")
        parser.add_argument("--quiet", action="store_true", help="figures only, not the misses")
        parser.add_argument("--ner-uk", metavar="PATH", help="where lang-uk/ner-uk was cloned: measure on it too")
        parser.add_argument("--split", choices=["dev", "test"], default="dev", help="the corpus's half to read")

    def handle(self, *args, half, quiet, ner_uk, split, **options):
        if not Location.objects.exists():
            raise CommandError("No places in this database: run `manage.py import_places` first.")
        if ner_uk:
            self.evaluate_corpus(Path(ner_uk), split, quiet)
        names = dict(Location.objects.values_list("pk", "name"))
        halves = HALVES if half == "all" else {half: HALVES[half]}
        for title, (filename, language) in halves.items():
            if (DATA / filename).exists():
                self.evaluate(title, read_passages(DATA / filename), names, quiet, language)

    def evaluate(self, title, passages, names, quiet, language):
        total, by_kind, misses = Tally(), defaultdict(Tally), []
        for passage in passages:
            mentions = detect_in_article("", "", passage.text, language=language)
            suggested = [mention.location for mention in mentions]
            above = {place.pk: [names[pk] for pk in place.ancestor_ids if pk in names] for place in suggested}
            right = [place for place in suggested if any(lab.matches(place, above[place.pk]) for lab in passage.labels)]
            found = [lab for lab in passage.labels if any(lab.matches(place, above[place.pk]) for place in suggested)]
            for tally in (total, by_kind[passage.kind]):
                tally.add(len(suggested), len(right), len(passage.labels), len(found))
            wrong = [place for place in suggested if place not in right]
            missed = [lab for lab in passage.labels if lab not in found]
            if wrong or missed:
                misses.append((passage, wrong, missed))
        self.stdout.write(f"\n{title} half: {len(passages)} passages, {total.labelled} places labelled")
        self.stdout.write(
            f"  precision {total.precision:.3f} ({total.right}/{total.suggested})   "
            f"recall {total.recall:.3f} ({total.found}/{total.labelled})"
        )
        self.stdout.write("  by class: " + "; ".join(
            f"{kind} P {tally.precision:.2f} R {tally.recall:.2f}" for kind, tally in sorted(by_kind.items())
        ))  # fmt: skip
        if quiet:
            return
        for passage, wrong, missed in misses:
            self.stdout.write(f"  [{passage.id}] {passage.kind}")
            for place in wrong:
                self.stdout.write(f"      wrong:  {place.full_name or place.name}")
            for label in missed:
                self.stdout.write(f"      missed: {label.text}")

    def evaluate_corpus(self, root, split, quiet):
        total, by_source = ner_uk.Score(), {}
        try:
            for document in ner_uk.documents(root, split):
                for score in (total, by_source.setdefault(document.source, ner_uk.Score())):
                    score.add(document)
        except FileNotFoundError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"\nlang-uk NER corpus, {split} half:\n  {total}")
        for source, score in sorted(by_source.items()):
            self.stdout.write(f"  {source}: {score}")
        self.stdout.write("  calibration (confidence shown → share right): " + "; ".join(
            f"{band:.1f}: {precision:.2f} of {count}" for band, count, precision in total.calibration()
        ))  # fmt: skip
        if quiet:
            return
        self.stdout.write("  wrong (as written → place), most frequent first:")
        for (names, place), count in total.wrong.most_common():
            self.stdout.write(f"      {count:3d}  {names} → {place}   …{total.example[names, place]}…")
        self.stdout.write("  missed, most frequent first:")
        for text, count in total.missed.most_common():
            self.stdout.write(f"      {count:3d}  {text}   …{total.example[text]}…")
