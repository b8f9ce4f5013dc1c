"""
Versions of a story: a snapshot of everything an editor can change, taken after each save,
compared word by word, and restored as a new version (nothing is ever overwritten).
"""

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.models import Location
from media.models import Image

from .models import ArticlePhoto, ArticleVersion, Author, Section, Tag

# (key, label, kind): "text" diffs word by word, "list" shows what was added and removed.
FIELDS = [
    ("headline", gettext_lazy("Headline"), "text"),
    ("standfirst", gettext_lazy("Standfirst"), "text"),
    ("body", gettext_lazy("Body"), "text"),
    ("hero_image", gettext_lazy("Hero photo"), "text"),
    ("hero_caption", gettext_lazy("Hero caption"), "text"),
    ("photos", gettext_lazy("Photos in the body"), "list"),
    ("authors", gettext_lazy("Bylines"), "list"),
    ("section", gettext_lazy("Section"), "text"),
    ("tags", gettext_lazy("Tags"), "list"),
    ("locations", gettext_lazy("Places"), "list"),
    ("slug", gettext_lazy("Address"), "text"),
    ("status", gettext_lazy("Status"), "text"),
    ("published_at", gettext_lazy("Published at"), "text"),
    ("corrections", gettext_lazy("Corrections and updates"), "list"),
]
BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\s+|\w+|[^\w\s]")


def snapshot(article):
    """Everything a reader or an editor would call "the story", as plain JSON."""
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body,
        "hero_image": _ref(article.hero_image),
        "hero_caption": article.hero_caption,
        "section": _ref(article.section),
        "authors": [_ref(author) for author in article.authors.order_by("name", "pk")],
        "tags": sorted(tag.name for tag in article.tags.all()),
        "locations": [_ref(place) for place in article.locations.order_by("path")],
        "photos": [
            {"image": _ref(photo.image), "after_paragraph": photo.after_paragraph, "caption": photo.caption}
            for photo in article.photos.select_related("image")
        ],
        "status": article.status,
        "published_at": _utc(article.published_at),
        "is_featured": article.is_featured,
        "corrections": [
            {"kind": note.kind, "at": _utc(note.published_at), "text": note.text} for note in article.corrections.all()
        ],
    }


def _utc(moment):
    """One spelling per instant (forms hand back local times), so equal times compare equal."""
    return moment.astimezone(UTC).isoformat() if moment else None


def _local(value):
    return date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")


def _ref(obj):
    return [obj.pk, str(obj)] if obj is not None else None


def record_version(article, user, note=""):
    """Keep the story as it is now, unless it is exactly the latest version already."""
    data = snapshot(article)
    latest = article.versions.first()
    if latest is not None and latest.data == data:
        return None
    return ArticleVersion.objects.create(
        article=article,
        number=(latest.number if latest else 0) + 1,
        revision=article.revision,
        saved_by=user,
        note=note[:200],
        data=data,
    )


@dataclass
class Change:
    label: str
    html: str


def compare(old, new):
    """One row per changed field: its value with removals and additions marked."""
    rows = []
    for key, label, kind in FIELDS:
        before, after = _display(key, old.get(key)), _display(key, new.get(key))
        if before != after:
            marked = _list_diff(before, after) if kind == "list" else _word_diff(before, after)
            rows.append(Change(str(label), marked))
    return rows


def _display(key, value):
    """A field's value as text (or a list of texts) for people to compare."""
    if value is None:
        return ""
    if key == "body":
        text = TAG.sub("", BLOCK_END.sub("\n\n", value))
        return re.sub(r"\n{3,}", "\n\n", html.unescape(text)).strip()
    if key in {"hero_image", "section"}:
        return value[1]
    if key in {"authors", "locations"}:
        return [name for _pk, name in value]
    if key == "photos":
        return [
            _("%(photo)s after paragraph %(n)s") % {"photo": p["image"][1], "n": p["after_paragraph"]}
            + (f" — {p['caption']}" if p["caption"] else "")
            for p in value
        ]
    if key == "corrections":
        return [f"{_local(note['at'])} {note['kind']}: {note['text']}" for note in value]
    if key == "published_at":
        return _local(value)
    return value


def _word_diff(before, after):
    """The text with removed words in <del> and added ones in <ins>; a change spanning several words stays one."""
    a, b = WORD.findall(str(before)), WORD.findall(str(after))
    runs = []  # [unchanged text, removed, added]
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        bridging = op == "equal" and not old.strip() and runs and runs[-1][0] is None
        if op == "equal" and not bridging:
            runs.append([old, "", ""])
        elif runs and runs[-1][0] is None:
            runs[-1][1] += old
            runs[-1][2] += new
        else:
            runs.append([None, old, new])
    parts = []
    for same, removed, added in runs:
        if same is not None:
            parts.append(format_html("{}", same))
            continue
        # Spaces on the edge of a change belong to the unchanged text around it.
        lead = _common_space(removed, added, str.lstrip)
        trail = _common_space(removed[len(lead) :], added[len(lead) :], str.rstrip, end=True)
        removed, added = removed[len(lead) : len(removed) - len(trail)], added[len(lead) : len(added) - len(trail)]
        parts.append(lead)
        if removed:
            parts.append(format_html("<del>{}</del>", removed))
        if added:
            parts.append(format_html("<ins>{}</ins>", added))
        parts.append(trail)
    return mark_safe("".join(parts))


def _common_space(removed, added, strip, end=False):
    """The whitespace both texts (or the only non-empty one) start with, or end with when `end`."""
    edges = []
    for text in (removed, added):
        if text:
            stripped = strip(text)
            edges.append(text[len(stripped) :] if end else text[: len(text) - len(stripped)])
    if not edges or (len(edges) == 2 and edges[0] != edges[1]):
        return ""
    return edges[0]


def _list_diff(before, after):
    removed = [item for item in before if item not in after]
    items = [("del", item) for item in removed] + [("ins" if item not in before else "span", item) for item in after]
    return format_html_join(mark_safe(", "), "<{0}>{1}</{0}>", items)


def restore(article, version, user):
    """
    Put a version's content back (status and publication time stay as they are: restoring is an
    edit, not a move in the workflow) and keep the result as a new version. Returns the names of
    things the old version had that no longer exist (a deleted photo or place).
    """
    data = version.data
    missing = []
    article.headline = data["headline"]
    article.slug = data["slug"]
    article.standfirst = data["standfirst"]
    article.body = data["body"]
    article.hero_caption = data["hero_caption"]
    article.hero_image = _existing(Image, data["hero_image"], missing)
    article.section = _existing(Section, data["section"], missing)
    article.save()
    article.authors.set(_existing_all(Author, data["authors"], missing))
    article.tags.set(Tag.objects.for_names(data["tags"]))
    article.locations.set(_existing_all(Location, data["locations"], missing))
    article.photos.all().delete()
    for photo in data["photos"]:
        image = _existing(Image, photo["image"], missing)
        if image is not None:
            ArticlePhoto.objects.create(
                article=article, image=image, after_paragraph=photo["after_paragraph"], caption=photo["caption"]
            )
    record_version(article, user, note=_("Restored from version %(number)s") % {"number": version.number})
    return missing


def _existing(model, ref, missing):
    if ref is None:
        return None
    found = model.objects.filter(pk=ref[0]).first()
    if found is None:
        missing.append(ref[1])
    return found


def _existing_all(model, refs, missing):
    found = model.objects.in_bulk([ref[0] for ref in refs])
    missing.extend(ref[1] for ref in refs if ref[0] not in found)
    return list(found.values())
