from django import template

from ..models import Article, Section

register = template.Library()


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
