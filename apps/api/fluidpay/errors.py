"""FluidPay's error envelope: `{"status": "failed", "msg": "..."}` with the HTTP code
the vendor uses. Every failure under /fluidpay/api/ goes through here, never a Django
HTML page: 400 "bad request error: <field>: <detail>", 401 "unauthorized",
403 "forbidden: <the role needed>", 404 "not found", 405 "method not allowed",
500 "internal error"."""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class BadRequest(Exception):
    """A request the dialect refuses; `msg` follows "bad request error: "."""

    def __init__(self, msg: str):
        super().__init__(msg)
        self.msg = msg


def failed(msg: str, code: int) -> Response:
    return Response({"status": "failed", "msg": msg}, status=code)


def flatten(detail, path: str = "") -> list[str]:
    """DRF or Django error structures as "items[0].unit_price: message" strings."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            if isinstance(key, int):  # a list serializer's errors, by index
                out += flatten(value, f"{path}[{key}]")
                continue
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            out += flatten(value, f"{path}.{name}" if path and name else (name or path))
        return out
    if isinstance(detail, list):
        if detail and all(isinstance(v, str | exceptions.ErrorDetail) for v in detail):
            return [
                f"{path}: {' '.join(map(str, detail))}"
                if path
                else " ".join(map(str, detail))
            ]
        out = []
        for index, value in enumerate(detail):
            if value:
                out += flatten(value, f"{path}[{index}]")
        return out
    return [f"{path}: {detail}" if path else str(detail)]


def django_errors(
    exc: DjangoValidationError, prefix: str = "", names: dict | None = None
) -> str:
    """A domain ValidationError as one message, with FluidPay's field names."""
    names = names or {}
    if hasattr(exc, "error_dict"):
        parts = []
        for field, errors in exc.message_dict.items():
            name = names.get(field, field)
            name = "" if name == "__all__" else name
            label = ".".join(p for p in (prefix, name) if p)
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return "; ".join(parts)
    return " ".join(exc.messages)


def exception_handler(exc, context):
    if isinstance(exc, BadRequest):
        return failed(f"bad request error: {exc.msg}", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        return failed(
            f"bad request error: {django_errors(exc)}", status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, exceptions.ValidationError):
        return failed(
            f"bad request error: {'; '.join(flatten(exc.detail))}",
            status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ParseError):
        return failed(f"bad request error: {exc.detail}", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return failed("unauthorized", status.HTTP_401_UNAUTHORIZED)
    if isinstance(exc, exceptions.PermissionDenied | PermissionDenied):
        # A known caller whose role (or read-only key) does not allow this.
        detail = str(getattr(exc, "detail", exc) or "")
        return failed(
            f"forbidden: {detail}" if detail else "forbidden",
            status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, Http404 | ObjectDoesNotExist | exceptions.NotFound):
        return failed("not found", status.HTTP_404_NOT_FOUND)
    if isinstance(exc, exceptions.MethodNotAllowed):
        return failed("method not allowed", status.HTTP_405_METHOD_NOT_ALLOWED)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return failed(
            f"bad request error: {exc.detail}", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
        )
    if isinstance(exc, exceptions.Throttled):
        return failed("too many requests", status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, exceptions.APIException):
        return failed(str(exc.detail), exc.status_code)
    logger.exception("FluidPay API internal error", exc_info=exc)
    return failed("internal error", status.HTTP_500_INTERNAL_SERVER_ERROR)


@csrf_exempt  # credentials travel in headers, never cookies
def not_found_view(request, *args, **kwargs):
    """Any other path under /fluidpay/api/: the dialect's 404, not Django's page."""
    return JsonResponse({"status": "failed", "msg": "not found"}, status=404)
