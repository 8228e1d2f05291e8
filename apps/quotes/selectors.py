from django.db.models import Prefetch, QuerySet

from apps.accounts.roles import readable

from .models import Quote, QuoteItem


def quote_list(*, user, with_items: bool = False) -> QuerySet[Quote]:
    qs = Quote.objects.alive().select_related("client", "company_profile", "invoice")
    if with_items:
        qs = qs.prefetch_related(
            Prefetch("items", queryset=QuoteItem.objects.order_by("position", "id"))
        )
    return readable(qs.order_by("-quote_date", "-id"), user)


def quote_get(*, user, pk: int) -> Quote:
    return quote_list(user=user, with_items=True).get(pk=pk)
