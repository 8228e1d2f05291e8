"""The one definition of "filter quotes", for the staff list (and the API)."""

import django_filters
from django import forms

from apps.clients.selectors import client_list
from apps.core.forms import LongSelect

from .models import Quote


def _clients(request):
    return client_list(user=getattr(request, "user", None))


class QuoteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="number", lookup_expr="icontains", label="Number"
    )
    status = django_filters.ChoiceFilter(
        choices=Quote.Status.choices, empty_label="Any status"
    )
    client = django_filters.ModelChoiceFilter(
        queryset=_clients, empty_label="Any client", widget=LongSelect
    )
    date_from = django_filters.DateFilter(
        field_name="quote_date",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="quote_date",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Quote
        fields = ["q", "status", "client", "date_from", "date_to"]
