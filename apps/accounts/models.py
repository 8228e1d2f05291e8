"""Staff users (email sign-in) and their API credentials, stored only as hashes."""

from django.conf import settings
from django.contrib.auth.models import (
    AbstractBaseUser,
    BaseUserManager,
    PermissionsMixin,
)
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        default=False
    )  # may sign in to the staff pages and API
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiKey(models.Model):
    """A long-lived key. `key` (sent by Fusebill, FluidPay and FusionInvoice clients)
    and the TimeTap pair (`api_key`, `private_key`) are shown once and kept only as
    SHA-256 digests."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(
        max_length=12, db_index=True
    )  # first characters of `key`, for listing
    key_hash = models.CharField(max_length=64, unique=True)
    timetap_api_key_hash = models.CharField(max_length=64, unique=True)
    # sha256 of md5(api_key + private_key): TimeTap's signature is a fixed value, so
    # the server only ever needs to recognise it, never to know the private key.
    timetap_signature_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Narrows the key to reads (GET, and reads sent by POST) whatever its user's role.
    read_only = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > now
        )


class LoginToken(models.Model):
    """A FusionInvoice-style `<id>|<secret>` token from POST /api/v1/login."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_tokens"
    )
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Login token {self.pk} ({self.user})"


class SessionToken(models.Model):
    """A TimeTap session token (4 hours), created from an API key's signature."""

    api_key = models.ForeignKey(
        ApiKey, on_delete=models.CASCADE, related_name="session_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Session token {self.pk}"


class AccountPolicy(models.Model):
    """Sign-in rules an Admin sets for everyone: one row (pk=1), read through
    `account_policy_get`, written through `account_policy_set`."""

    # On: every staff user needs a second factor; those without one are sent to set
    # it up before any other page. Off: only users who turned it on use it.
    require_second_factor = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "account policy"
        verbose_name_plural = "account policy"

    def __str__(self) -> str:
        state = "required" if self.require_second_factor else "optional"
        return f"Second factor {state}"


class UserEvent(models.Model):
    """Who changed which staff account, how, and when: invitations, roles,
    deactivation, second factors, the account policy. Append-only."""

    class Kind(models.TextChoices):
        INVITED = "invited", "Invited"
        ROLE_CHANGED = "role_changed", "Role changed"
        DEACTIVATED = "deactivated", "Deactivated"
        SECOND_FACTOR_ON = "second_factor_on", "Second factor turned on"
        SECOND_FACTOR_OFF = "second_factor_off", "Second factor turned off"
        RECOVERY_CODES = "recovery_codes", "Recovery codes replaced"
        POLICY_CHANGED = "policy_changed", "Account policy changed"

    # The account changed; null for the policy, which belongs to no one.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account_events",
    )
    # Who did it; null for Remit itself (a command, the demo loader).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=255, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        subject = self.user or "policy"
        return f"{self.get_kind_display()}: {subject} at {self.at:%Y-%m-%d %H:%M}"
