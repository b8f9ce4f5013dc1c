"""
What each mailing says, and to whom: the day's stories by section, a breaking story, a reader's
batch of stories about the places they follow. Each is drawn once per edition where it is the same
for every reader (digest, breaking alert), once per reader where it is not (place alerts).
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple
from urllib.parse import urljoin

from django.conf import settings
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import Article, LivePost

from .emails import Email
from .models import Mailing, PlaceAlert, Subscriber

#: The widest photo an email shows (its column is 600 px wide).
PHOTO_WIDTH = 600


class Draft(NamedTuple):
    audience: QuerySet  # readers a Delivery is written for (place alerts: written with the round)
    email_for: Callable  # subscriber -> Email


def draft(mailing):
    """What `mailing` sends, or None when there is nothing to send."""
    return {
        Mailing.Kind.DIGEST: digest,
        Mailing.Kind.BREAKING: breaking,
        Mailing.Kind.PLACES: places,
    }[mailing.kind](mailing)


def digest(mailing):
    stories = digest_stories(mailing.language, mailing.send_at)
    if not stories:
        mailing.note = _("Nothing new since the last digest: not sent.")
        Mailing.objects.filter(pk=mailing.pk).update(note=mailing.note)
        return None
    email = digest_email(mailing.language, mailing.send_at, stories)
    audience = _readers(mailing).filter(digest=True)
    return Draft(audience, lambda subscriber: email)


def digest_stories(language, until):
    """The public stories of `language` published in the day before `until`, newest first."""
    return list(
        Article.objects.published(language)
        .filter(published_at__gt=until - timedelta(days=1), published_at__lte=until)
        .select_related("section", "hero_image")
        .order_by("-published_at", "-pk")
    )


def digest_email(language, until, stories):
    by_section = defaultdict(list)
    for story in stories:
        by_section[story.section].append(card(story))
    sections = sorted(by_section.items(), key=lambda item: (item[0] is None, getattr(item[0], "position", 0)))
    context = {"sections": [(section, cards) for section, cards in sections], "day": until, "count": len(stories)}
    return Email("digest", context, language)


def breaking(mailing):
    story = (
        Article.objects.published(mailing.language).select_related("hero_image").filter(pk=mailing.article_id).first()
    )
    if story is None:  # taken down before it was sent
        return None
    email = Email("breaking", {"story": card(story)}, mailing.language)
    return Draft(_readers(mailing).filter(breaking=True), lambda subscriber: email)


def places(mailing):
    def email_for(subscriber):
        alerts = PlaceAlert.objects.filter(mailing=mailing, subscriber=subscriber)
        stories = (
            Article.objects.published(mailing.language)
            .filter(pk__in=alerts.filter(post=None).values("article_id"))
            .select_related("hero_image")
        )
        posts = (
            LivePost.objects.published(mailing.language)
            .filter(pk__in=alerts.exclude(post=None).values("post_id"))
            .select_related("article", "image")
        )
        items = sorted([*map(card, stories), *map(post_card, posts)], key=lambda item: item.published_at, reverse=True)
        if not items:
            return None
        return Email("places", {"stories": items, "places": _followed(subscriber)}, mailing.language)

    return Draft(Subscriber.objects.none(), email_for)


def _readers(mailing):
    return Subscriber.objects.receiving().filter(language=mailing.language)


def _followed(subscriber):
    return [follow.location for follow in subscriber.follows.select_related("location")]


class Card(NamedTuple):
    headline: str
    standfirst: str
    url: str
    published_at: object
    photo_url: str | None
    photo_alt: str


def post_card(post):
    """A live key event as an email shows it: its title, its first words, the address of the post."""
    with translation.override(post.article.language):
        url = urljoin(settings.SITE_URL, post.get_absolute_url())
        headline = f"{_('Live')}: {post.title or post.article.headline}"
    photo = post.image
    words = post.text()
    standfirst = words if len(words) <= 240 else words[:240].rsplit(" ", 1)[0] + "…"
    return Card(headline, standfirst, url, post.published_at, _photo_url(photo), photo.alt_text if photo else "")


def _photo_url(photo):
    sources = photo.sources("card").get("jpg", []) if photo else []
    wide = [source for source in sources if source[1] >= PHOTO_WIDTH] or sources[-1:]
    return urljoin(settings.SITE_URL, wide[0][0]) if wide else None


def card(story):
    """A story as an email shows it: every address absolute, the photo with its alt text."""
    with translation.override(story.language):
        url = urljoin(settings.SITE_URL, story.get_absolute_url())
    photo = story.hero_image
    return Card(
        story.headline, story.standfirst, url, story.published_at, _photo_url(photo), photo.alt_text if photo else ""
    )
