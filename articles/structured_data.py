"""schema.org JSON-LD for story and place pages: what search engines and aggregators read."""

from django.conf import settings
from django.templatetags.static import static


def _absolute(request, url):
    return request.build_absolute_uri(url) if url else None


def publisher(request):
    return {
        "@type": "Organization",
        "name": settings.SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {"@type": "ImageObject", "url": _absolute(request, static("img/logo.png")), "width": 600, "height": 60},
    }


def news_article(request, article):
    """A NewsArticle for the story page."""
    image = article.hero_image
    images = []
    if image:
        for crop in ("social", "card", "square"):
            sources = image.sources(crop).get("jpg")
            if sources:
                images.append(_absolute(request, sources[-1][0]))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": _absolute(request, article.get_absolute_url()),
        "headline": article.headline,
        "description": article.standfirst,
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat() if article.modified_at else None,
        "author": [
            {"@type": "Person", "name": author.local_name, "url": _absolute(request, author.get_absolute_url())}
            for author in article.authors.all()
        ],
        "publisher": publisher(request),
        "image": images,
        "articleSection": article.section.local_name if article.section else None,
        "keywords": [tag.name for tag in article.tags.all()],
        "contentLocation": [place_ld(request, place) for place in article.locations.all()],
        "inLanguage": article.language,
        "correction": [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": note.published_at.isoformat()}
            for note in article.corrections.all()
            if note.kind == note.Kind.CORRECTION
        ],
    }
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def place_ld(request, place):
    data = {"@type": "Place", "name": place.local_name, "url": _absolute(request, place.get_absolute_url())}
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    return data


def breadcrumbs(request, trail):
    """A BreadcrumbList from [(name, url), ...], outermost first."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": _absolute(request, url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


def live_blog(request, article, posts):
    """
    A LiveBlogPosting for a live page: the story as a NewsArticle would describe it, the coverage's
    start and end, and the page's posts as its updates.
    """
    data = news_article(request, article)
    data["@type"] = "LiveBlogPosting"
    data.pop("contentLocation", None)
    if posts:
        data["dateModified"] = max(post.published_at for post in posts).isoformat()
    data.update(
        {
            "coverageStartTime": _iso(article.coverage_started_at or article.published_at),
            "coverageEndTime": _iso(article.coverage_ended_at),
            "liveBlogUpdate": [blog_posting(request, post) for post in posts],
        }
    )
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def blog_posting(request, post):
    data = {
        "@type": "BlogPosting",
        "headline": post.summary(110),
        "url": _absolute(request, post.get_absolute_url()),
        "datePublished": _iso(post.published_at),
        "articleBody": post.text(),
        "author": [{"@type": "Person", "name": author.local_name} for author in post.authors.all()],
        "contentLocation": [place_ld(request, place) for place in post.locations.all()],
    }
    if post.image_id:
        sources = post.image.sources("social").get("jpg")
        if sources:
            data["image"] = _absolute(request, sources[-1][0])
    return {key: value for key, value in data.items() if value not in (None, [], "")}


def _iso(moment):
    return moment.isoformat() if moment else None
