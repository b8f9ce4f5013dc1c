import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    return {
        "sections": cached("sections", lambda: list(Section.objects.all())),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("includes/latest_stories.html")
def latest_stories(exclude=None, limit=5):
    """The newest public stories, for sidebars: one list per news version, whichever story is excluded."""
    newest = cached("latest-stories", lambda: list(Article.objects.published().only(*LATEST_FIELDS)[: limit + 1]))
    return {"stories": [story for story in newest if exclude is None or story.pk != exclude.pk][:limit]}


@register.filter
def ld_json(data):
    """
    A JSON-LD <script> block. The JSON is escaped like Django's json_script (<, > and & as
    \\u escapes), so a "</script>" or a quote in a headline can never end the block early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
