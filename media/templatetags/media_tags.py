from django import template

register = template.Library()

#: The fallback <img src> for browsers without srcset: the rendition nearest this width.
FALLBACK_WIDTH = 960


@register.inclusion_tag("includes/picture.html")
def picture(image, crop="full", sizes="100vw", alt=None, eager=False, css_class=""):
    """
    A responsive <picture> of a library photo: WebP with a JPEG fallback, every width in srcset,
    width and height set so nothing shifts while it loads. `alt=None` uses the photo's alt text;
    pass alt="" for a decorative copy (e.g. a card whose headline is the link text).
    """
    sources = image.sources(crop) if image else {}
    if not sources:
        return {"sources": None}
    jpegs = sources["jpg"]
    fallback = min(jpegs, key=lambda source: abs(source[1] - FALLBACK_WIDTH))
    _url, width, height = jpegs[-1]
    return {
        "sources": [
            {"type": f"image/{extension}", "srcset": ", ".join(f"{url} {w}w" for url, w, _h in items)}
            for extension, items in sources.items()
            if extension != "jpg"
        ],
        "srcset": ", ".join(f"{url} {w}w" for url, w, _h in jpegs),
        "src": fallback[0],
        "width": width,
        "height": height,
        "sizes": sizes,
        "alt": image.alt_text if alt is None else alt,
        "eager": eager,
        "css_class": css_class,
    }
