from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from apps.core.health import healthz
from apps.invoices import urls as invoice_urls
from apps.payments import urls as payment_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for load balancers: no auth, JSON
    path("", include("apps.dashboard.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("clients/", include("apps.dashboard.client_urls")),  # clients + its page
    path(
        "invoices/",
        include(
            (invoice_urls.urlpatterns + payment_urls.invoice_urlpatterns, "invoices")
        ),
    ),  # the record-a-payment page lives in payments, under the invoice's URL
    path("quotes/", include("apps.quotes.urls")),
    path("payments/", include("apps.payments.urls")),
    path("settings/companies/", include("apps.companies.urls")),
    path("settings/tax-rates/", include("apps.invoices.tax_rate_urls")),
    path("settings/webhooks/", include("apps.webhooks.urls")),
    path(
        "invoice/", include("apps.payments.public_urls")
    ),  # public: hosted invoice pages
    path("admin/", admin.site.urls),
    # The four API dialects, each a translator over the same domain.
    path("api/v1/", include("apps.api.fusioninvoice.urls")),
    path("fusebill/v1/", include("apps.api.fusebill.urls")),
    path("fluidpay/api/", include("apps.api.fluidpay.urls")),
    path("timetap/live/", include("apps.api.timetap.urls", namespace="timetap")),
    path("timetap/test/", include("apps.api.timetap.urls", namespace="timetap-test")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
