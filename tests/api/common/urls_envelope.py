"""A URLconf with a plain Django view under the FluidPay prefix, without
`csrf_exempt`: what a new catch-all would look like if it forgot the decorator."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def plain_view(request):
    return HttpResponse("<p>never reached under CSRF checks</p>")


@csrf_exempt
def broken_view(request):
    raise RuntimeError("a bug outside any dialect's exception handler")


urlpatterns = [
    path("fluidpay/api/plain", plain_view),
    path("timetap/live/broken", broken_view),
]
