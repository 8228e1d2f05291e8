"""A staff user's own security settings: password change, second factor (turn on,
recovery codes, turn off), and Django's password reset with Remit's templates.

Recovery codes are rendered in the response of the request that made them, never
put in the session, a message or a cookie."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.cache import add_never_cache_headers
from django.views import View
from django.views.generic import TemplateView
from django_otp import login as otp_login

from apps.core.forms import form_add_service_errors

from .forms import SecondFactorCodeForm
from .second_factor import (
    account_policy_get,
    recovery_codes_replace,
    second_factor_confirm,
    second_factor_disable,
    second_factor_start,
    totp_qr_svg,
    totp_secret,
    user_has_second_factor,
)


def _codes_page(request, codes: list[str]):
    response = render(request, "accounts/recovery_codes.html", {"codes": codes})
    add_never_cache_headers(response)
    return response


class SecurityView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/security.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["has_second_factor"] = user_has_second_factor(self.request.user)
        context["required"] = account_policy_get().require_second_factor
        context.setdefault("disable_form", SecondFactorCodeForm())
        return context


class SecondFactorSetupView(LoginRequiredMixin, View):
    """GET: a new authenticator key as a QR code and as text. POST: the first code
    from it turns the second factor on and shows the recovery codes once."""

    template_name = "accounts/second_factor_setup.html"

    def get(self, request):
        if user_has_second_factor(request.user):
            return redirect("accounts:security")
        return self._page(request, SecondFactorCodeForm())

    def post(self, request):
        form = SecondFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                device, codes = second_factor_confirm(
                    user=request.user,
                    device=second_factor_start(user=request.user),
                    token=form.cleaned_data["token"],
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                otp_login(request, device)  # this session is verified from now on
                return _codes_page(request, codes)
        return self._page(request, form, status=400)

    def _page(self, request, form, status=200):
        device = second_factor_start(user=request.user)
        response = render(
            request,
            self.template_name,
            {
                "form": form,
                "qr_svg": totp_qr_svg(device),
                "secret": totp_secret(device),
                "required": account_policy_get().require_second_factor,
            },
            status=status,
        )
        add_never_cache_headers(response)
        return response


class RecoveryCodesView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        try:
            codes = recovery_codes_replace(user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("accounts:security")
        return _codes_page(request, codes)


class SecondFactorDisableView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SecondFactorCodeForm(request.POST)
        if form.is_valid():
            try:
                second_factor_disable(
                    user=request.user,
                    token=form.cleaned_data["token"],
                    by=request.user,
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(request, "Second factor turned off.")
                return redirect("accounts:security")
        return render(
            request,
            SecurityView.template_name,
            {
                "has_second_factor": True,
                "required": account_policy_get().require_second_factor,
                "disable_form": form,
            },
            status=400,
        )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Your password has been changed.")
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Also the invitation's "choose your password" page."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
