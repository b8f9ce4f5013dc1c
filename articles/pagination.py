from django.core.paginator import Paginator
from django.db.models import QuerySet


class LateRowPaginator(Paginator):
    """
    Pages of a long story list that read only the rows they show. The page's story ids are picked
    and sorted from indexes alone (a byline with a thousand stories sorts a thousand index entries,
    not a thousand stories), then only those stories are read, in one query as before.
    """

    def page(self, number):
        if not isinstance(self.object_list, QuerySet):
            return super().page(number)  # place pages bring their own index (PlaceStories)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=ids), number, self)
