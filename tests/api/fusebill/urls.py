"""The Fusebill dialect mounted where config/urls.py mounts it (plus the public
invoice pages its PDFs link to), so these tests do not depend on other dialects'
URL modules. `test_config_urls_route_to_fusebill` checks the real URLconf."""

from django.urls import include, path

urlpatterns = [
    path("fusebill/v1/", include("apps.api.fusebill.urls")),
    path("invoice/", include("apps.payments.public_urls")),
]
