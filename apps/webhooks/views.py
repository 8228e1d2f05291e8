"""Staff pages for webhooks: Admin only, reading included (the URLs and the delivery
log say where Remit's data goes). The signing secret is shown once, on the page that
answers a create or a rotation."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.mixins import StaffRequiredMixin
from apps.accounts.roles import MANAGE
from apps.core.forms import form_add_service_errors

from .forms import WebhookEndpointForm
from .selectors import webhook_delivery_list, webhook_endpoint_list
from .services import (
    webhook_delivery_redeliver,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_secret_rotate,
    webhook_endpoint_update,
)


class WebhookMixin(StaffRequiredMixin):
    read_capability = MANAGE
    capability = MANAGE

    def get_endpoint(self, pk):
        return get_object_or_404(webhook_endpoint_list(user=self.request.user), pk=pk)


def _secret_page(request, issued, *, rotated: bool):
    response = render(
        request,
        "webhooks/endpoint_secret.html",
        {"issued": issued, "rotated": rotated},
    )
    add_never_cache_headers(response)
    return response


class WebhookEndpointListView(WebhookMixin, TemplateView):
    template_name = "webhooks/endpoint_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["endpoints"] = webhook_endpoint_list(user=self.request.user)
        context.setdefault("form", WebhookEndpointForm(initial={"is_active": True}))
        return context

    def post(self, request):
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                issued = webhook_endpoint_create(
                    url=data["url"],
                    events=data["events"],
                    dialect=data["dialect"],
                    description=data["description"],
                    by=request.user,
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                return _secret_page(request, issued, rotated=False)
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=400)


class WebhookEndpointDetailView(WebhookMixin, TemplateView):
    template_name = "webhooks/endpoint_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        endpoint = self.get_endpoint(self.kwargs["pk"])
        context["endpoint"] = endpoint
        context["deliveries"] = webhook_delivery_list(
            user=self.request.user, endpoint=endpoint
        )[:50]
        context.setdefault(
            "form",
            WebhookEndpointForm(
                initial={
                    "url": endpoint.url,
                    "description": endpoint.description,
                    "dialect": endpoint.dialect,
                    "events": endpoint.events,
                    "is_active": endpoint.is_active,
                }
            ),
        )
        return context

    def post(self, request, pk):
        endpoint = self.get_endpoint(pk)
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                webhook_endpoint_update(
                    endpoint=endpoint, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, "Webhook endpoint saved.")
                return redirect("webhooks:detail", pk=pk)
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=400)


class WebhookEndpointRotateView(WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        issued = webhook_endpoint_secret_rotate(
            endpoint=self.get_endpoint(pk), by=request.user
        )
        return _secret_page(request, issued, rotated=True)


class WebhookEndpointDeleteView(WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        endpoint = self.get_endpoint(pk)
        webhook_endpoint_delete(endpoint=endpoint, by=request.user)
        messages.success(request, f"Webhook endpoint {endpoint.url} deleted.")
        return redirect("webhooks:list")


class WebhookDeliveryRedeliverView(WebhookMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, delivery_pk):
        endpoint = self.get_endpoint(pk)
        delivery = get_object_or_404(
            webhook_delivery_list(user=request.user, endpoint=endpoint), pk=delivery_pk
        )
        try:
            webhook_delivery_redeliver(delivery=delivery, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{delivery.event} queued for redelivery.")
        return redirect("webhooks:detail", pk=pk)
