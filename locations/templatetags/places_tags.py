"""A place's name as the words around it on a page need it."""

from django import template

register = template.Library()


@register.filter
def in_case(place, case):
    """`{{ area|in_case:"gent" }}`: "до Донбасу" on Ukrainian pages, "Donbas" on English ones (see local_name_in)."""
    return place.local_name_in(case)
