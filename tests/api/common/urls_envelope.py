"""A URLconf with a plain Django view under the FluidPay prefix, without
`csrf_exempt`: what a new catch-all would look like if it forgot the decorator."""

from django.http import HttpResponse
from django.urls import path


def plain_view(request):
    return HttpResponse("<p>never reached under CSRF checks</p>")


urlpatterns = [path("fluidpay/api/plain", plain_view)]
