"""Sign in, sign out, and the JSON 404 for unknown paths."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from apps.accounts.lockout import lockout_message
from apps.accounts.models import LoginToken
from apps.accounts.roles import READ, is_active_staff
from apps.accounts.second_factor import second_factor_check
from apps.accounts.services import login_token_create, login_token_revoke

from ..auth import LoginRateThrottle
from ..errors import NOT_FOUND, FIError
from ..inputs import FILoginInputSerializer, FITokenSerializer
from .base import FIView
from .common import COMMON_ERRORS, ERROR, LOGIN_REFUSED


class LoginView(FIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(
        tags=["FusionInvoice"],
        request=FILoginInputSerializer,
        auth=[],
        responses={200: FITokenSerializer, 401: LOGIN_REFUSED, 429: ERROR},
        description=(
            "Sign in an active staff user; answers a `<id>|<40 chars>` Bearer token. "
            "A user with a second factor also sends `otp_token` (Remit's extension)."
        ),
    )
    def post(self, request):
        serializer = FILoginInputSerializer(data=self.params)
        if not serializer.is_valid():
            return Response({"error": serializer.errors}, status=401)
        email, password = (
            serializer.validated_data["email"],
            serializer.validated_data["password"],
        )
        user = authenticate(request, email=email, password=password)
        if getattr(request, "axes_locked_out", False):  # the one sign-in lockout
            return Response(
                {"success": False, "message": lockout_message()}, status=429
            )
        if not is_active_staff(user) or not second_factor_check(
            user=user,
            token=self.params.get("otp_token"),  # Remit's extension
        ):
            return Response({"error": "Unauthorised"}, status=401)
        return Response({"token": login_token_create(user=user)})


class LogoutView(FIView):
    api_capability = READ  # ends the caller's own login token; changes no record

    @extend_schema(
        tags=["FusionInvoice"],
        request=None,
        responses={
            200: inline_serializer("FILogout", {"success": serializers.CharField()}),
            **COMMON_ERRORS,
        },
    )
    def post(self, request):
        if not isinstance(request.auth, LoginToken):
            raise FIError(
                "Only a login token can be logged out; "
                "revoke API keys in the staff pages."
            )
        login_token_revoke(token=request.auth)
        return Response({"success": "You have been logged out."})


class RecordNotFoundView(FIView):
    """
    `/invoices/abc`: a record path whose id is not a number (signed-in callers only).
    """

    schema = None  # not an operation
    api_capability = READ  # answers "not found" to any method

    def _missing(self, request, *args, **kwargs):
        raise FIError(NOT_FOUND)

    get = post = put = patch = delete = _missing


class NotFoundView(FIView):
    """Any other path under /api/v1/: FusionInvoice's JSON, never an HTML page."""

    schema = None  # not an operation
    api_capability = READ  # answers "not found" to any method

    def _missing(self, request, *args, **kwargs):
        return Response({"success": False, "message": "Not found"}, status=404)

    get = post = put = patch = delete = _missing
