"""The one definition of "filter clients", for the staff list (and the API)."""

import django_filters
from django.db.models import Q

from .models import Client
from .selectors import client_choices


def client_choices_for(request):
    """The client picker of another list's filter (invoices, quotes, payments)."""
    return client_choices(user=getattr(request, "user", None))


class ClientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", label="Search", help_text="Name, email or city"
    )
    active = django_filters.ChoiceFilter(
        choices=[("active", "Active"), ("inactive", "Inactive")],
        method="filter_active",
        empty_label="Active and inactive",
        label="Status",
    )
    type = django_filters.ChoiceFilter(
        choices=Client.Type.choices, empty_label="Any type"
    )

    class Meta:
        model = Client
        fields = ["q", "active", "type"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(city__icontains=value)
            | Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
        )

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=(value == "active"))
