"""DRF authentication pieces shared by the four dialects.

Each dialect reads its vendor's header style, but every credential is checked
against the one hashed store in `apps.accounts` (selectors compare digests). A
class returns None when its header style is absent (so another class may try) and
raises AuthenticationFailed when the header is there but the credential is wrong.
`request.auth` is the credential row (ApiKey, LoginToken or SessionToken).
"""

import base64
import binascii

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from apps.accounts.models import ApiKey
from apps.accounts.selectors import (
    api_key_get_by_key,
    login_token_get,
    session_token_get,
)
from apps.accounts.services import credential_mark_used
from apps.audit.context import audit_context_get, audit_context_is_set

from .dialects import dialect_for_path


def authorization_header(request) -> str:
    return (request.META.get("HTTP_AUTHORIZATION") or "").strip()


def scheme_credential(request, scheme: str) -> str | None:
    """The credential after `scheme` ("Bearer", "Basic") in the Authorization header.

    None when the header is missing or names another scheme.
    """
    parts = authorization_header(request).split(None, 1)
    if len(parts) == 2 and parts[0].lower() == scheme.lower():
        return parts[1].strip()
    return None


def bearer_token(request) -> str | None:
    return scheme_credential(request, "Bearer")


class CredentialAuthentication(BaseAuthentication):
    """Subclasses set `credential_from(request)` and `lookup(raw)`."""

    www_authenticate = "Bearer"  # a value here makes DRF answer 401 rather than 403
    failure_message = "Invalid credentials."

    def credential_from(self, request) -> str | None:
        raise NotImplementedError

    def lookup(self, raw: str):
        """(user, credential row) or None."""
        raise NotImplementedError

    def authenticate(self, request):
        raw = self.credential_from(request)
        if raw is None:
            return None
        found = self.lookup(raw) if raw else None
        if found is None:
            raise AuthenticationFailed(self.failure_message)
        audit_context_for_api(request, *found)
        return found

    def authenticate_header(self, request) -> str:
        return self.www_authenticate


def audit_context_for_api(request, user, credential) -> None:
    """Name the dialect, the user and the API key on the request's audit context
    (set by AuditContextMiddleware), so every event the request writes says so. A
    login token (FusionInvoice) belongs to no key: only the user is named."""
    if not audit_context_is_set():
        return
    context = audit_context_get()
    dialect = dialect_for_path(request.path)
    context.door = dialect.name if dialect else context.door
    context.actor = user
    if isinstance(credential, ApiKey):
        context.api_key_id = credential.pk
    else:
        context.api_key_id = getattr(credential, "api_key_id", None)


def api_key_lookup(raw: str):
    api_key = api_key_get_by_key(key=raw)
    if api_key is None:
        return None
    credential_mark_used(credential=api_key)
    return api_key.user, api_key


def login_token_lookup(raw: str):
    token = login_token_get(token=raw)
    if token is None:
        return None
    credential_mark_used(credential=token)
    return token.user, token


def session_token_lookup(raw: str):
    token = session_token_get(token=raw)
    if token is None:
        return None
    credential_mark_used(credential=token.api_key)  # a session token is its key in use
    return token.api_key.user, token


class ApiKeyBearerAuthentication(CredentialAuthentication):
    """`Authorization: Bearer <api key>`."""

    def credential_from(self, request):
        return bearer_token(request)

    def lookup(self, raw):
        return api_key_lookup(raw)


class LoginTokenAuthentication(CredentialAuthentication):
    """`Authorization: Bearer <id>|<secret>` from a FusionInvoice-style login."""

    def credential_from(self, request):
        return bearer_token(request)

    def lookup(self, raw):
        return login_token_lookup(raw)


class ApiKeyBasicAuthentication(CredentialAuthentication):
    """`Authorization: Basic <api key>` (Fusebill sends the key as-is). A client that
    base64-encodes `key:` as HTTP Basic does is accepted too."""

    www_authenticate = 'Basic realm="api"'

    def credential_from(self, request):
        return scheme_credential(request, "Basic")

    def lookup(self, raw):
        found = api_key_lookup(raw)
        if found is None:
            try:
                decoded = base64.b64decode(raw, validate=True).decode()
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return None
            found = api_key_lookup(decoded.split(":", 1)[0]) if decoded else None
        return found


class ApiKeyHeaderAuthentication(CredentialAuthentication):
    """`Authorization: <api key>` with no scheme (FluidPay)."""

    www_authenticate = "ApiKey"

    def credential_from(self, request):
        value = authorization_header(request)
        if not value or " " in value:
            return None
        return value

    def lookup(self, raw):
        return api_key_lookup(raw)


class SessionTokenAuthentication(CredentialAuthentication):
    """`Authorization: Bearer <session token>` (TimeTap)."""

    failure_message = (
        "Session token is invalid or has expired; get a new one from sessionToken."
    )

    def credential_from(self, request):
        return bearer_token(request)

    def lookup(self, raw):
        return session_token_lookup(raw)


# OpenAPI security schemes, so the schema says how each dialect signs in.
class _BearerScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.common.authentication.ApiKeyBearerAuthentication"
    name = "apiKeyBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key as a Bearer token.",
        }


class _LoginTokenScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.common.authentication.LoginTokenAuthentication"
    name = "loginToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A `<id>|<secret>` token from POST /api/v1/login.",
        }


class _BasicScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.common.authentication.ApiKeyBasicAuthentication"
    name = "apiKeyBasic"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Basic <api key>`: the key sent as-is.",
        }


class _HeaderScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.common.authentication.ApiKeyHeaderAuthentication"
    name = "apiKeyHeader"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "The API key, no scheme.",
        }


class _SessionScheme(OpenApiAuthenticationExtension):
    target_class = "apps.api.common.authentication.SessionTokenAuthentication"
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A session token from GET sessionToken.",
        }
