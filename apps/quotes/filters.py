"""The one definition of "filter quotes", for the staff list (and the API)."""

import django_filters
from django import forms

from apps.clients.filters import client_choices_for
from apps.core.forms import LongSelect

from .models import Quote


class QuoteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="number", lookup_expr="icontains", label="Number"
    )
    status = django_filters.ChoiceFilter(
        choices=Quote.Status.choices, empty_label="Any status"
    )
    client = django_filters.ModelChoiceFilter(
        queryset=client_choices_for, empty_label="Any client", widget=LongSelect
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
