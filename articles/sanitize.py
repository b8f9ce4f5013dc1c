"""
Sanitising of article bodies.

The editor (django-prose-editor) already cleans what it submits; this module is
the server's own allowlist, applied in Article.save() to whatever reaches the
database by any route (admin, shell, imports), so `body_html` is safe to mark
safe in templates.
"""

import nh3

#: What the body editor offers; django-prose-editor derives its own allowlist from it.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "h2", "h3", "ul", "ol", "li", "blockquote", "hr", "a",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_body(html):
    """Return `html` with every tag, attribute and URL scheme outside the allowlist removed."""
    return _cleaner.clean(html or "").strip()
