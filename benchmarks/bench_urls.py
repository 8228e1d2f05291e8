"""Remit's URLs plus `/bench/bare`: the ceiling a Django view reaches in this server."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as remit_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *remit_urlpatterns]
