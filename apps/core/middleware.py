"""Response headers for the customer-facing pages (the hosted invoice page)."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.urls import Resolver404, resolve

from .http import request_nul_byte

PUBLIC_NAMESPACES = frozenset({"public_invoices"})

# No inline script or style anywhere on public pages; everything is served by Remit.
PUBLIC_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _is_public(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return request.path.startswith(
                getattr(settings, "REMIT_PUBLIC_PATH_PREFIX", "/invoice/")
            )
    return match.namespace in PUBLIC_NAMESPACES


class PublicPageHeadersMiddleware:
    """Keep hosted links out of Referer headers, search engines, frames and caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and request.META.get("HTTP_ORIGIN") == "null"
            and _is_public(request)
        ):
            # Under "Referrer-Policy: no-referrer" browsers send "Origin: null" with the
            # page's own form posts, which Django's origin check refuses. For these
            # forms only, the CSRF token (cookie + form value) is the check that counts.
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        response = self.get_response(request)
        if _is_public(request):
            response["Referrer-Policy"] = "no-referrer"
            response["X-Robots-Tag"] = "noindex, nofollow"
            # a page may widen it for a gateway's own form (payments' Stripe page)
            response.setdefault("Content-Security-Policy", PUBLIC_CSP)
            response["X-Frame-Options"] = "DENY"
            response["Cache-Control"] = "no-store, private"
        return response


class NulByteRefusalMiddleware:
    """400 for a NUL byte in the path, the query string or a header, on every page
    (the admin's list filters included): PostgreSQL refuses NUL in a query, which
    would otherwise surface as a server error. Under an API prefix the dialect's
    envelope answers first (apps/api/common/envelope.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = request_nul_byte(request)
        if where is not None:
            return HttpResponseBadRequest(
                f"The {where} contains a NUL byte.", content_type="text/plain"
            )
        return self.get_response(request)
