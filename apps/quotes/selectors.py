from django.db.models import Prefetch, QuerySet

from .models import Quote, QuoteItem


def quote_list(*, user=None, with_items: bool = False) -> QuerySet[Quote]:
    qs = Quote.objects.alive().select_related("client", "company_profile", "invoice")
    if with_items:
        qs = qs.prefetch_related(
            Prefetch("items", queryset=QuoteItem.objects.order_by("position", "id"))
        )
    return qs.order_by("-quote_date", "-id")


def quote_get(*, user=None, pk: int) -> Quote:
    return quote_list(user=user, with_items=True).get(pk=pk)
