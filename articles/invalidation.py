"""
Which surrogate keys (common.keys) each change to the newsroom's content purges: the one place
that maps a change to keys. articles.receivers calls these when something is saved or deleted and
hands the result to common.purges.purge().

The rule: a change purges the key of every row it changed that readers can see, and the key of
every list it moved a story into, out of, or within. Pages record the keys of what they read
while they are drawn, so "every page that shows X" is simply every copy that carries X's key.
What readers cannot see (drafts, stories in review, previews, history) purges nothing; a story
scheduled for later purges its lists at its time (purge(…, at=)), with nothing to run then.
"""

from typing import NamedTuple

from django.utils import timezone

from common.keys import (
    CORRECTIONS,
    PLACES,
    SEARCH,
    SECTIONS,
    SITEMAP_LISTS,
    SITEMAPS,
    list_of,
    named,
    posts_about,
    posts_of,
)
from locations.models import Location

from .models import Article, Correction, LivePost, PlaceIndex, TaggedArticle

#: Shown with every public story wherever stories are listed or searched.
WITH_EVERY_STORY = {SEARCH, SITEMAPS}


class Purge(NamedTuple):
    """Keys to purge now, whether hard (something was taken down), and keys to purge at a later time."""

    keys: set
    hard: bool = False
    later: dict | None = None  # {datetime: keys} for a story that goes out later


def story(pk):
    return named("article", pk)


# Stories


def story_saved(article, before):
    """What saving `article` purges; `before` is the stored row as it was (see Article.save)."""
    is_public, was_public = article.is_public, before["was_public"]
    linked = translation_ids(article, before["translation_of_id"])
    # A story linked to a version scheduled for later names that version once it is out: that
    # moment purges this story too, though the link was made after the version was scheduled.
    versions = Article.objects.filter(pk__in=linked).only("status", "published_at")
    later = merged(
        scheduled(article),
        *({version.published_at: {story(article.pk)}} for version in versions if version.is_scheduled),
    )
    if not (was_public or is_public):
        return Purge(set(), later=later)
    keys = {story(article.pk), *WITH_EVERY_STORY, *(story(pk) for pk in linked)}
    moved = (
        was_public != is_public
        or before["published_at"] != article.published_at
        or before["section_id"] != article.section_id
        or before["is_featured"] != article.is_featured
        or before["language"] != article.language
    )
    if moved:
        keys |= lists_of([article.pk])
        if before["section_id"]:
            keys.add(list_of_section(before["section_id"]))
    if article.is_live:
        keys.add(posts_of(article.pk))  # the live page's LIVE label and whether open pages keep asking
        if article.coverage_ended_at and article.coverage_ended_at > timezone.now():
            later.setdefault(article.coverage_ended_at, set()).update({story(article.pk), posts_of(article.pk)})
    return Purge(keys, hard=was_public and not is_public, later=later)


def story_deleted(article_pk, was_public, lists):
    """What deleting a story purges, from what was worked out before the row went (`lists`)."""
    return Purge({story(article_pk), *lists} if was_public else set(), hard=True)


def before_deletion(article):
    """Worked out before a story is deleted: the lists it is in and the stories that link to it."""
    return lists_of([article.pk]) | translation_group(article)


def translation_group(article, translation_of_before=None):
    """The keys of the stories that link to `article` as its translation, or that it links to, before and after."""
    return {story(pk) for pk in translation_ids(article, translation_of_before)}


def translation_ids(article, translation_of_before=None):
    """The ids of the stories that link to `article` as its translation, or that it links to, before and after."""
    originals = {translation_of_before, article.translation_of_id} - {None}
    linked = Article.objects.filter(translation_of__in=originals | {article.pk}).values_list("pk", flat=True)
    return (originals | set(linked)) - {article.pk}


def scheduled(article):
    """For a story scheduled for later: {its time: what its going out will purge}."""
    if not article.is_scheduled:
        return {}
    return {article.published_at: {story(article.pk), *lists_of([article.pk]), *translation_group(article)}}


def lists_of(article_ids):
    """
    Every list these stories are in when public: the lists of all stories, of their sections, tags,
    bylines and places (every place above the tagged ones and their areas, from the place index),
    and for a live story the live lists of the places its posts are about.
    """
    ids = list(article_ids)
    if not ids:
        return set()
    keys = {"stories", *WITH_EVERY_STORY}
    sections = Article.objects.filter(pk__in=ids).exclude(section=None).values_list("section_id", flat=True)
    keys |= {list_of_section(pk) for pk in sections}
    tags = TaggedArticle.objects.filter(content_object_id__in=ids).values_list("tag_id", flat=True)
    keys |= {f"stories:tag-{pk}" for pk in tags}
    authors = Article.authors.through.objects.filter(article_id__in=ids).values_list("author_id", flat=True)
    keys |= {f"stories:author-{pk}" for pk in authors}
    places = PlaceIndex.objects.filter(article_id__in=ids).values_list("location_id", flat=True).distinct()
    keys |= {f"stories:location-{pk}" for pk in places}
    if Correction.objects.filter(article_id__in=ids).exists():
        keys.add(CORRECTIONS)
    posts = LivePost.objects.filter(article_id__in=ids, article__is_live=True, status=LivePost.Status.PUBLISHED)
    keys |= {posts_about(pk) for pk in post_places(posts.values_list("pk", flat=True))}
    return keys


def list_of_section(section_id):
    return f"stories:section-{section_id}"


def filing_changed(article_ids, lists_before):
    """A story's tags, bylines or places changed: the story, and the lists it left and joined."""
    public = public_ids(article_ids)
    later = scheduled_among(article_ids)
    if not public:
        return Purge(set(), later=later)
    return Purge({*(story(pk) for pk in public), *lists_before, *lists_of(public)}, later=later)


def scheduled_among(article_ids):
    """For the stories among these scheduled for later: {their time: what their going out purges, as filed now}."""
    return merged(*(scheduled(article) for article in Article.objects.filter(pk__in=list(article_ids))))


def merged(*schedules):
    """Schedules of purges ({time: keys}) as one."""
    later = {}
    for schedule in schedules:
        for when, keys in schedule.items():
            later.setdefault(when, set()).update(keys)
    return later


def public_ids(article_ids):
    return set(Article.objects.published().filter(pk__in=list(article_ids)).values_list("pk", flat=True))


def tags_merged(kept, merged_ids, moved_ids):
    """
    Stories moved from the merged tags to the kept one: their pages and both tags' lists, and for
    a story scheduled for later, the lists it will join at its time as they are now.
    """
    return Purge(
        {
            *(story(pk) for pk in moved_ids),
            list_of(kept),
            *(f"tag-{pk}" for pk in merged_ids),
            *(f"stories:tag-{pk}" for pk in merged_ids),
            SEARCH,
            SITEMAP_LISTS,
        },
        later=scheduled_among(moved_ids),
    )


def note_changed(note):
    """A correction or update of a public story (or of one of its posts)."""
    if not Article.objects.published().filter(pk=note.article_id).exists():
        return Purge(set())
    keys = {story(note.article_id), CORRECTIONS, SITEMAPS}
    if note.post_id:
        keys.add(posts_of(note.article_id))
    return Purge(keys)


def body_photo_changed(article_id):
    return Purge({story(article_id)} if public_ids([article_id]) else set())


# Live posts


def post_places(post_ids):
    """Every place the posts are filed under, every place above those, and the areas holding them."""
    tagged = LivePost.locations.through.objects.filter(livepost_id__in=list(post_ids))
    return Location.objects.above(tagged.values_list("location_id", flat=True))


def post_changed(article_id, post_ids, places_before=(), taken_down=False):
    """
    What a change to public posts purges: the live story's page, polls, post pages and feed, search
    (which finds posts' words) and the live lists of the places they are and were about.
    """
    places = set(places_before) | post_places(post_ids)
    return Purge({posts_of(article_id), SEARCH, *(posts_about(pk) for pk in places)}, hard=taken_down)


def post_for_later(article, post_ids):
    """A post of a story scheduled for later: its going out will also purge the live lists of the posts' places."""
    if not article.is_scheduled:
        return Purge(set())
    keys = {posts_of(article.pk), *(posts_about(pk) for pk in post_places(post_ids))}
    return Purge(set(), later={article.published_at: keys})


# What stories are filed under


def thing_changed(instance, deleted=False):
    """A photo, section, tag, byline or place edited or deleted (taken down: hard): every page that shows it."""
    model = instance._meta.model_name
    keys = {named(model, instance.pk)}
    if model != "image":  # names: search finds them, the lists' sitemaps list them
        keys |= {SEARCH, SITEMAP_LISTS}
    if model == "section":
        keys.add(SECTIONS)  # the menu, and the home page's blocks
    return Purge(keys, hard=deleted)


def places_moved(article_ids, lists_before):
    """
    The hierarchy changed (a place moved, an area's members): the places' pages and the stories'
    lists, and for a story scheduled for later, the lists it will join at its time as they are now.
    """
    public = public_ids(article_ids)
    return Purge({PLACES, *lists_before, *lists_of(public)}, later=scheduled_among(article_ids))


def places_renamed(location_ids, many):
    """Names decide search results and which old spellings lead to a place's page."""
    if many:
        return Purge({PLACES, SEARCH, SITEMAP_LISTS})
    return Purge({*(named("location", pk) for pk in location_ids), SEARCH})
