"""`Authorization: Basic <api key>`, the key sent as-is (a base64 `key:` pair is
accepted too, see `ApiKeyBasicAuthentication`). Fusebill answers 401 in its own
words: a missing or malformed header "is not in the correct format", a well-formed
key we do not know "is not valid"."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.exceptions import AuthenticationFailed

from apps.api.common.authentication import ApiKeyBasicAuthentication

BAD_FORMAT = "Authorization key is not in the correct format."
NOT_VALID = "Authorization key is not valid."


class FusebillKeyAuthentication(ApiKeyBasicAuthentication):
    def authenticate(self, request):
        raw = self.credential_from(request)
        if not raw or any(ch.isspace() for ch in raw):
            raise AuthenticationFailed(BAD_FORMAT)
        found = self.lookup(raw)
        if found is None:
            raise AuthenticationFailed(NOT_VALID)
        return found


class FusebillKeyScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.fusebill.auth.FusebillKeyAuthentication"
    name = "fusebillApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Basic <api key>`: the key as-is, no password, no base64.",
        }
