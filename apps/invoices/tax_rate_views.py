"""Settings pages for tax rates: thin views over invoices.services.tax_rates."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.accounts.roles import MANAGE
from apps.core.forms import form_add_service_errors

from .forms import TaxRateForm
from .selectors import tax_rate_list
from .services import tax_rate_create, tax_rate_update


class TaxRateListView(StaffRequiredMixin, ListView):
    template_name = "invoices/taxrate_list.html"
    context_object_name = "tax_rates"

    def get_queryset(self):
        return tax_rate_list(user=self.request.user)


class TaxRateFormView(StaffRequiredMixin, FormView):
    """Create (no pk) or edit (pk) a tax rate."""

    read_capability = capability = MANAGE
    template_name = "invoices/taxrate_form.html"
    form_class = TaxRateForm

    @cached_property
    def tax_rate(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            tax_rate_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        if self.tax_rate is None:
            return {"is_active": True}
        return {name: getattr(self.tax_rate, name) for name in TaxRateForm.base_fields}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tax_rate=self.tax_rate, **kwargs)

    def form_valid(self, form):
        try:
            if self.tax_rate is None:
                tax_rate = tax_rate_create(by=self.request.user, **form.cleaned_data)
            else:
                tax_rate = tax_rate_update(
                    tax_rate=self.tax_rate, by=self.request.user, **form.cleaned_data
                )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, f"Tax rate “{tax_rate}” saved.")
        return redirect("tax-rates:list")
