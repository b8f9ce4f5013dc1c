"""
Place detection measured on Ukrainian text that people annotated: the lang-uk NER corpus
(github.com/lang-uk/ner-uk, v2.0: news from «Наші гроші», and press, fiction and essays from the
Brown-UK corpus). Its licence (CC BY-NC-SA 4.0) makes it evaluation data only: it is read from
wherever it was cloned and never copied into the project, shipped or learnt from.

The corpus comes in two halves, listed in v2.0/data/dev-test-split.txt. Develop on `dev`; `test`
is how the work is judged, so it is read only when asked for by name.

- A suggestion (a place for a document) is right when a text span it was found at lies inside an
  annotated location, or inside an organisation whose name holds the place ("Харківська обласна
  рада").
- Recall counts the annotated locations that name a place in Ukraine the gazetteer knows (by the
  same lookup detection uses, after "м.", "с.", "смт" and the like, and with "обл." read as
  "область", and not a name a world city abroad dwarfs its Ukrainian bearers with: "Парижі"), and
  is the share of them that a suggestion's span overlaps. A location the text
  calls a street, a river, a lake or a square ("вулиці Шевченка", "річку Полтву", or the rest of
  a list of streets after "вулиць:") is not one: it only shares a village's name.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from locations import languages
from locations.detection import suggestions
from locations.detection.context import not_better_known_abroad
from locations.detection.index import NOT_A_PLACE, current_index
from locations.detection.matching import WordReadings, lookup, tokenize
from locations.models import Location, fold_name

SPLIT_FILE = Path("v2.0") / "data" / "dev-test-split.txt"
FOLDERS = {"ng": "news", "bruk": "Brown-UK"}
#: Words before a name in an annotated location that are not part of it, and abbreviations read whole.
LEADING = {"м", "с", "смт", "сел", "місто", "село", "селище", "хутір", "у", "в"}
ABBREVIATIONS = {"обл": "область", "р": "район"}
#: Words that make the location after them a street, a river, a lake or a square, not a settlement.
NOT_SETTLEMENTS = re.compile(
    r"\b(вул|вулиц\w*|провул\w*|просп\w*|бульвар\w*|площ\w*|майдан\w*|річк\w*|ріки|ріці|озер\w*|урочищ\w*)\W*$",
    re.IGNORECASE,
)


@dataclass
class Annotation:
    kind: str
    start: int
    end: int
    text: str


@dataclass
class Document:
    id: str
    source: str
    text: str
    annotations: list = field(default_factory=list)

    def within(self, start, end, kinds=("LOC", "ORG")):
        return any(a.kind in kinds and a.start <= start and end <= a.end for a in self.annotations)

    def called_not_a_settlement(self, annotation):
        """Whether the text calls the location a street, river, lake or square, itself or as one of a list of them."""
        start = annotation.start
        while True:
            before = self.text[max(0, start - 40) : start]
            if NOT_SETTLEMENTS.search(before):
                return True
            listed = [
                a
                for a in self.annotations
                if a.kind == "LOC" and a.end <= start and not self.text[a.end : start].strip(" ,")
            ]
            if not listed:
                return False
            start = listed[0].start


def documents(root, split):
    """The documents of one half ("dev" or "test") of the corpus cloned at `root`."""
    root = Path(root)
    if not (root / SPLIT_FILE).exists():
        raise FileNotFoundError(f"{root / SPLIT_FILE} not found: give the folder lang-uk/ner-uk was cloned into")
    section, ids = None, []
    for line in (root / SPLIT_FILE).read_text(encoding="utf-8").splitlines():
        if line.strip().upper() in {"DEV", "TEST"}:
            section = line.strip().lower()
        elif line.strip() and section == split:
            ids.append(line.strip())
    for id_ in ids:
        for folder, source in FOLDERS.items():
            text_file = root / "v2.0" / "data" / folder / f"{id_}.txt"
            if text_file.exists():
                text = text_file.read_text(encoding="utf-8")
                annotations = _annotations(text_file.with_suffix(".ann").read_text(encoding="utf-8"))
                yield Document(id_, source, text, annotations)


def _annotations(standoff):
    """
    Brat's standoff lines, "T1<TAB>LOC 10 17<TAB>Сіверськ" (or with tabs throughout: "T1<TAB>LOC<TAB>10<TAB>17<TAB>…");
    a broken span "10 12;14 17" is read whole.
    """
    found = []
    for line in standoff.splitlines():
        fields = line.split("\t")
        if not line.startswith("T") or len(fields) < 3:
            continue
        if " " not in fields[1] and len(fields) >= 5:
            fields = [fields[0], " ".join(fields[1:4]), "\t".join(fields[4:])]
        kind, _, span = fields[1].partition(" ")
        numbers = [int(number) for number in span.replace(";", " ").split() if number.isdecimal()]
        if numbers:
            found.append(Annotation(kind, min(numbers), max(numbers), fields[2]))
    return found


def names_a_place_in_ukraine(text):
    """Whether an annotated location's words are the name of a place in Ukraine (not the country)."""
    index, lang = current_index(), languages.rules("uk")
    words = [(folded, original) for folded, original in tokenize(text, lang)]
    while words and fold_name(words[0][1]) in LEADING:
        words.pop(0)
    words = [(ABBREVIATIONS.get(fold_name(o), folded), ABBREVIATIONS.get(fold_name(o), o)) for folded, o in words]
    if not words:
        return False
    readings = WordReadings(
        [tuple(fold_name(form) for form in lang.readings(original)) for _word, original in words],
        surface=[fold_name(original) for _word, original in words],
    )
    key, candidates = lookup(words, readings, 0, len(words), index)
    candidates = not_better_known_abroad(key, candidates or set(), index)  # "Парижі" is Paris, not a village
    return any(
        pk != NOT_A_PLACE and not index.place(pk).abroad and index.place(pk).kind != Location.Kind.COUNTRY
        for pk in candidates
    )


def _around(text, start, end, width=40):
    """The words around a span, on one line, the span in [brackets]."""
    line = f"{text[max(0, start - width) : start]}[{text[start:end]}]{text[end : end + width]}"
    return " ".join(line.split())


class Score:
    def __init__(self):
        self.suggested = self.right = self.places = self.found = 0
        self.wrong, self.missed = Counter(), Counter()
        self.example = {}  # a wrong or missed name -> the words around its first occurrence
        self.bands = Counter()  # (tenth of confidence, right) -> suggestions: is 0.9 right nine times in ten?

    def add(self, document):
        mentions = suggestions(document.text, "uk")
        for mention in mentions:
            self.suggested += 1
            right = any(document.within(start, end) for start, end in mention.spans)
            self.bands[min(int(mention.confidence * 10), 9), right] += 1
            if right:
                self.right += 1
            else:
                key = (", ".join(mention.names), mention.location.name)
                self.wrong[key] += 1
                self.example.setdefault(key, _around(document.text, *mention.spans[0]))
        spans = [span for mention in mentions for span in mention.spans]
        for annotation in document.annotations:
            if (
                annotation.kind == "LOC"
                and names_a_place_in_ukraine(annotation.text)
                and not document.called_not_a_settlement(annotation)
            ):
                self.places += 1
                if any(start < annotation.end and annotation.start < end for start, end in spans):
                    self.found += 1
                else:
                    self.missed[annotation.text] += 1
                    self.example.setdefault(annotation.text, _around(document.text, annotation.start, annotation.end))

    @property
    def precision(self):
        return self.right / self.suggested if self.suggested else 1.0

    @property
    def recall(self):
        return self.found / self.places if self.places else 1.0

    def calibration(self):
        """[(band, suggestions, precision)] per tenth of confidence ("0.8" holds 0.80–0.89)."""
        rows = []
        for band in sorted({band for band, _ in self.bands}):
            total = self.bands[band, True] + self.bands[band, False]
            rows.append((band / 10, total, self.bands[band, True] / total))
        return rows

    def __str__(self):
        return (
            f"precision {self.precision:.3f} ({self.right}/{self.suggested})   "
            f"recall of places in Ukraine {self.recall:.3f} ({self.found}/{self.places})"
        )
