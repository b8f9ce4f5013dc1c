"""
Which kept pages a change to the stories retires, as cache tags (see common.cachetags). Only what
readers can see counts: a draft, a story in review, a scheduled or unpublished story retire
nothing, until the moment they go public or stop being public.
"""

from datetime import UTC, datetime

from common.cachetags import CORRECTIONS, SEARCH, SITEMAPS, STORIES

from .models import Article, Correction, LivePost, PlaceIndex, TaggedArticle

#: Shown with every public story: a story's edit retires these along with the pages that show it.
WITH_EVERY_STORY = {SITEMAPS, SEARCH}


def story(pk):
    return f"article-{pk}"


def live(article_pk):
    """The posts of a live story: its page, its post pages, the answers to readers' polls, its feed."""
    return f"live-{article_pk}"


def live_posts_about(location_ids):
    """The "live posts" list on the pages of these places."""
    return {f"live:location-{pk}" for pk in location_ids}


def post_places(post_ids):
    """Every place the posts are filed under and every place above those."""
    paths = LivePost.locations.through.objects.filter(livepost_id__in=list(post_ids)).values_list(
        "location__path", flat=True
    )
    return {int(part) for path in paths for part in path.strip("/").split("/") if part}


def post_changed(article_pk, post_ids, places_before=()):
    """
    What a change to public posts retires: the live story's page and polls, search (which finds
    posts' words) and the live lists of the places they are (and were) about.
    """
    return {live(article_pk), SEARCH} | live_posts_about(set(places_before) | post_places(post_ids))


def lists_of(article_ids):
    """
    Every list these stories appear in when public: the lists of all stories and those of their
    sections, tags, bylines and places (every place above the tagged ones, from the place index).
    """
    ids = list(article_ids)
    if not ids:
        return set()
    tags = {STORIES, *WITH_EVERY_STORY}
    sections = Article.objects.filter(pk__in=ids).exclude(section=None).values_list("section_id", flat=True)
    tags |= {f"stories:section-{pk}" for pk in sections}
    tag_ids = TaggedArticle.objects.filter(content_object_id__in=ids).values_list("tag_id", flat=True)
    tags |= {f"stories:tag-{pk}" for pk in tag_ids}
    authors = Article.authors.through.objects.filter(article_id__in=ids).values_list("author_id", flat=True)
    tags |= {f"stories:author-{pk}" for pk in authors}
    places = PlaceIndex.objects.filter(article_id__in=ids).values_list("location_id", flat=True).distinct()
    tags |= {f"stories:location-{pk}" for pk in places}
    if Correction.objects.filter(article_id__in=ids).exists():
        tags.add(CORRECTIONS)
    return tags


def story_saved(article, before):
    """
    What saving `article` retires. `before`: the stored row as it was (see Article.save). A public
    story's own pages always; every list it is in when it joined or left them or moved in them
    (published, unpublished, a new time, section or lead flag).
    """
    is_public = article.is_public
    if not (before["was_public"] or is_public):
        return set()
    tags = {story(article.pk), *WITH_EVERY_STORY}
    # The story it translates (before and after) links to it, and so does every other translation.
    originals = {before["translation_of_id"], article.translation_of_id} - {None}
    tags |= {story(pk) for pk in originals}
    tags |= {
        story(pk)
        for pk in Article.objects.filter(translation_of__in=originals | {article.pk}).values_list("pk", flat=True)
    }
    moved = (
        before["was_public"] != is_public
        or before["published_at"] != article.published_at
        or before["section_id"] != article.section_id
        or before["is_featured"] != article.is_featured
        or before["language"] != article.language
    )
    if moved:
        tags |= lists_of([article.pk])
        if before["section_id"]:
            tags.add(f"stories:section-{before['section_id']}")
    elif Correction.objects.filter(article=article).exists():
        tags.add(CORRECTIONS)
    return tags


def public_ids(article_ids):
    return set(Article.objects.published().filter(pk__in=list(article_ids)).values_list("pk", flat=True))


def gone_public(since, now):
    """
    For the schedule (common.freshness.run_due): what retires because stories went public between
    two Unix times, and when the next one is due.
    """
    went = Article.objects.published().filter(
        published_at__gt=datetime.fromtimestamp(since, UTC), published_at__lte=datetime.fromtimestamp(now, UTC)
    )
    ids = list(went.values_list("pk", flat=True))
    due = Article.objects.next_scheduled_time()
    return {story(pk) for pk in ids} | lists_of(ids), (due.timestamp() if due else None)
