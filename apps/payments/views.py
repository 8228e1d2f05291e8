"""Staff pages for payments: list, detail and refund.

Recording is on the invoice pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from django.views.generic import DetailView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.core.custom_fields import custom_values_display

from .filters import PaymentFilter
from .selectors import payment_list
from .services import payment_refund


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
    """POST only: marks a succeeded payment refunded.

    The amount goes back to the invoice's balance.
    """

    http_method_names = ["post"]

    def post(self, request, pk):
        payment = get_object_or_404(payment_list(user=request.user), pk=pk)
        try:
            payment = payment_refund(payment=payment, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Payment {payment.pk} on invoice {payment.invoice.number} refunded.",
            )
        return redirect(payment)
