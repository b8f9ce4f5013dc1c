"""Story pages and the lists of stories: home, story, tag, section, byline, corrections, search."""

from functools import partial

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from common.keys import CORRECTIONS, SEARCH, SECTIONS, STORIES, list_of, show
from common.parts import kept
from locations.maps import locator_map

from .. import editions, structured_data
from ..models import Article, ArticleRedirect, Correction, PreviewLink, detail_prefetches
from ..models.cards import card_stories, grouped
from ..search import MIN_QUERY_LENGTH, Results
from ..templatetags.articles_tags import all_sections, newest_stories
from .live import render_live

LATEST_ON_HOME = 6
STORIES_PER_SECTION_BLOCK = 4
PREVIEW_PERMISSION = "articles.change_article"


@require_safe
def home(request):
    return render(request, "articles/home.html", {"front": FrontPage()})


class FrontPage:
    """
    What the home page's content shows, kept whole as a part (home.html): drawn again only when a
    story on it or the choice of stories changes, and then from the cards' own kept copies.
    """

    def __bool__(self):
        return True  # the home page is public: its content is always kept

    def prepare(self):
        pass  # what it shows is recorded as the choice and the cards are drawn or found kept

    @cached_property
    def _drawn(self):
        lead_id, latest_ids, block_ids, heroes = kept("home-cards", _home_stories)
        shown = [lead_id, *latest_ids, *sum(block_ids.values(), [])] if lead_id else []
        stories = {story.pk: story for story in card_stories(Article, [(pk, heroes[pk]) for pk in shown])}
        sections = {section.pk: section for section in all_sections()}
        # Cards drawn alike are looked up together, and only they: the lead, the latest, the blocks'
        # firsts (with their standfirsts) and the blocks' others; their rows, when a card must be
        # drawn again, are still read for the whole page at once.
        lead = grouped([stories[lead_id]])[0] if lead_id else None
        latest = grouped([stories[pk] for pk in latest_ids])
        blocks = [(sections[pk], [stories[story] for story in ids]) for pk, ids in block_ids.items() if pk in sections]
        blocks.sort(key=lambda block: (block[0].position, block[0].name))
        firsts = iter(grouped([shown[0] for _, shown in blocks]))
        others = iter(grouped([story for _, shown in blocks for story in shown[1:]]))
        section_blocks = [(section, [next(firsts), *(next(others) for _ in shown[1:])]) for section, shown in blocks]
        return lead, latest, section_blocks

    @property
    def lead(self):
        return self._drawn[0]

    @property
    def latest(self):
        return self._drawn[1]

    @property
    def section_blocks(self):
        return self._drawn[2]


def _home_stories():
    """
    Which stories the home page shows, as ids (with their hero photos' ids, as a list page keeps
    them): the lead, the latest and each section's newest. Kept until a story is published or
    unpublished or a section changes; the cards are kept on their own (see articles_tags.story_card).
    """
    show(STORIES, SECTIONS)
    stories = Article.objects.published(get_language())
    lead_id = stories.lead_id()
    others = stories.exclude(pk=lead_id) if lead_id else stories
    latest = list(others.values_list("pk", flat=True)[:LATEST_ON_HOME])
    blocks = {}
    newest = others.top_per_section(STORIES_PER_SECTION_BLOCK, all_sections()).order_by("-published_at", "-pk")
    heroes = {}
    for pk, section_id, hero_image_id in newest.values_list("pk", "section_id", "hero_image_id"):
        blocks.setdefault(section_id, []).append(pk)
        heroes[pk] = hero_image_id
    heroes.update(stories.filter(pk__in=[lead_id, *latest]).values_list("pk", "hero_image_id"))
    return lead_id, latest, blocks, heroes


@require_safe
def article_detail(request, slug):
    # The story's own row, with its section and hero photo: its kept parts need nothing more (see
    # StoryParts). A reader's is kept too, until the story changes.
    may_preview = request.user.has_perm(PREVIEW_PERMISSION)
    if may_preview:
        article = _story_rows().filter(slug=slug).first()
    else:
        article = kept(f"story-row:{slug}", partial(_story_row, slug))
    if article is None:
        articles = Article.objects.all() if may_preview else Article.objects.published()
        moved = ArticleRedirect.objects.filter(old_slug=slug, article__in=articles).select_related("article").first()
        if moved is None:
            raise Http404
        return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
    if article.language != get_language():
        # A story lives in its own edition: /news/x/ of a Ukrainian story is /uk/news/x/.
        return HttpResponsePermanentRedirect(article.get_absolute_url())
    return render_story(request, article)


def _story_rows():
    """Stories' rows with their section, hero photo and the address of their other version."""
    return Article.objects.select_related("section", "hero_image").with_translation()


def _story_row(slug):
    return _story_rows().published().filter(slug=slug).first()


@require_safe
def preview(request, token):
    """A story shown through a preview link, to someone who may have no account."""
    key = PreviewLink.key_from_token(token)
    link = PreviewLink.objects.filter(key=key).first() if key else None
    if link is None:
        raise Http404
    if not link.is_active:
        response = render(request, "articles/preview_gone.html", {"link": link}, status=410)
        add_never_cache_headers(response)
        return response
    article = Article.objects.select_related("section", "hero_image").get(pk=link.article_id)
    if article.is_public:
        return redirect(article)
    response = render_story(request, article, preview_link=link)
    # The address is the key: it must not travel on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


class StoryParts:
    """
    What the story page's kept parts (the head's metadata, the story, the map) show, read from the
    database only when one of them must be drawn again; a preview keeps nothing.
    """

    def __init__(self, request, article):
        self.request, self.article = request, article

    def __bool__(self):
        return self.article.is_public

    def prepare(self):
        """Read what the parts show, once for the page, and record it in the part being drawn."""
        article = self.article
        if not hasattr(article, "_prefetched_objects_cache"):
            prefetch_related_objects([article], *detail_prefetches())
        # Said here, not left to the rows' loading: the story's row comes from outside the part (maybe
        # from its own kept copy), and a second part finds the rows the first one read.
        authors = article.authors.all()
        show(article, article.section, article.hero_image, authors, [author.photo for author in authors])
        show(article.tags.all(), article.locations.all(), [photo.image for photo in article.photos.all()])

    @cached_property
    def related(self):
        # The same for every reader until a story changes; choosing takes a few grouped queries.
        return related_stories(self.article)

    @cached_property
    def map(self):
        # Dots for towns and villages; a region's coordinates are only those of its capital.
        towns = [place for place in self.article.locations.all() if place.kind == place.Kind.SETTLEMENT]
        return locator_map(title=", ".join(town.local_name for town in towns), places=towns)

    @cached_property
    def structured_data(self):
        article, request = self.article, self.request
        trail = [(_("Home"), reverse("articles:home"))]
        if article.section:
            trail.append((article.section.local_name, article.section.get_absolute_url()))
        trail.append((article.headline, article.get_absolute_url()))
        return [structured_data.news_article(request, article), structured_data.breadcrumbs(request, trail)]

    @cached_property
    def social_image(self):
        image = self.article.hero_image
        return image.sources("social").get("jpg", [None])[0] if image else None


def render_story(request, article, preview_link=None):
    versions = article.language_versions() if article.is_public else {}
    # The switcher's way out when the story has no translation: its section, else the home page.
    fallback = {
        language: editions.in_edition(language, "articles:section", slug=article.section.slug)
        if article.section
        else editions.in_edition(language, "articles:home")
        for language in editions.others(article.language)
    }
    editions.set_versions(request, versions, fallback)
    if article.is_live:
        response = render_live(request, article, preview_link=preview_link)
        return _previewed(response) if not article.is_public else response
    story = StoryParts(request, article)
    if not story:
        story.prepare()  # a preview is drawn whole, every time
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "story": story,
            "is_preview": not article.is_public,
            "preview_link": preview_link,
            "translations": [(lang, url) for lang, url in versions.items() if lang != article.language],
        },
    )
    return response if article.is_public else _previewed(response)


def _previewed(response):
    # A preview must never be kept by a browser or a shared cache, nor indexed.
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def related_stories(article):
    """
    The stories related to `article`. Which ones is worked out by a few grouped queries over its
    tags and places, so the choice is kept (until the story changes, or an hour); the cards
    themselves are read fresh, so editing a related story does not make the choice again.
    """

    def choose():
        # The choice changes when a story joins or leaves the lists of its tags and places.
        show(article, [list_of(tag) for tag in article.tags.all()])
        show(list_of(place) for place in article.locations.all())
        return Article.objects.published(article.language).related_ids(article)

    ids = kept(f"related:{article.pk}", choose)
    found = {story.pk: story for story in Article.objects.published(article.language).filter(pk__in=ids).cards()}
    return [found[pk] for pk in ids if pk in found]


@require_safe
def latest_part(request):
    """The "latest" list of the story pages' sidebar, as a part of its own (see articles_tags.latest_stories)."""
    stories = newest_stories()
    response = render(request, "includes/latest_stories.html", {"stories": stories})
    response["X-Robots-Tag"] = "noindex"
    return response


class CorrectionsView(ListView):
    """Every correction to a public story, newest first: the record of what we got wrong."""

    template_name = "articles/corrections.html"
    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "corrections"

    def get_queryset(self):
        show(CORRECTIONS)
        corrections = Correction.objects.public().filter(
            kind=Correction.Kind.CORRECTION, article__language=get_language()
        )
        return corrections.select_related("article")


@require_safe
def search(request):
    """Full-text search: ranked, highlighted, paginated; any query answers a page."""
    show(SEARCH)
    query = (request.GET.get("q") or "")[:200].strip()
    results = Results(query, get_language())
    context = {"query": query, "results": results}
    if len(query) < MIN_QUERY_LENGTH or not results.terms:
        if query:
            context["message"] = _("Type at least two letters or digits to search.")
        return render(request, "articles/search.html", context)
    paginator = Paginator(results, settings.ARTICLES_PER_PAGE)
    try:
        context["page_obj"] = paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError):
        raise Http404(_("No such page of results.")) from None
    if context["page_obj"].number > 1:
        per_page = settings.ARTICLES_PER_PAGE
        editions.set_page_versions(
            request,
            context["page_obj"].number,
            lambda language, number: Results(query, language).count() > (number - 1) * per_page,
        )
    if not paginator.count:
        context["message"] = _("No stories match “%(query)s”.") % {"query": query}
    return render(request, "articles/search.html", context)
