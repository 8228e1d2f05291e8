"""`GET transaction/{id}` and `POST transaction/search`: Remit's payments as FluidPay
transactions, in the shape `POST invoice/{id}/pay` answers. A transaction's
`order_id`/`po_number` name its invoice (FluidPay's linkage), so an integrator goes
from an invoice to its transactions (search by `order_id`) and back
(`invoice_id`, `order_id`)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema

from apps.accounts.roles import READ
from apps.payments.models import Payment
from apps.payments.selectors import payment_list

from .. import schema
from ..inputs import FluidPayTransactionSearchSerializer
from ..outputs import transaction_data
from ..query import transaction_id_q, transaction_search
from .invoices import FluidPayView, invoices, success

TRANSACTION_ID = OpenApiParameter(
    "transaction_id",
    str,
    OpenApiParameter.PATH,
    description="The transaction id, as transactions show it.",
)


def transactions(user):
    """What this dialect reads as transactions: every payment attempt the caller
    may see (declined and failed ones too, as FluidPay keeps them)."""
    return payment_list(user=user)


class TransactionDetailView(FluidPayView):
    @extend_schema(
        operation_id="fluidpay_transaction_get",
        tags=["FluidPay"],
        parameters=[TRANSACTION_ID],
        responses={200: schema.TRANSACTION_ENVELOPE, 404: schema.FAILED},
        summary="Get a transaction (a payment or payment attempt)",
    )
    def get(self, request, transaction_id):
        found = transactions(request.user).filter(transaction_id_q(transaction_id))
        payment = found.order_by("-id").first()
        if payment is None:
            raise Payment.DoesNotExist
        return success(transaction_data(payment, payment.invoice))


class TransactionSearchView(FluidPayView):
    api_capability = READ  # a read sent by POST

    @extend_schema(
        operation_id="fluidpay_transaction_search",
        tags=["FluidPay"],
        request=FluidPayTransactionSearchSerializer,
        responses={200: schema.TRANSACTION_SEARCH_ENVELOPE, 400: schema.FAILED},
        summary="Search transactions (criteria ANDed; newest first)",
        description=(
            "Criteria as in invoice search: `transaction_id`, `type` (always "
            "`sale`), `order_id`/`po_number` (the invoice's id, or its FluidPay "
            "`invoice_number`), `payment_method`/`payment_type`, `status`, "
            "`customer_id` (`=`, `!=`), `amount` in cents (`=`, `!=`, `<`, `>`), "
            "`created_at` range, `limit` (default 10, at most 100), `offset`. "
            "Every period is searched (no four-month default)."
        ),
    )
    def post(self, request):
        criteria = self.body(FluidPayTransactionSearchSerializer)
        qs, limit, offset = transaction_search(
            transactions(request.user), criteria, invoices=invoices(request.user)
        )
        total = qs.count()
        page = list(qs.order_by("-id")[offset : offset + limit])
        return success(
            [transaction_data(p, p.invoice) for p in page], total_count=total
        )
