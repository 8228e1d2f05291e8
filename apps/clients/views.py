"""Staff pages for clients: thin views over clients.selectors and clients.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.companies.selectors import company_profile_get_default
from apps.core.custom_fields import custom_values_display
from apps.core.forms import form_add_service_errors
from apps.invoices.selectors import invoice_list
from apps.payments.selectors import payment_list
from apps.quotes.selectors import quote_list

from .filters import ClientFilter
from .forms import ClientForm
from .selectors import client_amounts_by_currency, client_list
from .services import client_create, client_delete, client_update

RECENT = 10


class ClientListView(StaffRequiredMixin, ListView):
    template_name = "clients/client_list.html"
    context_object_name = "clients"
    paginate_by = 25

    def get_queryset(self):
        clients = client_list(user=self.request.user, with_amounts=True)
        self.filterset = ClientFilter(self.request.GET or None, queryset=clients)
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class ClientDetailView(StaffRequiredMixin, DetailView):
    template_name = "clients/client_detail.html"
    context_object_name = "client_obj"

    def get_queryset(self):
        return client_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        client = self.object
        user = self.request.user
        amounts = client_amounts_by_currency(client=client)
        return super().get_context_data(
            amounts=amounts[0],
            custom_values=custom_values_display(module="clients", values=client.custom),
            other_amounts=amounts[1:],
            invoices=invoice_list(user=user).filter(client=client)[:RECENT],
            quotes=quote_list(user=user).filter(client=client)[:RECENT],
            payments=payment_list(user=user).filter(client=client)[:RECENT],
            **kwargs,
        )


class ClientCreateView(StaffRequiredMixin, FormView):
    template_name = "clients/client_form.html"
    form_class = ClientForm

    def get_initial(self):
        return {"type": "customer", "is_active": True, "currency": _default_currency()}

    def form_valid(self, form):
        try:
            client = client_create(by=self.request.user, **form.to_fields())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Client “{client.name}” created.")
        return redirect(client)


class ClientUpdateView(StaffRequiredMixin, FormView):
    template_name = "clients/client_form.html"
    form_class = ClientForm

    @cached_property
    def client_obj(self):
        return get_object_or_404(
            client_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return ClientForm.initial_for(self.client_obj)

    def get_context_data(self, **kwargs):
        return super().get_context_data(client_obj=self.client_obj, **kwargs)

    def form_valid(self, form):
        try:
            client = client_update(
                client=self.client_obj, by=self.request.user, **form.to_fields()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Client “{client.name}” saved.")
        return redirect(client)


class ClientDeleteView(StaffRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        client = get_object_or_404(client_list(user=request.user), pk=pk)
        try:
            client_delete(client=client, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(client)
        messages.success(request, f"Client “{client.name}” deleted.")
        return redirect(reverse("clients:list"))


def _default_currency() -> str:
    profile = company_profile_get_default()
    return profile.default_currency if profile else "USD"
