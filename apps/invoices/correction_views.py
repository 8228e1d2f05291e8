"""Staff pages for corrections: issue a credit note from an invoice, refund a credit
note's unused credit to the customer, write off a balance with a reason. Billing
and Admin only (`read_capability = WRITE`: a Viewer does not even see the forms;
the services refuse them too). Applying a credit note to an invoice records a
payment, so that page lives one layer up (apps/dashboard/credit_views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView

from apps.accounts.mixins import StaffRequiredMixin
from apps.accounts.roles import WRITE
from apps.core.forms import form_add_service_errors
from apps.core.money import format_money, money

from .correction_forms import (
    CreditNoteForm,
    CreditNoteRefundForm,
    InvoiceWriteOffForm,
)
from .models import Invoice
from .selectors import invoice_list
from .services import (
    credit_note_create_from_invoice,
    credit_note_creditable,
    credit_note_refund,
    invoice_write_off,
)

TEMPLATE = "invoices/invoice_correction_form.html"


class InvoiceCorrectionView(StaffRequiredMixin, FormView):
    """A form about one invoice (or credit note) that calls one service."""

    template_name = TEMPLATE
    read_capability = WRITE
    title = ""
    submit = ""

    def dispatch(self, request, *args, **kwargs):
        self.invoice = None
        if request.user.is_authenticated and self.test_func():  # else the mixin refuses
            self.invoice = get_object_or_404(
                invoice_list(user=request.user, with_items=True), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invoice=self.invoice, title=self.title, submit=self.submit, **kwargs
        )

    def form_valid(self, form):
        try:
            target, message = self.act(form)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, message)
        return redirect(target)

    def act(self, form) -> tuple[Invoice, str]:
        raise NotImplementedError


class CreditNoteCreateView(InvoiceCorrectionView):
    form_class = CreditNoteForm
    title = "Issue a credit note"
    submit = "Issue credit note"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": self.invoice.items.all()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            creditable=credit_note_creditable(invoice=self.invoice), **kwargs
        )

    def act(self, form):
        note = credit_note_create_from_invoice(
            invoice=self.invoice, by=self.request.user, **form.to_kwargs()
        )
        total = format_money(note.total, note.currency)
        return note, f"Credit note {note.number} for {total} issued."


class CreditNoteRefundView(InvoiceCorrectionView):
    form_class = CreditNoteRefundForm
    title = "Refund credit to the customer"
    submit = "Record refund"

    def get_initial(self):
        return {
            "amount": money(self.invoice.balance, self.invoice.currency),
            "refunded_on": timezone.localdate(),
        }

    def act(self, form):
        refund = credit_note_refund(
            credit_note=self.invoice, by=self.request.user, **form.cleaned_data
        )
        amount = format_money(refund.amount, refund.currency)
        return self.invoice, f"Refund of {amount} to the customer recorded."


class InvoiceWriteOffView(InvoiceCorrectionView):
    form_class = InvoiceWriteOffForm
    title = "Write off"
    submit = "Write off"

    def act(self, form):
        invoice = invoice_write_off(
            invoice=self.invoice, by=self.request.user, **form.cleaned_data
        )
        return (
            invoice,
            f"Invoice {invoice.number} written off ({form.cleaned_data['reason']}).",
        )
