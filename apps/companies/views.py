"""Settings pages for company profiles: thin views over the companies services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.accounts.roles import MANAGE
from apps.core.forms import form_add_service_errors

from .forms import CompanyProfileForm
from .selectors import company_profile_list
from .services import company_profile_create, company_profile_update


class CompanyProfileListView(StaffRequiredMixin, ListView):
    template_name = "companies/companyprofile_list.html"
    context_object_name = "profiles"

    def get_queryset(self):
        return company_profile_list()


class CompanyProfileCreateView(StaffRequiredMixin, FormView):
    read_capability = capability = MANAGE
    template_name = "companies/companyprofile_form.html"
    form_class = CompanyProfileForm

    def get_initial(self):
        return {
            "default_currency": "USD",
            "payment_terms_days": 30,
            "quote_valid_days": 30,
            "invoice_prefix": "INV-",
            "quote_prefix": "QUO-",
            "number_padding": 5,
        }

    def form_valid(self, form):
        try:
            profile = company_profile_create(by=self.request.user, **form.to_fields())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Company profile “{profile.name}” created.")
        return redirect("companies:list")


class CompanyProfileUpdateView(StaffRequiredMixin, FormView):
    read_capability = capability = MANAGE
    template_name = "companies/companyprofile_form.html"
    form_class = CompanyProfileForm

    @cached_property
    def profile(self):
        return get_object_or_404(company_profile_list(), pk=self.kwargs["pk"])

    def get_initial(self):
        return CompanyProfileForm.initial_for(self.profile)

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form):
        try:
            profile = company_profile_update(
                profile=self.profile, by=self.request.user, **form.to_fields()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Company profile “{profile.name}” saved.")
        return redirect("companies:list")
