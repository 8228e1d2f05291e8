"""Fusebill's error envelope, for every failure under /fusebill/v1/:

    {"ErrorId": 0, "HttpStatusCode": 404,
     "Errors": [{"Key": "Api Error", "Value": "..."}]}

always with `Content-Type: application/json`, never an HTML page. Set per view
(`FusebillView.get_exception_handler`), so other dialects keep their own.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response

from .renderers import fusebill_dumps

logger = logging.getLogger(__name__)

QUERY_NOT_VALID = (
    "Bad request, the query is not valid. Please check your request and try again."
)


class FusebillError(exceptions.APIException):
    """A refusal with a Fusebill message; `status_code` set per instance."""

    def __init__(self, message: str, status_code: int = 400):
        super().__init__(message)
        self.status_code = status_code


def error_body(status_code: int, *messages: str) -> dict:
    return {
        "ErrorId": 0,
        "HttpStatusCode": status_code,
        "Errors": [{"Key": "Api Error", "Value": message} for message in messages],
    }


def error_response(status_code: int, message: str) -> HttpResponse:
    """A plain Django response in the envelope, for code outside DRF views."""
    return HttpResponse(
        fusebill_dumps(error_body(status_code, message)),
        status=status_code,
        content_type="application/json",
    )


def _messages(detail) -> list[str]:
    if isinstance(detail, dict):
        return [
            f"{key}: {msg}" if key != "non_field_errors" else msg
            for key, value in detail.items()
            for msg in _messages(value)
        ]
    if isinstance(detail, list | tuple):
        return [msg for value in detail for msg in _messages(value)]
    return [str(detail)]


def exception_handler(exc, context) -> Response:
    headers = {}
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        status_code, messages = 404, [str(exc) or "Resource not found."]
    elif isinstance(exc, DjangoValidationError):
        # A valid request the business rules refuse.
        status_code, messages = 409, exc.messages
    elif isinstance(exc, PermissionDenied):
        status_code = 403
        messages = [str(exc) or "You do not have permission to perform this action."]
    elif isinstance(exc, exceptions.APIException):
        status_code, messages = exc.status_code, _messages(exc.detail)
        if isinstance(
            exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed
        ):
            status_code = 401
            headers["WWW-Authenticate"] = 'Basic realm="api"'
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait))
    else:
        logger.exception("Fusebill API error", exc_info=exc)
        status_code, messages = 500, ["An error has occurred."]
    return Response(
        error_body(status_code, *messages), status=status_code, headers=headers
    )


@csrf_exempt  # credentials travel in headers, never cookies
def not_found_view(request, *args, **kwargs) -> HttpResponse:
    """Any path under /fusebill/v1/ that names no endpoint."""
    return error_response(404, "Resource not found.")
