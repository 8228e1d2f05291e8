"""FusionInvoice's envelopes and status codes for every failure: `{"success": false,
"message": ...}`, and 400 "Record not found" for a missing record."""

import logging

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from .query import FieldNameError

logger = logging.getLogger(__name__)

RETRIEVED = "Record retrieved successfully"
CREATED = "Record successfully created"
UPDATED = "Record successfully updated"
DELETED = "Record successfully deleted"
NOT_FOUND = "Record not found"
INVALID_FIELD = "Please enter a valid field name"


class FIError(exceptions.APIException):
    """A failure answered as {"success": false, "message": ...} (400 by default)."""

    status_code = 400

    def __init__(self, message, status_code: int = 400, key: str = "message"):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.key = key


class FIValidation(exceptions.APIException):
    """422 {"errors": ...}; `errors` is already in FusionInvoice's field names."""

    status_code = 422

    def __init__(self, errors):
        super().__init__("invalid")
        self.errors = errors


def translate_validation(
    exc: DjangoValidationError, names: dict[str, str]
) -> exceptions.APIException:
    """A domain ValidationError as FI sees it: field errors -> 422 under FI names;
    a rule refusal with no field -> 400 {"success": false, "message": ...}."""
    if hasattr(exc, "error_dict"):
        errors: dict[str, list[str]] = {}
        general: list[str] = []
        for name, messages in exc.message_dict.items():
            if name == "__all__":
                general.extend(messages)
            else:
                errors.setdefault(names.get(name, name), []).extend(messages)
        if errors:
            if general:
                errors.setdefault("general", []).extend(general)
            return FIValidation(errors)
        return FIError(" ".join(general))
    return FIError(" ".join(exc.messages))


def _denied_message(exc) -> str:
    detail = str(getattr(exc, "detail", exc) or "")
    if not detail or detail == exceptions.PermissionDenied.default_detail:
        return "This action is unauthorized."
    return detail


def _fail(message, status: int, key: str = "message") -> Response:
    return Response({"success": False, key: message}, status=status)


def exception_handler(exc, context):
    if isinstance(exc, FIError):
        return _fail(exc.message, exc.status_code, exc.key)
    if isinstance(exc, FIValidation):
        return Response({"errors": exc.errors}, status=422)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return Response({"error": "Unauthenticated."}, status=401)
    if isinstance(exc, exceptions.PermissionDenied | PermissionDenied):
        # Laravel's 403 shape; the message names the role the action needs.
        return Response({"message": _denied_message(exc)}, status=403)
    if isinstance(exc, Http404 | ObjectDoesNotExist | exceptions.NotFound):
        return _fail(NOT_FOUND, 400)
    if isinstance(exc, FieldNameError):
        return _fail(INVALID_FIELD, 400)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"general": exc.detail}
        return Response({"errors": detail}, status=422)
    if isinstance(exc, DjangoValidationError):
        return exception_handler(translate_validation(exc, {}), context)
    if isinstance(exc, RequestDataTooBig):
        return _fail("The request body is too large.", 413)
    if isinstance(exc, exceptions.Throttled):
        response = _fail("Too many requests; try again later.", 429)
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait))
        return response
    if isinstance(exc, exceptions.APIException):
        # ParseError (broken JSON), MethodNotAllowed, UnsupportedMediaType,
        # NotAcceptable
        return _fail(str(exc.detail), exc.status_code)
    logger.exception("FusionInvoice API error", exc_info=exc)
    return _fail("Server error", 500)
