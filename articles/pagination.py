from django.core.paginator import Paginator
from django.db.models import QuerySet


class LateRowPaginator(Paginator):
    """
    Pages of a long story list that read only the rows they show. The page's story ids are picked
    and sorted from indexes alone (a byline with a thousand stories sorts a thousand index entries,
    not a thousand stories), then only those stories are read, in one query as before.
    """

    def page(self, number):
        page = super().page(number)  # Django's own numbering, slicing and orphans
        if isinstance(self.object_list, QuerySet):  # place pages bring their own index (PlaceStories)
            page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page
