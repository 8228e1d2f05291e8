"""Formatting only: which page numbers a pagination bar shows."""

from django import template

register = template.Library()


@register.filter
def page_window(paginator, number):
    """Page numbers around `number`, with None where a run of pages is elided."""
    return [
        None if page == paginator.ELLIPSIS else page
        for page in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]
