"""Remit's extension to the FusionInvoice API: webhook endpoints, in FusionInvoice's
envelope and verbs (`webhooks`, `webhooks/store`, `webhooks/{id}` GET/PUT/DELETE,
plus `webhooks/{id}/rotate-secret`). Admin credentials only (MANAGE), for reading
too: a webhook says where Remit's data goes.

The signing secret (`whsec_...`) is in the answer to store and rotate-secret only.
"""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers

from apps.accounts.roles import MANAGE
from apps.core.events import EVENTS
from apps.webhooks.models import WebhookEndpoint
from apps.webhooks.selectors import webhook_endpoint_list
from apps.webhooks.services import (
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_secret_rotate,
    webhook_endpoint_update,
)

from ..errors import CREATED, DELETED, UPDATED, FIError, translate_validation
from ..outputs.webhooks import FIWebhookSerializer, FIWebhookWithDeliveriesSerializer
from .base import FIView, ok, record_id
from .common import COMMON_ERRORS, envelope, parse

FORBIDDEN = {
    403: inline_serializer("FIForbidden", {"message": serializers.CharField()})
}


class FIWebhookInputSerializer(serializers.Serializer):
    """Shape only; the services check the URL (scheme, https) and the events."""

    url = serializers.CharField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=list(EVENTS)), allow_empty=False
    )
    dialect = serializers.ChoiceField(
        choices=WebhookEndpoint.Dialect.values, default="fusioninvoice"
    )
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    is_active = serializers.BooleanField(required=False)


_WITH_SECRET = inline_serializer(
    "FIWebhookWithSecret",
    {
        "id": serializers.IntegerField(),
        "url": serializers.CharField(),
        "events": serializers.ListField(child=serializers.CharField()),
        "dialect": serializers.CharField(),
        "secret": serializers.CharField(help_text="whsec_...: shown this once."),
    },
)


class WebhookMixin:
    api_capability = MANAGE

    def get_object(self, pk) -> WebhookEndpoint:
        try:
            return webhook_endpoint_list(user=self.user).get(pk=record_id(pk))
        except ObjectDoesNotExist:
            raise FIError("Record not found") from None

    def with_secret(self, issued) -> dict:
        return {**FIWebhookSerializer(issued.endpoint).data, "secret": issued.secret}


def _domain_error(exc: ValidationError):
    return translate_validation(exc, {})


class WebhookListView(WebhookMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        operation_id="fi_webhook_list",
        responses={
            200: envelope("FIWebhookList", FIWebhookSerializer(many=True)),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
    )
    def get(self, request):
        return ok(
            FIWebhookSerializer(webhook_endpoint_list(user=self.user), many=True).data
        )


class WebhookStoreView(WebhookMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=FIWebhookInputSerializer,
        responses={
            201: envelope("FIWebhookCreated", _WITH_SECRET),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
        description="Registers an endpoint; `data.secret` is shown this once.",
    )
    def post(self, request):
        fields = parse(FIWebhookInputSerializer, self.params).validated_data
        fields.pop("is_active", None)
        try:
            issued = webhook_endpoint_create(by=self.user, **fields)
        except ValidationError as exc:
            raise _domain_error(exc) from None
        return ok(self.with_secret(issued), message=CREATED, status=201)


class WebhookDetailView(WebhookMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        responses={
            200: envelope("FIWebhookShow", FIWebhookWithDeliveriesSerializer()),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
        description="The endpoint with its 20 latest deliveries.",
    )
    def get(self, request, pk):
        return ok(FIWebhookWithDeliveriesSerializer(self.get_object(pk)).data)

    @extend_schema(
        tags=["FusionInvoice"],
        request=FIWebhookInputSerializer(partial=True),
        responses={
            200: envelope("FIWebhookUpdated", FIWebhookSerializer()),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
        description="Changes the fields sent; `is_active: true` enables it again.",
    )
    def put(self, request, pk):
        endpoint = self.get_object(pk)
        serializer = parse(FIWebhookInputSerializer, self.params, partial=True)
        fields = {
            k: v for k, v in serializer.validated_data.items() if k in self.params
        }
        try:
            endpoint = webhook_endpoint_update(
                endpoint=endpoint, by=self.user, **fields
            )
        except ValidationError as exc:
            raise _domain_error(exc) from None
        return ok(FIWebhookSerializer(endpoint).data, message=UPDATED)

    patch = put

    @extend_schema(
        tags=["FusionInvoice"],
        responses={
            200: envelope("FIWebhookDeleted", None),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
    )
    def delete(self, request, pk):
        webhook_endpoint_delete(endpoint=self.get_object(pk), by=self.user)
        return ok(message=DELETED)


class WebhookRotateView(WebhookMixin, FIView):
    @extend_schema(
        tags=["FusionInvoice"],
        request=None,
        responses={
            200: envelope("FIWebhookRotated", _WITH_SECRET),
            **COMMON_ERRORS,
            **FORBIDDEN,
        },
        description=(
            "A new signing secret, shown this once; the old one also signs "
            "for 24 hours."
        ),
    )
    def post(self, request, pk):
        issued = webhook_endpoint_secret_rotate(
            endpoint=self.get_object(pk), by=self.user
        )
        return ok(self.with_secret(issued), message=UPDATED)
