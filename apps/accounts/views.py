"""Staff account pages: sign in (password, then the second factor when the user
has one) and out, and API keys (shown once, stored hashed)."""

import time

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login

from apps.core.forms import form_add_service_errors

from .forms import (
    ApiKeyCreateForm,
    ApiKeyExpiryForm,
    EmailAuthenticationForm,
    SecondFactorCodeForm,
)
from .mixins import StaffRequiredMixin
from .models import User
from .roles import MANAGE, is_active_staff
from .second_factor import second_factor_verify, user_has_second_factor
from .selectors import api_key_list
from .services import api_key_create, api_key_revoke, api_key_set_expiry

# The session holds a password-checked sign-in waiting for its second factor: the
# user's id, backend, where to go next, and when (it lapses after PENDING_SECONDS).
PENDING_KEY = "remit_sign_in_pending"
PENDING_SECONDS = 5 * 60


class SignInView(auth_views.LoginView):
    """Step one: email and password. A user with a second factor is not signed in
    yet: step two (SignInVerifyView) asks for the code."""

    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if not user_has_second_factor(user):
            return super().form_valid(form)
        self.request.session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "next": self.get_success_url(),
            "at": time.time(),
        }
        return redirect("accounts:login-verify")


class SignInVerifyView(FormView):
    """Step two: the code from the authenticator app, or a recovery code."""

    template_name = "registration/login_verify.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request, *args, **kwargs):
        pending = request.session.get(PENDING_KEY)
        if not pending or time.time() - pending["at"] > PENDING_SECONDS:
            request.session.pop(PENDING_KEY, None)
            messages.info(request, "Sign in with your email and password first.")
            return redirect("accounts:login")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        user = User.objects.filter(pk=self.pending["user"]).first()
        device = (
            second_factor_verify(user=user, token=form.cleaned_data["token"])
            if is_active_staff(user)
            else None
        )
        if device is None:
            form.add_error(
                "token",
                "That code is not right. Enter the code your app shows now, "
                "or one of your recovery codes.",
            )
            return self.form_invalid(form)
        del self.request.session[PENDING_KEY]
        login(self.request, user, backend=self.pending["backend"])
        otp_login(self.request, device)
        return redirect(self.pending["next"])


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class ApiKeyListView(StaffRequiredMixin, TemplateView):
    template_name = "accounts/apikey_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["api_keys"] = api_key_list(user=self.request.user)
        context.setdefault("form", ApiKeyCreateForm())
        return context


class ApiKeyCreateView(StaffRequiredMixin, View):
    """POST only. The result page is the one and only time the secrets are shown."""

    capability = MANAGE
    http_method_names = ["post"]

    def post(self, request):
        form = ApiKeyCreateForm(request.POST)
        if form.is_valid():
            try:
                issued = api_key_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    expires_at=form.expires_at,
                    read_only=form.cleaned_data["read_only"],
                    by=request.user,
                )
            except ValidationError as exc:
                form_add_service_errors(
                    form, exc, field_map={"expires_at": "expires_on"}
                )
            else:
                response = render(
                    request, "accounts/apikey_created.html", {"issued": issued}
                )
                add_never_cache_headers(response)
                return response
        context = {"form": form, "api_keys": api_key_list(user=request.user)}
        return render(request, "accounts/apikey_list.html", context, status=400)


class ApiKeyRevokeView(StaffRequiredMixin, View):
    capability = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        api_key = get_object_or_404(api_key_list(user=request.user), pk=pk)
        api_key_revoke(api_key=api_key, by=request.user)
        messages.success(
            request,
            f"API key {api_key.prefix}… revoked. "
            "Clients using it are refused from now on.",
        )
        return redirect("accounts:api-keys")


class ApiKeyExpiryView(StaffRequiredMixin, View):
    capability = MANAGE
    http_method_names = ["post"]

    def post(self, request, pk):
        api_key = get_object_or_404(api_key_list(user=request.user), pk=pk)
        form = ApiKeyExpiryForm(request.POST)
        if not form.is_valid():
            messages.error(
                request,
                " ".join(form.errors.get("expires_on", ["Enter a valid date."])),
            )
        else:
            api_key_set_expiry(
                api_key=api_key, expires_at=form.expires_at, by=request.user
            )
            when = form.cleaned_data["expires_on"]
            text = f"expires after {when:%Y-%m-%d}" if when else "no longer expires"
            messages.success(request, f"API key {api_key.prefix}… {text}.")
        return redirect("accounts:api-keys")
