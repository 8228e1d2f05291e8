"""The client's page: its details from apps/clients, and its recent invoices, quotes
and payments from `client_overview`. It lives above the apps it shows; its URL keeps
the name `clients:detail` (see client_urls.py)."""

from django.views.generic import DetailView

from apps.accounts.mixins import StaffRequiredMixin
from apps.clients.selectors import client_amounts_by_currency, client_list
from apps.core.custom_fields import custom_values_display

from .client_selectors import client_overview


class ClientDetailView(StaffRequiredMixin, DetailView):
    template_name = "clients/client_detail.html"
    context_object_name = "client_obj"

    def get_queryset(self):
        return client_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        client = self.object
        amounts = client_amounts_by_currency(client=client)
        overview = client_overview(user=self.request.user, client=client)
        return super().get_context_data(
            amounts=amounts[0],
            custom_values=custom_values_display(module="clients", values=client.custom),
            other_amounts=amounts[1:],
            invoices=overview.invoices,
            quotes=overview.quotes,
            payments=overview.payments,
            credit_notes=overview.credit_notes,
            **kwargs,
        )
