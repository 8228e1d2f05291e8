"""Staff pages for clients: thin views over clients.selectors and clients.services.

The client's own page, which also lists its invoices, quotes and payments, is
apps/dashboard/client_views.py: apps/clients imports none of those apps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.companies.selectors import company_profile_get_default
from apps.core.forms import form_add_service_errors

from .filters import ClientFilter
from .forms import ClientForm
from .selectors import client_list
from .services import client_create, client_delete, client_update


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
