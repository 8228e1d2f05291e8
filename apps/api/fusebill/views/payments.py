"""Fusebill's payment resource, read-only: what `paymentAllocations[].uri` points at."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.payments.models import Payment
from apps.payments.selectors import payment_list

from .. import outputs, schema
from ..errors import FusebillError
from .base import FusebillView

# Money received: a Fusebill payment. Failed attempts are not payments there, and
# credit memos are credits (`creditAllocations`).
RECEIVED = (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED)


class PaymentDetailView(FusebillView):
    """GET Payments/{paymentId}."""

    @extend_schema(**schema.payment_detail())
    def get(self, request, payment_id: int):
        payment = (
            payment_list(user=request.user)
            .filter(pk=payment_id, status__in=RECEIVED)
            .exclude(method=Payment.Method.CREDIT_MEMO)
            .first()
        )
        if payment is None:
            raise FusebillError(f"Payment with id {payment_id} not found.", 404)
        return Response(outputs.payment(payment, self.options_for(request)))
