import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import Article, Section

register = template.Library()

# The same escapes as django.utils.html.json_script.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The masthead's section menu, marking the section being read."""
    request = context.get("request")
    return {
        "sections": Section.objects.all(),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("includes/latest_stories.html")
def latest_stories(exclude=None, limit=5):
    """The newest public stories, for sidebars."""
    stories = Article.objects.published().select_related("section")
    if exclude is not None:
        stories = stories.exclude(pk=exclude.pk)
    return {"stories": stories[:limit]}


@register.filter
def ld_json(data):
    """
    A JSON-LD <script> block. The JSON is escaped like Django's json_script (<, > and & as
    \\u escapes), so a "</script>" or a quote in a headline can never end the block early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
