"""Plain helpers that make rows with unique defaults; pass keyword arguments to override."""

import io
import itertools
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from articles.models import Article, Author, LivePost, Section, Tag
from common.purges import number_pending
from locations.models import Location
from media.models import Image

_counter = itertools.count(1)


def _n():
    return next(_counter)


def jpeg_bytes(width=64, height=36, colour=(120, 40, 40)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def make_image(**overrides):
    n = _n()
    fields = {
        "file": SimpleUploadedFile(f"photo-{n}.jpg", jpeg_bytes(), content_type="image/jpeg"),
        "alt_text": f"Alt text {n}",
        "caption": f"Caption {n}",
        "credit": f"EPA/Photographer {n}",
    }
    fields.update(overrides)
    return Image.objects.create(**fields)


def make_section(**overrides):
    n = _n()
    fields = {"name": f"Section {n}", "slug": f"section-{n}", "position": n}
    fields.update(overrides)
    return Section.objects.create(**fields)


def make_author(**overrides):
    n = _n()
    fields = {"name": f"Author {n}", "slug": f"author-{n}", "bio": f"Bio {n}"}
    fields.update(overrides)
    return Author.objects.create(**fields)


def make_location(**overrides):
    n = _n()
    fields = {"name": f"Place {n}", "kind": Location.Kind.SETTLEMENT}
    fields.update(overrides)
    return Location.objects.create(**fields)


def make_article(*, tags=(), locations=(), authors=(), **overrides):
    """A published article from an hour ago, unless overridden."""
    n = _n()
    fields = {
        "headline": f"Headline number {n}",
        "slug": f"headline-{n}",
        "standfirst": f"Standfirst {n}",
        "body": f"<p>Body paragraph {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1, minutes=n),
    }
    fields.update(overrides)
    article = Article.objects.create(**fields)
    if tags:
        article.tags.set(Tag.objects.for_names(tags))
    if locations:
        article.locations.set(list(locations))
    if authors:
        article.authors.set(list(authors))
    return article


def make_live_story(**overrides):
    """A public story marked live, its coverage begun an hour ago and not ended."""
    return make_article(**{"is_live": True, **overrides})


def make_post(article, *, locations=(), authors=(), **overrides):
    """A published post of a live story, unless overridden."""
    n = _n()
    fields = {"body": f"<p>Post text number {n}.</p>", "status": LivePost.Status.PUBLISHED}
    fields.update(overrides)
    post = LivePost.objects.create(article=article, **fields)
    if locations:
        post.locations.set(list(locations))
    if authors:
        post.authors.set(list(authors))
    return post


def settle():
    """What the test made so far counts as committed: its purges are numbered (common.purges)."""
    number_pending()


def clear_cache():
    """Empty the cache: no page or part is kept (the tag stamps stay, as they would in production)."""
    cache.clear()


def make_draft(**overrides):
    """An unpublished story with no publication time: a draft, unless `status` says otherwise."""
    return make_article(**{"status": Article.Status.DRAFT, "published_at": None, **overrides})


def make_future(**overrides):
    return make_article(published_at=timezone.now() + timedelta(days=1), **overrides)


def make_staff(group_name, username=None):
    """A staff user in the Writers or Editors group (made by a data migration)."""
    user = get_user_model().objects.create_user(
        username=username or f"{group_name.lower()}-{_n()}", password="password", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


def article_form_data(**overrides):
    """What the admin's article form posts for a plain draft, with no body photos and no corrections."""
    data = {
        "headline": "Russia claims Pokrovsk",
        "slug": "russia-claims-pokrovsk",
        "standfirst": "Kyiv says fighting continues.",
        "body": "<p>Text</p>",
        "language": "en",
        "hero_caption": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def places_inside(response):
    """
    The places a place page lists as lying inside it, as the reader sees them: [(slug, count)],
    busiest first (the chips of its "Places in …" section).
    """
    html = response.content.decode()
    start = html.find('<section class="child-places"')
    if start == -1:
        return []
    section = html[start : html.index("</section>", start)]
    chips = re.findall(r'href="/(?:uk/)?places/([^/"]+)/">[^<]*<span class="chip__count">(\d+)</span>', section)
    return [(slug, int(count)) for slug, count in chips]
