"""
The editors' product. One module per page family:

- article: the story form and list (with editing, history_views and preview_link_views mixing in
  saves and conflicts, versions and preview links);
- live: the live desk and the live posts' form;
- taxonomy: bylines, sections and tags;
- audit: the read-only audit trail.
"""

from . import article, audit, live, taxonomy  # noqa: F401  (each registers its admins)
