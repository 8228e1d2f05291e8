"""Staff user management for Admins: list, invite, change role, deactivate, and the
account policy (require a second factor for everyone)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView

from apps.core.forms import form_add_service_errors

from .forms import AccountPolicyForm, StaffInviteForm, StaffRoleForm
from .mixins import StaffRequiredMixin
from .roles import MANAGE, ROLES, user_role
from .second_factor import account_policy_get, account_policy_set
from .selectors import staff_user_list, user_event_list
from .staff_users import (
    staff_user_deactivate,
    staff_user_invite,
    staff_user_role_change,
)


class _ManageMixin(StaffRequiredMixin):
    read_capability = MANAGE
    capability = MANAGE


class StaffUserListView(_ManageMixin, TemplateView):
    template_name = "accounts/user_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["users"] = [
            (member, user_role(member)) for member in staff_user_list(user=user)
        ]
        context["events"] = user_event_list(user=user)[:20]
        context["roles"] = ROLES
        context.setdefault("invite_form", StaffInviteForm())
        context["policy_form"] = AccountPolicyForm(
            initial={
                "require_second_factor": account_policy_get().require_second_factor
            }
        )
        return context


class StaffUserInviteView(_ManageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = StaffInviteForm(request.POST)
        if form.is_valid():
            try:
                invited = staff_user_invite(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Invitation sent to {invited.email}: they choose a password "
                    "from the link in it.",
                )
                return redirect("accounts:users")
        context = StaffUserListView(request=request).get_context_data()
        context["invite_form"] = form
        return render(request, StaffUserListView.template_name, context, status=400)


class StaffUserRoleView(_ManageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        target = get_object_or_404(staff_user_list(user=request.user), pk=pk)
        form = StaffRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose Admin, Billing or Viewer.")
            return redirect("accounts:users")
        try:
            staff_user_role_change(
                user=target, role=form.cleaned_data["role"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, f"{target.email} is now {form.cleaned_data['role']}."
            )
        return redirect("accounts:users")


class StaffUserDeactivateView(_ManageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        target = get_object_or_404(staff_user_list(user=request.user), pk=pk)
        try:
            staff_user_deactivate(user=target, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"{target.email} can no longer sign in.")
        return redirect("accounts:users")


class AccountPolicyView(_ManageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = AccountPolicyForm(request.POST)
        form.is_valid()  # a missing checkbox is False
        required = bool(form.cleaned_data.get("require_second_factor"))
        account_policy_set(require_second_factor=required, by=request.user)
        messages.success(
            request,
            "A second factor is now required for everyone."
            if required
            else "A second factor is now each user's choice.",
        )
        return redirect("accounts:users")
