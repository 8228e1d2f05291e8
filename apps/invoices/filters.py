"""The one definition of "filter invoices", for the staff list (and the API)."""

import django_filters
from django import forms
from django.utils import timezone

from apps.clients.filters import client_choices_for
from apps.core.forms import LongSelect

from .models import Invoice

OVERDUE = "overdue"  # a fact, not a stored status: InvoiceQuerySet.overdue()
STATUS_CHOICES = [*Invoice.Status.choices, (OVERDUE, "Overdue")]


class InvoiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Number")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label="Any status"
    )
    client = django_filters.ModelChoiceFilter(
        queryset=client_choices_for, empty_label="Any client", widget=LongSelect
    )
    date_from = django_filters.DateFilter(
        field_name="invoice_date",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="invoice_date",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Invoice
        fields = ["q", "status", "client", "date_from", "date_to"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(number__icontains=value) if value else queryset

    def filter_status(self, queryset, name, value):
        if value == OVERDUE:
            return queryset.overdue(today=timezone.localdate())
        return queryset.filter(status=value)
