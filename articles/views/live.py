"""
Live coverage for readers: the live page (a story marked live), a post's own page, and the small
answer to the question a reader's open page asks every 20 seconds: "anything after post N?".
"""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common import cachetags

from .. import editions, retiring, structured_data
from ..editions import in_edition
from ..models import Article, ArticleRedirect, LivePost, LivePostVersion

POSTS_PER_PAGE = 20
#: Posts a poll hands over at most; a reader further behind is offered a reload instead.
POSTS_PER_POLL = 20
#: Posts taken down lately that a poll tells open pages to remove.
REMOVED_PER_POLL = 20
#: Posts edited or corrected within this time are named in polls, so open pages show the new version.
REVISED_WITHIN = timedelta(hours=1)
REVISED_PER_POLL = 10
#: How long a shared cache that is not purged by the site (a CDN) may keep a poll's answer.
POLL_SHARED_SECONDS = 10


class Timeline:
    """One page of a live story's posts, newest first, and what the page draws around them."""

    def __init__(self, article, before=None):
        self.article, self.before = article, before
        shown = article.live_posts.filter(status=LivePost.Status.PUBLISHED)
        page = shown.order_by("-number")
        if before is not None:
            page = page.filter(number__lt=before)
        posts = list(page.for_timeline()[: POSTS_PER_PAGE + 1])
        self.posts, self.has_older = posts[:POSTS_PER_PAGE], len(posts) > POSTS_PER_PAGE
        self.is_first_page = before is None
        self.key_events = list(
            shown.filter(is_key_event=True).order_by("-number").only("pk", "title", "number", "published_at", "article")
        )
        self.pinned = list(shown.filter(is_pinned=True).order_by("-number").for_timeline()) if before is None else []
        self.notes = [note for note in article.corrections.all() if note.post_id is None]
        on_page = {post.pk for post in self.posts}
        for event in self.key_events:
            event.article = article
            event.on_page = event.pk in on_page

    @property
    def older_number(self):
        return self.posts[-1].number if self.posts and self.has_older else None

    @property
    def latest_number(self):
        """What a reader's page asks after: every post published later has a higher number."""
        return self.article.live_sequence

    def tags(self):
        posts = self.posts + self.pinned
        return cachetags.collect(
            retiring.live(self.article.pk),
            [post.image for post in posts],
            [author for post in posts for author in post.authors.all()],
        )


def render_live(request, article, focus=None, preview_link=None):
    """The live page of `article` (already known to be visible to this request), maybe opened at post `focus`."""
    before = focus.number + 1 if focus else _number(request.GET.get("before"))
    if before is False:
        raise Http404(_("No such page of posts."))
    prefetch_related_objects([article], "authors", "tags", "corrections")
    timeline = Timeline(article, before)
    if before is not None and not timeline.posts:
        raise Http404(_("No such page of posts."))
    for post in timeline.posts + timeline.pinned:
        post.article = article
    context = {
        "share": share_card(article, focus),
        "article": article,
        "timeline": timeline,
        "focus": focus,
        "is_preview": not article.is_public,
        "preview_link": preview_link,
        "translations": [(lang, url) for lang, url in editions.versions(request).items() if lang != article.language],
        "structured_data": [structured_data.live_blog(request, article, timeline.posts)],
        "polls": article.is_live_now and timeline.is_first_page and article.is_public,
    }
    response = render(request, "articles/live_detail.html", context)
    if not article.is_public:
        return response
    return cachetags.add(response, article, article.section, timeline.tags())


def share_card(article, focus=None):
    """What a shared link shows: the post followed (its title, words and photo), else the story."""
    image = focus.image if focus and focus.image_id else article.hero_image
    return {
        "path": focus.get_absolute_url() if focus else article.get_absolute_url(),
        "title": focus.summary(110) if focus else article.headline,
        "description": focus.text() if focus else article.standfirst or article.headline,
        "image": image.sources("social").get("jpg", [None])[0] if image else None,
        "image_alt": image.alt_text if image else "",
    }


def _number(value):
    """A post number from the address: None when absent, False when not a number."""
    if value in (None, ""):
        return None
    return int(value) if value.isdigit() and len(value) < 10 else False


def _live_story(slug):
    article = (
        Article.objects.published(get_language())
        .select_related("section", "hero_image")
        .filter(slug=slug, is_live=True)
        .first()
    )
    if article is None:
        raise Http404(_("No live coverage at this address."))
    return article


@require_safe
def post_detail(request, slug, pk):
    """A post's own address: the live page opened at the post, with the post's title and words to share."""
    try:
        article = _live_story(slug)
    except Http404:
        # A link shared before the story's address changed.
        moved = ArticleRedirect.objects.filter(old_slug=slug, article__is_live=True).select_related("article").first()
        if moved is None or not moved.article.is_public:
            raise
        story = moved.article
        return HttpResponsePermanentRedirect(in_edition(story.language, "articles:live_post", slug=story.slug, pk=pk))
    post = get_object_or_404(article.live_posts.filter(status=LivePost.Status.PUBLISHED), pk=pk)
    post.article = article
    # The post has no twin; the switcher leads to the story's other version, else the home page.
    other = {
        language: article.language_versions().get(language) or in_edition(language, "articles:home")
        for language in editions.others(article.language)
    }
    editions.set_versions(request, {article.language: post.get_absolute_url()}, other)
    return render_live(request, article, focus=post)


@require_safe
def updates(request, slug):
    """
    The posts published after `?after=N`, for a reader's open page; when there are none, a few
    hundred bytes. Every reader of a moment asks the same address, so caches answer nearly all
    of them, until the next post retires it (tag "live-<story>").
    """
    article = _live_story(slug)
    if "post" in request.GET:
        return _one_post(request, article)
    after = _number(request.GET.get("after"))
    if after is None or after is False or after > article.live_sequence:
        message = _("Ask for the posts after a post number this story has.")
        return HttpResponseBadRequest(message, content_type="text/plain")
    shown = article.live_posts.filter(status=LivePost.Status.PUBLISHED)
    new = list(shown.filter(number__gt=after).order_by("-number").for_timeline()[: POSTS_PER_POLL + 1])
    for post in new:
        post.article = article
    taken_down = LivePostVersion.objects.filter(
        article=article, action__in=[LivePostVersion.Action.DELETED, LivePostVersion.Action.WITHDRAWN]
    ).order_by("-saved_at")
    removed = set(taken_down.values_list("post_id", flat=True)[:REMOVED_PER_POLL])
    removed -= set(shown.filter(pk__in=removed).values_list("pk", flat=True))
    # Posts edited or corrected lately: an open page that has one asks for it again (?post=<id>).
    revised = shown.filter(revised_at__gte=timezone.now() - REVISED_WITHIN).order_by("-revised_at")
    revised = revised.values_list("pk", "revised_at")[:REVISED_PER_POLL]
    response = render(
        request,
        "articles/live_updates.html",
        {
            "article": article,
            "posts": new[:POSTS_PER_POLL],
            "more": len(new) > POSTS_PER_POLL,
            "latest": article.live_sequence,
            "removed": sorted(removed),
            "revised": [f"{pk}.{int(at.timestamp())}" for pk, at in revised],
        },
    )
    return _poll_answer(response, article, new)


def _one_post(request, article):
    """One post as the poll sends it, for an open page that has an older version of it."""
    pk = _number(request.GET.get("post"))
    post = article.live_posts.filter(status=LivePost.Status.PUBLISHED, pk=pk).for_timeline().first() if pk else None
    if post is None:
        raise Http404(_("No such post."))
    post.article = article
    response = render(request, "articles/live_updates.html", {"article": article, "posts": [post], "one": True})
    return _poll_answer(response, article, [post])


def _poll_answer(response, article, posts):
    # Kept from crawlers by robots.txt rather than by a header: every byte of "nothing new" counts.
    response.shows_menu = False  # a part of a page: renaming a section does not change it
    # Revalidated by its ETag alone (no Last-Modified).
    response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
    # Browsers ask again each time (a 304 when nothing changed); shared caches that nobody purges
    # keep it only briefly. The site's own cache and Varnish keep it until the next post.
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=min(POLL_SHARED_SECONDS, settings.PUBLIC_CACHE_CONTROL["s_maxage"]),
        stale_while_revalidate=POLL_SHARED_SECONDS,
    )
    return cachetags.add(response, article, retiring.live(article.pk), [post.image for post in posts])
