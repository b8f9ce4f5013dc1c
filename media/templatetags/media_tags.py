import functools

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

#: The fallback <img src> for browsers without srcset: the rendition nearest this width.
FALLBACK_WIDTH = 960


@register.simple_tag
def picture(image, crop="full", sizes="100vw", alt=None, eager=False, css_class=""):
    """
    A responsive <picture> of a library photo: WebP with a JPEG fallback, every width in srcset,
    width and height set so nothing shifts while it loads. `alt=None` uses the photo's alt text;
    pass alt="" for a decorative copy (e.g. a card whose headline is the link text).
    """
    if not image or not image.rendition_token:
        return ""
    alt_text = image.alt_text if alt is None else alt
    return _render_cached(_ImageKey(image, image.rendition_token), crop, sizes, alt_text, bool(eager), css_class)


class _ImageKey:
    """Hashes by the rendition token, so a cached <picture> is reused until the renditions change."""

    def __init__(self, image, token):
        self.image, self.key = image, (image.pk, token)

    def __hash__(self):
        return hash(self.key)

    def __eq__(self, other):
        return self.key == other.key


@functools.lru_cache(maxsize=4096)
def _render_cached(image_key, crop, sizes, alt, eager, css_class):
    # Many pages show the same photo: the markup is built once per photo, crop and layout.
    sources = image_key.image.sources(crop)
    if not sources:
        return ""
    jpegs = sources["jpg"]
    fallback = min(jpegs, key=lambda source: abs(source[1] - FALLBACK_WIDTH))
    _url, width, height = jpegs[-1]
    other_sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (extension, ", ".join(f"{url} {w}w" for url, w, _h in items), sizes)
            for extension, items in sources.items()
            if extension != "jpg"
        ),
    )
    return format_html(
        '<picture{}>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} decoding="async"></picture>',  # noqa: E501
        format_html(' class="{}"', css_class) if css_class else "",
        other_sources,
        fallback[0],
        ", ".join(f"{url} {w}w" for url, w, _h in jpegs),
        sizes,
        width,
        height,
        alt,
        # Constant markup, not data: safe as written.
        mark_safe(' fetchpriority="high"') if eager else mark_safe(' loading="lazy"'),
    )
