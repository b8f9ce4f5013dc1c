"""Story pages and the lists of stories: home, story, tag, section, byline, corrections, search."""

from django.conf import settings
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from common import cachetags
from common.freshness import cached
from locations.maps import locator_map

from .. import structured_data
from ..models import Article, ArticleRedirect, Author, Correction, PreviewLink, Section, Tag
from ..pagination import LateRowPaginator
from ..search import MIN_QUERY_LENGTH, Results
from ..templatetags.articles_tags import all_sections, newest_stories

LATEST_ON_HOME = 6
STORIES_PER_SECTION_BLOCK = 4
PREVIEW_PERMISSION = "articles.change_article"


@require_safe
def home(request):
    stories = Article.objects.published().for_listing()
    lead = stories.lead()
    others = stories.exclude(pk=lead.pk) if lead else stories
    latest = list(others[:LATEST_ON_HOME])
    sections = all_sections()
    blocks = {}
    for story in others.top_per_section(STORIES_PER_SECTION_BLOCK, sections).order_by("-published_at"):
        blocks.setdefault(story.section, []).append(story)
    section_blocks = sorted(blocks.items(), key=lambda item: (item[0].position, item[0].name))
    response = render(
        request,
        "articles/home.html",
        {"lead": lead, "latest": latest, "section_blocks": section_blocks},
    )
    return cachetags.add(response, cachetags.STORIES, lead, latest, [stories for _, stories in section_blocks])


@require_safe
def article_detail(request, slug):
    articles = Article.objects.for_detail()
    can_preview = request.user.has_perm(PREVIEW_PERMISSION)
    if not can_preview:
        articles = articles.published()
    article = articles.filter(slug=slug).first()
    if article is None:
        moved = ArticleRedirect.objects.filter(old_slug=slug, article__in=articles).select_related("article").first()
        if moved is None:
            raise Http404
        return HttpResponsePermanentRedirect(moved.article.get_absolute_url())
    return render_story(request, article)


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
    article = Article.objects.for_detail().get(pk=link.article_id)
    if article.is_public:
        return redirect(article)
    response = render_story(request, article, preview_link=link)
    # The address is the key: it must not travel on in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


def render_story(request, article, preview_link=None):
    # The same for every reader until a story changes; computing it takes a few grouped queries.
    related = related_stories(article)
    # Dots for towns and villages; a region's coordinates are only those of its capital.
    towns = [place for place in article.locations.all() if place.kind == place.Kind.SETTLEMENT]
    place_map = locator_map(title=", ".join(town.name for town in towns), places=towns)
    trail = [(_("Home"), reverse("articles:home"))]
    if article.section:
        trail.append((article.section.name, article.section.get_absolute_url()))
    trail.append((article.headline, article.get_absolute_url()))
    structured = [structured_data.news_article(request, article), structured_data.breadcrumbs(request, trail)]
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": related,
            "is_preview": not article.is_public,
            "preview_link": preview_link,
            "map": place_map,
            "structured_data": structured,
            "social_image": article.hero_image.sources("social").get("jpg", [None])[0] if article.hero_image else None,
        },
    )
    if not article.is_public:
        # A preview must never be kept by a browser or a shared cache, nor indexed.
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return cachetags.add(
        response,
        article,
        # The "latest" column, when it is drawn into the page rather than left as a part.
        None if getattr(request, "parts_by_esi", False) else cachetags.STORIES,
        article.section,
        article.authors.all(),
        [author.photo for author in article.authors.all()],
        article.tags.all(),
        article.locations.all(),
        [photo.image for photo in article.photos.all()],
        related,
    )


def related_stories(article):
    """
    The stories related to `article`. Which ones is worked out by a few grouped queries over its
    tags and places, so the choice is kept (until the story changes, or an hour); the cards
    themselves are read fresh, so editing a related story does not make the choice again.
    """

    def choose():
        return Article.objects.published().related_ids(article), [f"article-{article.pk}"]

    ids = cached(f"related:{article.pk}", choose)
    found = Article.objects.published().for_listing().in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


@require_safe
def latest_part(request):
    """The "latest" list of the story pages' sidebar, as a part of its own (see articles_tags.latest_stories)."""
    stories = newest_stories()
    response = render(request, "includes/latest_stories.html", {"stories": stories})
    response["X-Robots-Tag"] = "noindex"
    return cachetags.add(response, cachetags.STORIES, [f"article-{story.pk}" for story in stories])


class CorrectionsView(ListView):
    """Every correction to a public story, newest first: the record of what we got wrong."""

    template_name = "articles/corrections.html"
    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "corrections"

    def get_queryset(self):
        return Correction.objects.public().filter(kind=Correction.Kind.CORRECTION).select_related("article")

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return cachetags.add(response, cachetags.CORRECTIONS)


@require_safe
def search(request):
    """Full-text search: ranked, highlighted, paginated; any query answers a page."""
    query = (request.GET.get("q") or "")[:200].strip()
    results = Results(query)
    context = {"query": query, "results": results}
    if len(query) < MIN_QUERY_LENGTH or not results.terms:
        if query:
            context["message"] = _("Type at least two letters or digits to search.")
        return cachetags.add(render(request, "articles/search.html", context), cachetags.SEARCH)
    paginator = Paginator(results, settings.ARTICLES_PER_PAGE)
    try:
        context["page_obj"] = paginator.page(request.GET.get("page") or 1)
    except (InvalidPage, ValueError):
        raise Http404(_("No such page of results.")) from None
    if not paginator.count:
        context["message"] = _("No stories match “%(query)s”.") % {"query": query}
    return cachetags.add(render(request, "articles/search.html", context), cachetags.SEARCH)


class StoryListView(ListView):
    """A paginated list of public stories belonging to one object (tag, section, author, place)."""

    paginate_by = settings.ARTICLES_PER_PAGE
    paginator_class = LateRowPaginator
    context_object_name = "stories"
    object_queryset = None

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            if hasattr(self, "object"):
                raise  # The object exists; the page number was bad or it has no public stories.
            target = self.moved_to(kwargs["slug"])
            if target is None:
                raise
            return HttpResponsePermanentRedirect(target)

    def moved_to(self, slug):
        """Where an unknown slug now lives (a merged tag, a place's other name), or None."""
        return None

    def get_object(self):
        return get_object_or_404(self.object_queryset, slug=self.kwargs["slug"])

    def get_queryset(self):
        self.object = self.get_object()
        return self.filter_stories(Article.objects.published().for_listing())

    def filter_stories(self, stories):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return cachetags.add(response, self.object, cachetags.list_of(self.object), context["stories"])


class TagView(StoryListView):
    object_queryset = Tag.objects.all()
    template_name = "articles/tag_detail.html"
    # A tag only ever used on unpublished stories does not get a page.
    allow_empty = False

    def moved_to(self, slug):
        tag = Tag.objects.moved_from(slug)
        return tag.get_absolute_url() if tag else None

    def filter_stories(self, stories):
        return stories.filter(tags=self.object)


class SectionView(StoryListView):
    object_queryset = Section.objects.all()
    template_name = "articles/section_detail.html"

    def filter_stories(self, stories):
        return stories.filter(section=self.object)


class AuthorView(StoryListView):
    object_queryset = Author.objects.select_related("photo")
    template_name = "articles/author_detail.html"

    def filter_stories(self, stories):
        return stories.filter(authors=self.object)
