"""A test-only URLconf: one counting view under every API prefix."""

import json

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

CALLS: list[bytes] = []


@csrf_exempt
def echo(request):
    CALLS.append(request.body)
    if request.GET.get("fail"):
        return HttpResponse(
            json.dumps({"error": "boom"}), status=500, content_type="application/json"
        )
    body = {"call": len(CALLS), "received": request.body.decode()}
    return HttpResponse(json.dumps(body), status=201, content_type="application/json")


urlpatterns = [
    path("api/v1/echo", echo),
    path("fusebill/v1/echo", echo),
    path("fluidpay/api/echo", echo),
    path("timetap/live/echo", echo),
    path("timetap/test/echo", echo),
    path("elsewhere/echo", echo),
]
