"""Helpers the FusionInvoice views share: parsing, schema pieces, error translation."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers

from ..errors import FIValidation, translate_validation

ERROR = inline_serializer(
    "FIError",
    {"success": serializers.BooleanField(), "message": serializers.CharField()},
)
_MESSAGES = {"type": "array", "items": {"type": "string"}}


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": _MESSAGES},
        ]
    }
)
class _LoginErrorField(serializers.Field):
    """Laravel's login answers "Unauthorised", or the field errors, under `error`."""


@extend_schema_field(
    {
        "oneOf": [
            # by field; a list's item errors nest (`items: [{}, {"name": [...]}]`)
            {"type": "object", "additionalProperties": True},
            {"type": "array", "items": _MESSAGES},  # [["Client not found"]]
        ]
    }
)
class _ValidationErrorsField(serializers.Field):
    """`{field: [messages]}`, or FusionInvoice's list of lists for an unknown
    `client_name` on store."""


UNAUTHENTICATED = inline_serializer(
    "FIUnauthenticated", {"error": serializers.CharField()}
)
LOGIN_REFUSED = inline_serializer("FILoginRefused", {"error": _LoginErrorField()})
VALIDATION = inline_serializer(
    "FIValidationErrors", {"errors": _ValidationErrorsField()}
)
# The one refusal FusionInvoice words with the plural key: deleting a client that
# has invoices, quotes or payments.
CLIENT_DELETE_ERROR = PolymorphicProxySerializer(
    component_name="FIClientDeleteError",
    serializers=[
        ERROR,
        inline_serializer(
            "FIClientHasRecords",
            {
                "success": serializers.BooleanField(),
                "messages": serializers.CharField(),
            },
        ),
    ],
    resource_type_field_name=None,
)
# Applying a credit memo answers a refusal as 422 with `message` as a list.
CREDIT_MEMO_ERROR = PolymorphicProxySerializer(
    component_name="FICreditMemoError",
    serializers=[
        VALIDATION,
        inline_serializer(
            "FICreditMemoRefused",
            {
                "success": serializers.BooleanField(),
                "message": serializers.ListField(child=serializers.CharField()),
            },
        ),
    ],
    resource_type_field_name=None,
)
COMMON_ERRORS = {400: ERROR, 401: UNAUTHENTICATED, 422: VALIDATION}


def list_data(name: str, serializer_class) -> PolymorphicProxySerializer:
    """A list's `data`: every record as an array, or with `paginated_response=1`
    Laravel's length-aware paginator around one page of them."""
    page = inline_serializer(
        f"FI{name}Page",
        {
            "current_page": serializers.IntegerField(),
            "data": serializer_class(many=True),
            "first_page_url": serializers.CharField(),
            "from": serializers.IntegerField(allow_null=True),
            "last_page": serializers.IntegerField(),
            "last_page_url": serializers.CharField(),
            "links": serializers.ListField(child=serializers.DictField()),
            "next_page_url": serializers.CharField(allow_null=True),
            "path": serializers.CharField(),
            "per_page": serializers.IntegerField(),
            "prev_page_url": serializers.CharField(allow_null=True),
            "to": serializers.IntegerField(allow_null=True),
            "total": serializers.IntegerField(),
        },
    )
    # drf-spectacular drops a `many=True` choice from a proxy used as a field; the
    # plain array (the page's own `data`) is added by schema.list_data_hook.
    return PolymorphicProxySerializer(
        component_name=f"FI{name}ListData",
        serializers=[page],
        resource_type_field_name=None,
    )


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
