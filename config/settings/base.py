"""Settings shared by every environment. One `environ.Env`, explicit casts."""

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
    "django.contrib.admin",
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
]
LOCAL_APPS = [
    "apps.core",
    "apps.accounts",
    "apps.companies",
    "apps.clients",
    "apps.invoices",
    "apps.quotes",
    "apps.payments",
    "apps.dashboard",
    "apps.demo",
    "apps.api.common",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Under an API prefix: refuse unreadable input, answer every error in the
    # dialect's JSON envelope (never Django's HTML pages)
    "apps.api.common.envelope.DialectEnvelopeMiddleware",
    "apps.core.middleware.NulByteRefusalMiddleware",  # 400, not a database error
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # CSP, no-referrer, noindex on /invoice/
    "apps.core.middleware.PublicPageHeadersMiddleware",
    "apps.api.common.idempotency.IdempotencyMiddleware",  # Idempotency-Key on API POSTs
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
    },
}

# 1 MiB: the largest invoice any API takes is a few dozen kilobytes; bodies above
# this answer 413 in the dialect's envelope (apps/api/common/envelope.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1_048_576

SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env("DJANGO_LOG_LEVEL", default="WARNING"),
    },
}
