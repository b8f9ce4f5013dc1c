"""
Live coverage for readers: the live page (a story marked live), a post's own page, and the small
answer to the question a reader's open page asks every 20 seconds: "anything after post N?".
"""

import hashlib

from django.conf import settings
from django.db.models import Q, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.keys import posts_of, show

from .. import editions, structured_data
from ..editions import in_edition
from ..models import Article, ArticleRedirect, LivePost, LivePostVersion

POSTS_PER_PAGE = 20
#: Posts a poll hands over at most; a reader further behind is offered a reload instead.
POSTS_PER_POLL = 20
#: Posts taken down lately that a poll tells open pages to remove.
REMOVED_PER_POLL = 20
#: The posts edited or corrected last are named in polls, so open pages show their new version.
REVISED_PER_POLL = 10
#: How long a shared cache that is not purged by the site (a CDN) may keep a poll's answer.
POLL_SHARED_SECONDS = 10


class Outline:
    """
    What a live page shows above its posts: the key events (linked to the posts on the page) and
    the pinned posts; and a short digest of them, by which an open page knows to ask for them again.
    """

    def __init__(self, article, on_page, pinned=None):
        self.article, self.on_page = article, on_page
        shown = article.live_posts.filter(status=LivePost.Status.PUBLISHED)
        self.key_events = list(
            shown.filter(is_key_event=True).order_by("-number").only("pk", "title", "number", "published_at", "article")
        )
        for event in self.key_events:
            event.article, event.on_page = article, event.pk in on_page
        self._pinned = pinned

    @cached_property
    def pinned(self):
        if self._pinned is None:
            shown = self.article.live_posts.filter(status=LivePost.Status.PUBLISHED, is_pinned=True)
            self._pinned = list(shown.order_by("-number").for_timeline())
        for post in self._pinned:
            post.article = self.article
        return self._pinned

    @cached_property
    def html(self):
        return render_to_string("includes/live_outline.html", {"timeline": self})

    @cached_property
    def digest(self):
        """Changes whenever the outline would: a key event added, retitled or moved off the page; a pin; an edit."""
        if self._pinned is None:
            shown = self.article.live_posts.filter(status=LivePost.Status.PUBLISHED, is_pinned=True)
            pins = list(shown.order_by("-number").values_list("pk", "revised_at"))
        else:
            pins = [(post.pk, post.revised_at) for post in self._pinned]
        events = [(event.pk, event.title, event.published_at, event.on_page) for event in self.key_events]
        return hashlib.md5(repr((events, pins)).encode(), usedforsecurity=False).hexdigest()[:10]


class Timeline:
    """One page of a live story's posts, newest first, and what the page draws around them."""

    def __init__(self, article, before=None):
        self.article, self.before = article, before
        show(posts_of(article.pk))
        shown = article.live_posts.filter(status=LivePost.Status.PUBLISHED)
        page = shown.order_by("-number")
        if before is not None:
            page = page.filter(number__lt=before)
        posts = list(page.for_timeline()[: POSTS_PER_PAGE + 1])
        self.posts, self.has_older = posts[:POSTS_PER_PAGE], len(posts) > POSTS_PER_PAGE
        self.is_first_page = before is None
        pinned = list(shown.filter(is_pinned=True).order_by("-number").for_timeline()) if before is None else []
        self.outline = Outline(article, {post.pk for post in self.posts}, pinned)
        self.key_events, self.pinned = self.outline.key_events, self.outline.pinned
        self.notes = [note for note in article.corrections.all() if note.post_id is None]

    @property
    def older_number(self):
        return self.posts[-1].number if self.posts and self.has_older else None

    @property
    def latest_number(self):
        """What a reader's page asks after: the newest post's number (every post published later has a higher one)."""
        if self.is_first_page:
            return self.posts[0].number if self.posts else 0
        return newest_posts(self.article)[0]


def newest_posts(article):
    """(the newest public post's number, 0 before the first; the ids of the posts on the live page's first page)."""
    newest = article.live_posts.filter(status=LivePost.Status.PUBLISHED).order_by("-number")
    rows = list(newest.values_list("pk", "number")[:POSTS_PER_PAGE])
    return (rows[0][1] if rows else 0), {pk for pk, _ in rows}


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
    return render(request, "articles/live_detail.html", context)


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
    """A post number from the address: None when absent, False when not one (only ASCII digits are)."""
    if value in (None, ""):
        return None
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else False


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
    of them, until the next change to the posts purges it (key "posts:article-<id>").
    """
    article = _live_story(slug)
    show(posts_of(article.pk))
    if "post" in request.GET:
        return _one_post(request, article)
    if "outline" in request.GET:
        return _outline(request, article)
    after = _number(request.GET.get("after"))
    if after is None or after is False or after > article.live_sequence:
        message = _("Ask for the posts after a post number this story has.")
        return HttpResponseBadRequest(message, content_type="text/plain")
    latest, on_first_page = newest_posts(article)
    shown = article.live_posts.filter(status=LivePost.Status.PUBLISHED)
    new = list(shown.filter(number__gt=after).order_by("-number").for_timeline()[: POSTS_PER_POLL + 1])
    for post in new:
        post.article = article
    # Posts readers may have on their page and must lose: withdrawn, or deleted while published.
    taken_down = LivePostVersion.objects.filter(
        Q(action=LivePostVersion.Action.WITHDRAWN)
        | Q(action=LivePostVersion.Action.DELETED, data__status=LivePost.Status.PUBLISHED),
        article=article,
    ).order_by("-saved_at")
    removed = set(taken_down.values_list("post_id", flat=True)[:REMOVED_PER_POLL])
    removed -= set(shown.filter(pk__in=removed).values_list("pk", flat=True))
    # The posts edited or corrected last: an open page that has an older version asks for it again (?post=<id>).
    revised = shown.exclude(revised_at=None).order_by("-revised_at").values_list("pk", "revised_at")[:REVISED_PER_POLL]
    response = render(
        request,
        "articles/live_updates.html",
        {
            "article": article,
            "posts": new[:POSTS_PER_POLL],
            "more": len(new) > POSTS_PER_POLL,
            "latest": latest,
            "outline": Outline(article, on_first_page).digest,
            "removed": sorted(removed),
            "revised": [f"{pk}.{int(at.timestamp())}" for pk, at in revised],
        },
    )
    return _poll_answer(response)


def _one_post(request, article):
    """One post as the poll sends it, for an open page that has an older version of it."""
    pk = _number(request.GET.get("post"))
    post = article.live_posts.filter(status=LivePost.Status.PUBLISHED, pk=pk).for_timeline().first() if pk else None
    if post is None:
        raise Http404(_("No such post."))
    post.article = article
    response = render(request, "articles/live_updates.html", {"article": article, "posts": [post], "one": True})
    return _poll_answer(response)


def _outline(request, article):
    """The key events and pinned posts, for an open page whose digest of them is out of date."""
    response = HttpResponse(Outline(article, newest_posts(article)[1]).html)
    return _poll_answer(response)


def _poll_answer(response):
    # Kept from crawlers by robots.txt rather than by a header: every byte of "nothing new" counts.
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
    return response
