"""Applying a credit note to an open invoice: a staff page over
`payment_apply_credit_memo` (apps/payments), so it lives above both invoices and
payments. Billing and Admin only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView

from apps.accounts.mixins import StaffRequiredMixin
from apps.accounts.roles import WRITE
from apps.core.forms import form_add_service_errors
from apps.core.money import format_money, money
from apps.invoices.selectors import invoice_credit_targets, invoice_list
from apps.payments.services import payment_apply_credit_memo


class CreditNoteApplyForm(forms.Form):
    invoice = forms.ModelChoiceField(queryset=None, label="Apply to invoice")
    amount = forms.DecimalField(
        label="Amount",
        max_digits=20,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invoice"].queryset = targets
        self.fields["invoice"].label_from_instance = lambda inv: (
            f"{inv.number}: {format_money(inv.balance, inv.currency)} due "
            f"{inv.due_date:%Y-%m-%d}"
        )


class CreditNoteApplyView(StaffRequiredMixin, FormView):
    template_name = "invoices/credit_note_apply_form.html"
    form_class = CreditNoteApplyForm
    read_capability = WRITE

    def dispatch(self, request, *args, **kwargs):
        self.note = None
        if request.user.is_authenticated and self.test_func():  # else the mixin refuses
            self.note = get_object_or_404(
                invoice_list(user=request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def targets(self):
        return invoice_credit_targets(user=self.request.user, credit_note=self.note)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "targets": self.targets()}

    def get_initial(self):
        first = self.targets().filter(pk=self.request.GET.get("invoice") or 0).first()
        first = first or self.targets().first()
        if first is None:
            return {}
        amount = min(self.note.balance, first.balance)
        return {"invoice": first.pk, "amount": money(amount, self.note.currency)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(credit_note=self.note, **kwargs)

    def form_valid(self, form):
        invoice = form.cleaned_data["invoice"]
        try:
            payment = payment_apply_credit_memo(
                invoice=invoice,
                credit_memo=self.note,
                amount=form.cleaned_data["amount"],
                by=self.request.user,
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        amount = format_money(payment.amount, payment.currency)
        messages.success(
            self.request,
            f"{amount} of credit note {self.note.number} applied to invoice "
            f"{invoice.number}.",
        )
        return redirect(invoice)
