"""FusionInvoice credentials: `Authorization: Bearer <token>`, where the token is a
login token `<id>|<secret>` from POST /login or an API key (both accepted)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from apps.api.common.authentication import (
    CredentialAuthentication,
    api_key_lookup,
    bearer_token,
    login_token_lookup,
)


class FusionInvoiceAuthentication(CredentialAuthentication):
    failure_message = "Unauthenticated."

    def credential_from(self, request):
        return bearer_token(request)

    def lookup(self, raw):
        return login_token_lookup(raw) if "|" in raw else api_key_lookup(raw)


class LoginRateThrottle(SimpleRateThrottle):
    """Sign-in attempts per address; lockout per email is in accounts.selectors.

    The address is the connection's own unless DRF's NUM_PROXIES says how many proxies
    to trust: otherwise a caller could send a new X-Forwarded-For with every guess."""

    rate = "30/min"

    def get_ident(self, request):
        if api_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR") or ""
        return super().get_ident(request)

    def get_cache_key(self, request, view):
        return f"fi-login:{self.get_ident(request)}"


class _FusionInvoiceScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.fusioninvoice.auth.FusionInvoiceAuthentication"
    name = "fusionInvoiceBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token from POST /api/v1/login (`<id>|<secret>`) or an API key."
            ),
        }
