"""Settings shared by every environment. One `environ.Env`, explicit casts."""

import datetime as dt
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DJANGO_APPS = [
    "apps.accounts.admin_apps.RemitAdminConfig",  # django.contrib.admin + second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    # the database queue for TASKS when REMIT_TASKS_BACKEND selects it
    "django_tasks_db",
    "axes",  # one sign-in lockout for the staff page, the admin and the API login
    "django_otp",  # second factor: TOTP apps, plus single-use recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
LOCAL_APPS = [
    "apps.core",
    "apps.audit",
    "apps.accounts",
    "apps.companies",
    "apps.clients",
    "apps.invoices",
    "apps.quotes",
    "apps.payments",
    "apps.dashboard",
    "apps.demo",
    "apps.webhooks",
    "apps.api.common",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    # A request id on every request, its response and its JSON log lines.
    "apps.core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Under an API prefix: refuse unreadable input, answer every error in the
    # dialect's JSON envelope (never Django's HTML pages)
    "apps.api.common.envelope.DialectEnvelopeMiddleware",
    "apps.core.middleware.NulByteRefusalMiddleware",  # 400, not a database error
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # who and which door, for the audit trail (apps/audit/context.py)
    "apps.audit.middleware.AuditContextMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    # a user who must use a second factor and has not: to sign-in or to set one up
    "apps.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CSP, no-referrer, noindex on /invoice/
    "apps.core.middleware.PublicPageHeadersMiddleware",
    "apps.api.common.idempotency.IdempotencyMiddleware",  # Idempotency-Key on API POSTs
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its answer
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.accounts.context_processors.roles",  # can_write, can_manage
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Each write service is its own transaction (@transaction.atomic); requests are not
# wrapped, so a service's on_commit side effects run when the service returns.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes SQLite's write lock when a transaction starts, so two payments
    # cannot both read the same balance: SQLite's stand-in for SELECT ... FOR UPDATE.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: a locked-out sign-in never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in lockout (django-axes), shared by /accounts/login/, /admin/login/ and
# FusionInvoice's POST /api/v1/login. Two counters: per account (the canonical user,
# whatever spelling of the email was typed) and per client address, each with its own
# limit (see apps.accounts.lockout.LockoutHandler). Failures are forgotten after the
# cool-off, never on a successful sign-in (that would let an attacker with one good
# account wipe their address's count).
AXES_HANDLER = "apps.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("REMIT_LOGIN_FAILURE_LIMIT", default=5)  # per account
# Failed sign-ins from one address, across every account, before it is locked out.
REMIT_LOGIN_ADDRESS_FAILURE_LIMIT = env.int(
    "REMIT_LOGIN_ADDRESS_FAILURE_LIMIT", default=30
)
AXES_COOLOFF_TIME = dt.timedelta(
    minutes=env.int("REMIT_LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.lockout_username"
# The connection's own address: a client could send a new X-Forwarded-For with every
# guess. Behind a proxy, replace this with a callable that trusts that proxy only.
AXES_CLIENT_IP_CALLABLE = "apps.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
# Masked in the attempts' stored request data and in logs ("password" always is).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]
AXES_ENABLE_ADMIN = True  # attempts readable in the admin (Admins only)
AXES_VERBOSE = False

# Second factor (django-otp). OTP_TOTP_ISSUER names Remit in the authenticator app.
OTP_TOTP_ISSUER = env("REMIT_OTP_ISSUER", default="Remit")
# Password-reset links stay valid this long (seconds); an invite link uses the same.
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("DJANGO_TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", default="Remit <billing@remit.local>"
)
# Where "invoice paid" notes to staff go; empty means every active staff user.
REMIT_STAFF_NOTIFY_EMAILS = env.list("REMIT_STAFF_NOTIFY_EMAILS", default=[])
# Absolute base used in emails, PDFs and API payloads for hosted links.
REMIT_PUBLIC_BASE_URL = env("REMIT_PUBLIC_BASE_URL", default="http://127.0.0.1:8000")
# Payment gateway per method; "sandbox" is the built-in test gateway.
REMIT_CARD_GATEWAY = env("REMIT_CARD_GATEWAY", default="sandbox")
REMIT_ACH_GATEWAY = env("REMIT_ACH_GATEWAY", default="sandbox")
# Stripe ("stripe" above): keys from the Stripe dashboard; the webhook secret signs
# /payments/stripe/webhook. STRIPE_API_BASE points the library elsewhere (tests).
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="https://api.stripe.com")

# Webhooks (apps/webhooks/transport.py). Deliveries never go to private, loopback or
# link-local addresses unless this allows it (the tests' receiver is on 127.0.0.1).
REMIT_WEBHOOKS_ALLOW_PRIVATE = env.bool("REMIT_WEBHOOKS_ALLOW_PRIVATE", default=False)
# Refuse http:// endpoint URLs (always on in production settings).
REMIT_WEBHOOKS_REQUIRE_HTTPS = env.bool("REMIT_WEBHOOKS_REQUIRE_HTTPS", default=False)

# Background work: immediate by default; see README for the database worker setup.
TASKS = {
    "default": {
        "BACKEND": env(
            "REMIT_TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# Rate limits and other short-lived counters. LocMem is per process: use Redis
# (django.core.cache.backends.redis.RedisCache) when running several processes.
CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://remit")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Degrade, don't fail: while Redis is unreachable the cache (and so every rate
    # limit and throttle) counts per process and logs a warning, never a 500.
    CACHES["default"]["BACKEND"] = "apps.core.cache.FailSoftRedisCache"
# Hosted-page pay attempts allowed per window: per invoice link and per client address.
REMIT_PAY_RATE_LIMIT_PER_HASH = env.int("REMIT_PAY_RATE_LIMIT_PER_HASH", default=10)
REMIT_PAY_RATE_LIMIT_PER_IP = env.int("REMIT_PAY_RATE_LIMIT_PER_IP", default=30)
REMIT_PAY_RATE_LIMIT_WINDOW = env.int(
    "REMIT_PAY_RATE_LIMIT_WINDOW", default=15 * 60
)  # seconds

REST_FRAMEWORK = {
    # Each dialect sets its own authentication over one hashed credential store.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    # Active staff only; READ for safe methods, WRITE for the rest, as the user's
    # role and the credential (a read-only API key) allow. See apps.accounts.roles.
    "DEFAULT_PERMISSION_CLASSES": ["apps.api.common.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "COERCE_DECIMAL_TO_STRING": True,
}
_FUSEBILL_SCHEMA = "apps.api.fusebill.schema.invoices."  # its status word lists
SPECTACULAR_SETTINGS = {
    "TITLE": "Remit API",
    "DESCRIPTION": (
        "FusionInvoice, Fusebill, FluidPay and TimeTap compatible invoice APIs."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # the 400 and 413 every dialect operation can answer (apps/api/common/envelope)
        "apps.api.common.schema.envelope_responses",
        "apps.api.fusioninvoice.schema.list_data_hook",  # data: array or paginator
    ],
    "ENUM_NAME_OVERRIDES": {
        "TimeTapStatusEnum": "apps.api.timetap.statuses.ALL_STATUSES",
        "TimeTapSubStatusEnum": "apps.api.timetap.statuses.SUB_STATUSES",
        "TimeTapInvoiceTypeEnum": "apps.api.timetap.inputs.INVOICE_TYPES",
        "FusebillInvoiceStatusEnum": _FUSEBILL_SCHEMA + "INVOICE_STATUSES",
        "FusebillCustomerStatusEnum": _FUSEBILL_SCHEMA + "CUSTOMER_STATUSES",
        "FusebillDraftStatusEnum": _FUSEBILL_SCHEMA + "DRAFT_STATUSES",
        # FusionInvoice's own choice sets, written out (not imported) so renaming the
        # dialect's files cannot break the schema; without them drf-spectacular
        # invents "Status69fEnum" and "Type2e2Enum", and check --deploy warns.
        "FIInvoiceStatusEnum": ["draft", "sent", "canceled"],
        "FIPaymentTypeEnum": ["single", "credit-memo"],
        "FIFlagEnum": [(0, 0), (1, 1)],  # FusionInvoice 0/1 booleans: active, viewed
    },
}

# 1 MiB: the largest invoice any API takes is a few dozen kilobytes; bodies above
# this answer 413 in the dialect's envelope (apps/api/common/envelope.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Files: media through Django's storage API (P) -------------------------------
# Company logos and generated files go through `default_storage`, so S3 (or any
# S3-compatible store: MinIO, R2, Spaces) is a settings change: DJANGO_STORAGE=s3 and
# the AWS_* variables below (django-storages). Static files stay on local disk and
# are served by WhiteNoise in production (see production.py).
DJANGO_STORAGE = env("DJANGO_STORAGE", default="filesystem")
if DJANGO_STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": None,  # private objects; links are signed
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }  # credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Operations: health and logs (P) ----------------------------------------------
# /healthz reports "degraded" when the oldest ready task has waited longer (seconds).
REMIT_HEALTH_QUEUE_MAX_AGE = env.int("REMIT_HEALTH_QUEUE_MAX_AGE", default=300)
# "json": one JSON object per line (production's default); "text": plain lines.
DJANGO_LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "apps.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "apps.core.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": DJANGO_LOG_FORMAT,
        }
    },
    "root": {
        "handlers": ["console"],
        "level": env("DJANGO_LOG_LEVEL", default="WARNING"),
    },
    # WeasyPrint and fontTools narrate every PDF at INFO: keep their warnings only.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
