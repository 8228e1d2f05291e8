"""Staff pages for payments: record one on an invoice, list, detail and refund.

Recording keeps its URL under the invoice pages (`invoices:pay`, composed in
config/urls.py from `invoice_urlpatterns`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.core.custom_fields import custom_values_display
from apps.core.forms import form_add_service_errors
from apps.core.money import format_money, money
from apps.invoices.selectors import invoice_list

from .filters import PaymentFilter
from .forms import PaymentRecordForm
from .selectors import payment_list
from .services import payment_record, payment_refund


class PaymentListView(StaffRequiredMixin, ListView):
    template_name = "payments/payment_list.html"
    context_object_name = "payments"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = PaymentFilter(
            self.request.GET or None,
            queryset=payment_list(user=self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter=self.filterset, **kwargs)


class PaymentDetailView(StaffRequiredMixin, DetailView):
    template_name = "payments/payment_detail.html"
    context_object_name = "payment"

    def get_queryset(self):
        return payment_list(user=self.request.user).select_related("created_by")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            custom_values=custom_values_display(
                module="payments", values=self.object.custom
            ),
            **kwargs,
        )


class PaymentRefundView(StaffRequiredMixin, View):
    """POST only: refund `amount` (all that is left when absent) of a succeeded
    payment, through the gateway that took it. The invoice's balance goes back up
    by that amount; the service decides what may be refunded."""

    http_method_names = ["post"]

    def post(self, request, pk):
        payment = get_object_or_404(payment_list(user=request.user), pk=pk)
        try:
            before = payment.refunded_amount
            payment = payment_refund(
                payment=payment,
                amount=request.POST.get("amount", "").strip() or None,
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            refunded = format_money(payment.refunded_amount - before, payment.currency)
            messages.success(
                request,
                f"Refunded {refunded} of payment {payment.pk} "
                f"on invoice {payment.invoice.number}.",
            )
        return redirect(payment)


class PaymentRecordView(StaffRequiredMixin, FormView):
    """Record money received outside the gateway on one invoice (staff rules)."""

    template_name = "invoices/invoice_payment_form.html"
    form_class = PaymentRecordForm

    def dispatch(self, request, *args, **kwargs):
        self.invoice = None
        if request.user.is_authenticated and self.test_func():  # else the mixin refuses
            self.invoice = get_object_or_404(
                invoice_list(user=request.user), pk=kwargs["pk"]
            )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {
            "amount": money(self.invoice.balance, self.invoice.currency),
            "paid_at": timezone.localdate(),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(invoice=self.invoice, **kwargs)

    def form_valid(self, form):
        try:
            payment = payment_record(
                invoice=self.invoice, by=self.request.user, **form.to_fields()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Payment of {format_money(payment.amount, payment.currency)} recorded.",
        )
        return redirect(self.invoice)
