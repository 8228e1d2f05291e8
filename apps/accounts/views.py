"""Staff account pages: sign in and out, and API keys (shown once, stored hashed)."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView

from apps.core.forms import form_add_service_errors

from .forms import ApiKeyCreateForm, ApiKeyExpiryForm, EmailAuthenticationForm
from .mixins import StaffRequiredMixin
from .roles import MANAGE
from .selectors import api_key_list
from .services import api_key_create, api_key_revoke, api_key_set_expiry


class SignInView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


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
