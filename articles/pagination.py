from functools import cached_property

from django.db.models import QuerySet


def late_rows(stories, page):
    """
    The rows of a page of a long story list, read late: the page's ids are picked and sorted from
    indexes alone (a byline with a thousand stories sorts a thousand index entries, not a thousand
    stories), then only those stories are read, in one query.
    """
    return stories.filter(pk__in=page.values("pk"))


class LazyStories:
    """
    A list's stories for the paginator, made into a query only when the database must be asked:
    most of the time a list's length and its page's ids are kept (articles.views.lists), and
    building a query nobody runs took an eighth of a kept list page.
    """

    def __init__(self, build):
        self.build = build

    @cached_property
    def stories(self):
        return self.build()

    def count(self):
        return self.stories.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return LazyPage(self, index)


class LazyPage:
    """A page of LazyStories, read (late rows, see late_rows) when first iterated."""

    def __init__(self, stories, index):
        self.lazy, self.index = stories, index

    @cached_property
    def rows(self):
        stories = self.lazy.stories
        page = stories[self.index]
        return list(late_rows(stories, page) if isinstance(stories, QuerySet) else page)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)
