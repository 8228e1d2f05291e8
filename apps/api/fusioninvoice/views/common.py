"""Helpers the FusionInvoice views share: parsing, schema pieces, error translation."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    inline_serializer,
)
from rest_framework import serializers

from ..errors import FIValidation, translate_validation

ERROR = inline_serializer(
    "FIError",
    {"success": serializers.BooleanField(), "message": serializers.CharField()},
)
UNAUTHENTICATED = inline_serializer(
    "FIUnauthenticated", {"error": serializers.CharField()}
)
VALIDATION = inline_serializer(
    "FIValidationErrors", {"errors": serializers.DictField()}
)
COMMON_ERRORS = {400: ERROR, 401: UNAUTHENTICATED, 422: VALIDATION}

LIST_PARAMETERS = [
    OpenApiParameter(
        "paginated_response",
        int,
        enum=[0, 1],
        description="1: Laravel paginator of 15 per page.",
    ),
    OpenApiParameter("page", int, description="Page number with paginated_response=1."),
    OpenApiParameter(
        "per_page",
        int,
        description="Remit extension: page size, 1 to 100 (default 15).",
    ),
    OpenApiParameter("include_custom_fields", int, enum=[0, 1]),
    OpenApiParameter(
        "where_operator",
        str,
        enum=["AND", "OR", "and", "or"],
        description="How plain field filters join.",
    ),
    OpenApiParameter("s", str, description="Sort column (whitelisted)."),
    OpenApiParameter("o", str, enum=["asc", "desc"]),
]


def envelope(name: str, data) -> serializers.Serializer:
    fields = {"success": serializers.BooleanField(), "message": serializers.CharField()}
    if data is not None:
        fields["data"] = data
    return inline_serializer(name, fields)


def parse(serializer_class, data, *, partial: bool = False, **kwargs):
    serializer = serializer_class(data=data, partial=partial, **kwargs)
    if not serializer.is_valid():
        raise FIValidation(serializer.errors)
    return serializer


def domain_error(exc: ValidationError, names: dict):
    """A service's ValidationError in FusionInvoice's terms (raise the result)."""
    return translate_validation(exc, names)
