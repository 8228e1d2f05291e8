"""Webhook endpoints as the FusionInvoice extension answers them (snake_case, Laravel
timestamps). The signing secret is never here: store and rotate add it once."""

from rest_framework import serializers

from .fields import TimestampField


class FIWebhookDeliverySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    message_id = serializers.CharField(read_only=True)  # the webhook-id header
    event = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    attempts = serializers.IntegerField(read_only=True)
    last_status_code = serializers.IntegerField(read_only=True, allow_null=True)
    last_error = serializers.CharField(read_only=True)
    next_attempt_at = TimestampField()
    created_at = TimestampField()


class FIWebhookSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    url = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    events = serializers.ListField(child=serializers.CharField(), read_only=True)
    dialect = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    disabled_at = TimestampField()
    disabled_reason = serializers.CharField(read_only=True)
    secret_prefix = serializers.CharField(read_only=True)
    created_at = TimestampField()
    updated_at = TimestampField()


class FIWebhookWithDeliveriesSerializer(FIWebhookSerializer):
    deliveries = serializers.SerializerMethodField()

    def get_deliveries(self, endpoint) -> list[dict]:
        recent = endpoint.deliveries.order_by("-created_at", "-id")[:20]
        return FIWebhookDeliverySerializer(recent, many=True).data
