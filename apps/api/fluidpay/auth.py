"""FluidPay authentication: `Authorization: <api key>` with no scheme, as the vendor's
SDKs send it; `Authorization: Bearer <api key>` is accepted too. Both check the one
hashed credential store through apps.api.common.authentication."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from apps.api.common.authentication import (
    ApiKeyBearerAuthentication,
    ApiKeyHeaderAuthentication,
)


class _RefusePublicKeys:
    """FluidPay's public keys (`pub_...`) only work in the browser tokenizer and are
    refused on server endpoints. Remit issues none; any that arrives is refused."""

    def lookup(self, raw):
        return None if raw.startswith("pub_") else super().lookup(raw)


class FluidPayKeyAuthentication(_RefusePublicKeys, ApiKeyHeaderAuthentication):
    pass


class FluidPayBearerAuthentication(_RefusePublicKeys, ApiKeyBearerAuthentication):
    pass


AUTHENTICATION_CLASSES = [FluidPayKeyAuthentication, FluidPayBearerAuthentication]


class _FluidPayKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.fluidpay.auth.FluidPayKeyAuthentication"
    name = "fluidpayApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "The API key itself, no scheme (FluidPay style). "
                "Keys starting pub_ are refused."
            ),
        }


class _FluidPayBearerScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.fluidpay.auth.FluidPayBearerAuthentication"
    name = "fluidpayBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "The API key as a Bearer token.",
        }
