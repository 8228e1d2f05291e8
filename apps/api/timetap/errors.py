"""TimeTap errors: `{"errorMessage": "...", "errorCode": "..."}` with the HTTP status,
always JSON, never an HTML page. A 401 tells the client to fetch a new session token.

Set per view (`TimeTapView.get_exception_handler`), so other dialects keep theirs.
"""

import logging

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

from .renderers import timetap_dumps

logger = logging.getLogger(__name__)

_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "CONFLICT",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_ERROR",
}

# Domain field names -> TimeTap's, so a validation message names what the caller sent.
FIELD_NAMES = {
    "client": "client.clientId",
    "company_profile": "businessId",
    "invoice_date": "invoiceDate",
    "due_date": "invoiceDueDate",
    "number": "invoiceNumber",
    "notes": "comments",
    "currency": "currency",
    "name": "description",
    "unit_price": "rate",
    "product_code": "productId",
    "group": "itemType",
    "tax_rate": "taxRate",
    "tax_rate_2": "tax2Rate",
    "amount": "balanceAmount",
    "status": "status",
    "quote_date": "invoiceDate",
    "expires_at": "invoiceDueDate",
}


def error_body(message: str, code: str) -> dict:
    return {"errorMessage": message, "errorCode": code}


def _flatten(detail, prefix: str = "") -> list[str]:
    """DRF or Django error detail as `field: message` strings, nested fields dotted."""
    if isinstance(detail, dict):
        parts = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list item's errors, keyed by its index
                parts += _flatten(value, f"{prefix}[{key}]")
                continue
            name = FIELD_NAMES.get(str(key), str(key))
            if key in ("non_field_errors", "__all__"):
                name = ""
            parts += _flatten(
                value, f"{prefix}.{name}" if prefix and name else (name or prefix)
            )
        return parts
    if isinstance(detail, list | tuple):
        parts = []
        for i, value in enumerate(detail):
            if isinstance(value, dict):
                parts += _flatten(value, f"{prefix}[{i}]")
            else:
                parts += _flatten(value, prefix)
        return parts
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def validation_message(detail) -> str:
    return "; ".join(_flatten(detail)) or "The request is not valid."


def _django_detail(exc: DjangoValidationError):
    return exc.message_dict if hasattr(exc, "error_dict") else exc.messages


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return Response(
            error_body(validation_message(_django_detail(exc)), "BAD_REQUEST"),
            status=400,
        )
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body(validation_message(exc.detail), "BAD_REQUEST"), status=400
        )
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return Response(error_body(str(exc) or "Not found.", "NOT_FOUND"), status=404)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, SuspiciousOperation):
        return Response(
            error_body("The request could not be read.", "BAD_REQUEST"), status=400
        )
    if isinstance(exc, exceptions.APIException):
        code = _CODES.get(exc.status_code, str(exc.get_codes()).upper())
        headers = {}
        if isinstance(
            exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed
        ):
            code = "UNAUTHORIZED"
            auth_header = context["view"].get_authenticate_header(context["request"])
            exc.status_code = status.HTTP_401_UNAUTHORIZED
            if auth_header:
                headers["WWW-Authenticate"] = auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        return Response(
            error_body(validation_message(exc.detail), code),
            status=exc.status_code,
            headers=headers,
        )
    logger.exception("TimeTap API error", exc_info=exc)
    return Response(
        error_body("The server could not complete the request.", "INTERNAL_ERROR"),
        status=500,
    )


@csrf_exempt  # credentials travel in headers, never cookies
def not_found_view(request, *args, **kwargs) -> HttpResponse:
    """Any path under the TimeTap prefix that no route matches."""
    body = timetap_dumps(
        error_body(f"No TimeTap endpoint at {request.path}.", "NOT_FOUND")
    )
    return HttpResponse(body, status=404, content_type="application/json")
