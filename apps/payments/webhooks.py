"""Gateway webhooks: `POST /payments/stripe/webhook`.

Every event is verified with the library (`stripe.Webhook.construct_event`, the
`Stripe-Signature` header over the raw body, with STRIPE_WEBHOOK_SECRET, within
Stripe's 5-minute tolerance); a bad signature answers 400 and changes nothing.
The service applies each event id once."""

import stripe
from django.conf import settings
from django.http import JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from .services import payment_gateway_event_process


@method_decorator(csrf_exempt, name="dispatch")  # signed by Stripe instead
class StripeWebhookView(View):
    http_method_names = ["post"]

    def post(self, request):
        secret = settings.STRIPE_WEBHOOK_SECRET
        if not secret:
            return JsonResponse({"error": "Webhooks are not configured."}, status=400)
        try:
            event = stripe.Webhook.construct_event(
                request.body, request.headers.get("Stripe-Signature", ""), secret
            )
        except (ValueError, stripe.SignatureVerificationError):
            return JsonResponse({"error": "Invalid signature or payload."}, status=400)
        processed = payment_gateway_event_process(
            gateway="stripe",
            event_id=event["id"],
            event_type=event["type"],
            obj=event["data"]["object"].to_dict(),  # plain dicts for the domain
        )
        return JsonResponse({"received": True, "processed": processed})
