"""Staff users (email sign-in) and API credentials in the admin.

A key is created through `api_key_create`; its secrets appear once, in the page that
answers the saving request (never in a message, the session or a cookie), and only
their hashes are stored.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from apps.core.admin import ReadOnlyAdminMixin, run_service_action

from .models import AccountPolicy, ApiKey, LoginToken, User, UserEvent
from .roles import ACTIVE_STAFF
from .services import (
    api_key_create,
    api_key_revoke,
    api_key_set_expiry,
    login_token_revoke,
)


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "is_staff",
        "is_active",
        "is_superuser",
        "last_login",
    ]
    list_filter = ["is_staff", "is_active", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "password"]}),
        (
            "Permissions",
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "password1", "password2", "is_staff"],
            },
        ),
    ]


class ApiKeyAddForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["user", "name", "expires_at", "read_only"]

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError("The expiry must be in the future.")
        return expires_at


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "name",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = [
        ("revoked_at", admin.EmptyFieldListFilter),
        "expires_at",
        "created_at",
    ]
    search_fields = ["prefix", "name", "user__email"]
    list_select_related = ["user"]
    fields = [
        "user",
        "name",
        "prefix",
        "expires_at",
        "read_only",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "read_only",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    actions = ["revoke"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return (
            ["user", "name", "expires_at", "read_only"] if obj is None else self.fields
        )

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(ACTIVE_STAFF)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the row stays as a record of the key

    def save_model(self, request, obj, form, change):
        if change:
            api_key_set_expiry(
                api_key=obj,
                expires_at=form.cleaned_data.get("expires_at"),
                by=request.user,
            )
            return
        issued = api_key_create(
            user=form.cleaned_data["user"],
            name=form.cleaned_data.get("name") or "",
            expires_at=form.cleaned_data.get("expires_at"),
            read_only=form.cleaned_data.get("read_only", False),
            by=request.user,
        )
        for field in ApiKey._meta.concrete_fields:
            setattr(obj, field.attname, getattr(issued.api_key, field.attname))
        obj.issued = issued  # in memory, for response_add below; never stored

    def response_add(self, request, obj, post_url_continue=None):
        """The secrets, once, in this response (not a redirect with a message:
        Django's messages travel in a signed, readable cookie)."""
        response = TemplateResponse(
            request,
            "accounts/admin_apikey_created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Your new API key",
                "issued": obj.issued,
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description="Revoke selected API keys")
    def revoke(self, request, queryset):
        run_service_action(
            request,
            queryset,
            lambda k: api_key_revoke(api_key=k, by=request.user),
            "Keys revoked",
        )


@admin.register(LoginToken)
class LoginTokenAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "user", "created_at", "last_used_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    fields = ["user", "created_at", "last_used_at"]
    actions = ["revoke"]

    @admin.action(description="Revoke selected login tokens")
    def revoke(self, request, queryset):
        run_service_action(
            request, queryset, lambda t: login_token_revoke(token=t), "Tokens revoked"
        )


@admin.register(UserEvent)
class UserEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The staff-account trail: read-only, like every trail."""

    list_display = ["at", "kind", "user", "actor", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["user__email", "actor__email", "detail"]
    list_select_related = ["user", "actor"]


@admin.register(AccountPolicy)
class AccountPolicyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Changed on the Staff users page (through `account_policy_set`, recorded)."""

    list_display = ["__str__", "updated_at"]
