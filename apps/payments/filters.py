"""The one definition of "filter payments", for the staff list (and the API)."""

import django_filters
from django import forms
from django.db.models import Q

from apps.clients.filters import client_choices_for
from apps.core.forms import LongSelect

from .models import Payment


class PaymentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label="Search", help_text="Invoice number or reference"
    )
    method = django_filters.ChoiceFilter(
        choices=Payment.Method.choices, empty_label="Any method"
    )
    status = django_filters.ChoiceFilter(
        choices=Payment.Status.choices, empty_label="Any status"
    )
    client = django_filters.ModelChoiceFilter(
        queryset=client_choices_for, empty_label="Any client", widget=LongSelect
    )
    date_from = django_filters.DateFilter(
        field_name="paid_at",
        lookup_expr="gte",
        label="Paid from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="paid_at",
        lookup_expr="lte",
        label="Paid to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Payment
        fields = ["q", "method", "status", "client", "date_from", "date_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(invoice__number__icontains=value)
            | Q(reference__icontains=value)
            | Q(transaction_id__icontains=value)
        )
