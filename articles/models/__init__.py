"""
The stories and everything filed with them, one module per concern:

- status: the workflow statuses and public_q(), the one rule of what is public;
- taxonomy: sections, bylines (authors) and topic tags;
- queries: how stories are read (published(), cards, related stories);
- article: the story;
- photos: its former addresses and body photos;
- indexes: the place index and search entries kept beside the stories;
- workflow: corrections, versions, the audit trail and preview links;
- live: the posts of live coverage and their versions.
"""

from .article import Article, PublishingError
from .indexes import PlaceIndex, SearchEntry, sync_search_entries
from .live import LivePost, LivePostVersion
from .photos import ArticlePhoto, ArticleRedirect, detail_prefetches
from .status import Status, public_q
from .taxonomy import Author, Section, Tag, TaggedArticle, TagRedirect
from .workflow import ArticleEvent, ArticleVersion, Correction, PreviewLink

__all__ = [
    "Article",
    "ArticleEvent",
    "ArticlePhoto",
    "ArticleRedirect",
    "ArticleVersion",
    "Author",
    "Correction",
    "LivePost",
    "LivePostVersion",
    "PlaceIndex",
    "PreviewLink",
    "PublishingError",
    "SearchEntry",
    "Section",
    "Status",
    "Tag",
    "TagRedirect",
    "TaggedArticle",
    "detail_prefetches",
    "public_q",
    "sync_search_entries",
]
