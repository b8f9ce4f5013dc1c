import functools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext

from common.keys import SECTIONS, STORIES, show
from common.parts import PART_SECONDS, kept

from .. import editions
from ..models import Article, Section
from ..models.cards import CardStory, card_name

register = template.Library()

# What the latest-stories list draws (see includes/latest_stories.html and story_time.html).
LATEST_FIELDS = ["headline", "slug", "language", "published_at", "revised_at"]

# The same escapes as django.utils.html.json_script.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The masthead's section menu, marking the section being read: drawn once per section marked."""
    request = context.get("request")
    path = request.path if request else ""
    menu_paths = {"/", reverse("places:index")}
    if isinstance(shown := context.get("object"), Section):
        menu_paths.add(shown.get_absolute_url())  # a section's own page (no other page is at its address)
    current = path if path in menu_paths else ""

    def draw():
        return render_to_string("includes/section_nav.html", {"sections": all_sections(), "current_path": current})

    return mark_safe(kept(f"section-nav:{current}", draw))  # noqa: S308 (markup drawn by the template above)


def all_sections():
    """Every section, in menu order: kept until a section changes."""

    def draw():
        show(SECTIONS)  # a new section joins the menu
        return list(Section.objects.all())

    return kept("sections", draw)


@register.simple_tag(takes_context=True)
def latest_stories(context, limit=5):
    """
    The newest public stories, for a story page's sidebar: one list for every story page. On a page
    the page cache keeps, the list is left as a part to fill in at delivery (see newsroom.pagecache),
    so a publication retires this one small part and not every story page.
    """
    request = context.get("request")
    if getattr(request, "parts_by_esi", False):
        return format_html('<esi:include src="{}"/>', reverse("articles:latest_part"))

    def draw():
        return render_to_string("includes/latest_stories.html", {"stories": newest_stories(limit)})

    return mark_safe(kept(f"latest-stories-html:{limit}", draw))  # noqa: S308 (markup drawn by the template above)


def newest_stories(limit=5):
    """The `limit` newest public stories: kept until one of them or the list changes."""

    def draw():
        show(STORIES)
        return list(Article.objects.published(get_language()).only(*LATEST_FIELDS)[:limit])

    return kept(f"latest-stories:{limit}", draw)


@register.simple_tag
def new_posts(count):
    """The live page's button for `count` new posts, in the page's language ("3 нові дописи")."""
    return ngettext("%(count)d new post", "%(count)d new posts", count) % {"count": count}


@register.filter
def ld_json(data):
    """
    A JSON-LD <script> block. The JSON is escaped like Django's json_script (<, > and & as
    \\u escapes), so a "</script>" or a quote in a headline can never end the block early.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


@register.tag(name="kept")
def kept_tag(parser, token):
    """
    {% kept "name" key with parts %}…{% endkept %}: the enclosed markup, kept until something it
    shows is purged (common.parts). `parts` prepares what it shows when it must be drawn again
    (parts.prepare() reads it from the database); without `parts` (a preview), nothing is kept.
    """
    bits = token.split_contents()
    if len(bits) != 5 or bits[3] != "with":
        raise template.TemplateSyntaxError('Use {% kept "name" key with parts %}.')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(*(parser.compile_filter(bit) for bit in (bits[1], bits[2], bits[4])), nodelist)


class KeptNode(template.Node):
    def __init__(self, name, key, parts, nodelist):
        self.name, self.key, self.parts, self.nodelist = name, key, parts, nodelist

    def render(self, context):
        parts = self.parts.resolve(context)
        if not parts:
            return self.nodelist.render(context)

        def draw():
            parts.prepare()
            return str(self.nodelist.render(context))

        # Markup this template drew itself, escaped as it was drawn: safe to put back as it is.
        name = f"kept:{self.name.resolve(context)}:{self.key.resolve(context)}"
        seconds = getattr(parts, "seconds", PART_SECONDS)  # `parts` may keep its markup for less long
        return mark_safe(kept(name, draw, seconds))  # noqa: S308


@register.simple_tag
def story_card(story, size="", heading="h3", show_image=False, show_section=False, show_standfirst=False, eager=False):
    """
    A story's card (templates/jinja2/includes/story_card.jinja), kept until the story, its photo,
    section or bylines change: a list page of twelve cards then draws only the cards of stories
    that changed (and reads only their rows, when the list gives its stories as `.cards()`).
    """
    options, variant = _card_options(size, heading, show_image, show_section, show_standfirst, eager)
    return _kept_card(story, options, variant)


@register.simple_tag
def story_cards(stories, size="", heading="h3", show_image=False, show_section=False, show_standfirst=False):
    """
    Each story's card (story_card), drawn alike, for the template to lay out: a list's cards.
    show_standfirst="first": only the first card shows its standfirst (a block of the home page).
    """
    standfirst = bool(show_standfirst)
    first = _card_options(size, heading, show_image, show_section, standfirst, False)
    rest = _card_options(size, heading, show_image, show_section, standfirst and show_standfirst != "first", False)
    return [_kept_card(story, *(rest if n else first)) for n, story in enumerate(stories)]


@functools.lru_cache(maxsize=64)
def _card_options(size, heading, show_image, show_section, show_standfirst, eager):
    options = {
        "size": size,
        "heading": heading or "h3",
        "show_image": bool(show_image),
        "show_section": bool(show_section),
        "show_standfirst": bool(show_standfirst),
        "eager": bool(eager),
    }
    return options, "-".join(str(value) for value in options.values())


def _kept_card(story, options, variant):
    if isinstance(story, CardStory):
        story.prefetch_cards(variant)
    html = kept(card_name(story.pk, variant), lambda: _card(story, options))
    return mark_safe(html)  # noqa: S308 (markup drawn by the template above)


def _card(story, options):
    card = engines["jinja2"].get_template("includes/story_card.jinja")
    return card.render({"story": story, "url": story.get_absolute_url(), **options})


@register.simple_tag
def search_result(story):
    """A story found by search, its words marked (templates/jinja2/includes/search_result.jinja)."""
    return mark_safe(engines["jinja2"].get_template("includes/search_result.jinja").render({"story": story}))  # noqa: S308


@register.simple_tag(takes_context=True)
def same_for_every_page(context, template_name):
    """The same markup on every page in a language (the head's links, masthead, footer): drawn once a process."""
    return _drawn_once(template_name, get_language(), context.get("site_name"), context.get("site_tagline"))


@functools.lru_cache(maxsize=32)
def _drawn_once(template_name, language, site_name, site_tagline):
    html = render_to_string(template_name, {"site_name": site_name, "site_tagline": site_tagline})
    return mark_safe(html)  # noqa: S308 (markup drawn by the template itself)


@register.inclusion_tag("includes/edition_links.html", takes_context=True)
def edition_links(context):
    """hreflang alternates of this page: its address in each edition that has it, and x-default."""
    request = context["request"]
    found = editions.versions(request)
    locales = {"locale": editions.OG_LOCALES[editions.current()]}
    if len(found) < 2:
        return {"alternates": [], "x_default": None, **locales}
    absolute = {language: request.build_absolute_uri(url) for language, url in found.items()}
    other_locales = [editions.OG_LOCALES[language] for language in found if language != editions.current()]
    return {
        "alternates": sorted(absolute.items()),
        "x_default": absolute.get(editions.DEFAULT),
        "other_locales": other_locales,
        **locales,
    }


@register.inclusion_tag("includes/edition_switch.html", takes_context=True)
def edition_switch(context):
    """The masthead's link to the other edition: this page there, or the closest page it has."""
    language, url = editions.switch_target(context["request"])
    return {"language": language, "url": url, "label": editions.SWITCH_TO[language]}
