import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.cachetags import SECTIONS, STORIES
from common.freshness import cached

from ..models import Article, Section

register = template.Library()

# What the latest-stories list draws (see includes/latest_stories.html and story_time.html).
LATEST_FIELDS = ["headline", "slug", "published_at", "revised_at"]

# The same escapes as django.utils.html.json_script.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The masthead's section menu, marking the section being read."""
    request = context.get("request")
    return {"sections": all_sections(), "current_path": request.path if request else ""}


def all_sections():
    """Every section, in menu order: kept until a section changes."""
    return cached("sections", lambda: (list(Section.objects.all()), [SECTIONS]))


@register.inclusion_tag("includes/latest_stories.html", takes_context=True)
def latest_stories(context, limit=5):
    """
    The newest public stories, for a story page's sidebar: one list for every story page. On a page
    the page cache keeps, the list is left as a part to fill in at delivery (see newsroom.pagecache),
    so a publication retires this one small part and not every story page.
    """
    request = context.get("request")
    if getattr(request, "parts_by_esi", False):
        return {"esi_src": reverse("articles:latest_part")}
    return {"stories": newest_stories(limit)}


def newest_stories(limit=5):
    """The `limit` newest public stories: kept until one of them or the list changes."""

    def compute():
        newest = list(Article.objects.published().only(*LATEST_FIELDS)[:limit])
        return newest, [STORIES, *(f"article-{story.pk}" for story in newest)]

    return cached(f"latest-stories:{limit}", compute)


@register.filter
def ld_json(data):
    """
    A JSON-LD <script> block. The JSON is escaped like Django's json_script (<, > and & as
    \\u escapes), so a "</script>" or a quote in a headline can never end the block early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
