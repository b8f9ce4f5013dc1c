"""
The editors' product. One module per page family:

- article: the story form and list (with editing, history_views and preview_link_views mixing in
  saves and conflicts, versions and preview links);
- taxonomy: bylines, sections and tags;
- audit: the read-only audit trail.
"""

from . import article, audit, taxonomy  # noqa: F401  (each registers its admins)
