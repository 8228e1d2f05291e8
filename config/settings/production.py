"""Production: every secret required, HTTPS assumed.

Run with scripts/serve.sh (gunicorn) and scripts/worker.sh (the task worker);
`manage.py check --deploy --settings=config.settings.production` reports nothing
when the required variables are set (tests/production/test_check_deploy.py).
"""

from whitenoise.compress import Compressor

from .base import *  # noqa: F403
from .base import LOGGING, MIDDLEWARE, STORAGES, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Every customer link (emails, PDFs, API answers) is built on this; no default, so a
# server never mails links to 127.0.0.1. Missing: ImproperlyConfigured at start.
REMIT_PUBLIC_BASE_URL = env("REMIT_PUBLIC_BASE_URL")

# Email and other background work go through the database queue, sent by
# scripts/worker.sh (`manage.py db_worker`), which also retries failed sends.
TASKS = {
    "default": {
        "BACKEND": env("REMIT_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
    }
}

# --- HTTPS ----------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer probes over plain HTTP; /healthz answers it instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
# Webhook endpoints must be https:// (REMIT_WEBHOOKS_ALLOW_PRIVATE stays off).
REMIT_WEBHOOKS_REQUIRE_HTTPS = True
# HSTS for every subdomain, and eligible for the browsers' preload list: on by
# default (check --deploy asks for both). Turn off only when a subdomain must stay
# on plain HTTP; submitting the domain to hstspreload.org remains your decision.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# --- Static files: WhiteNoise, hashed names -------------------------------------------
# collectstatic (run by scripts/serve.sh) writes hashed, compressed copies to
# STATIC_ROOT; WhiteNoise serves them with far-future cache headers, so no separate
# static server is needed behind the balancer.
MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# Source maps and fonts are not compressed: maps are for browser dev tools only, and
# the big fallback fonts are read from disk by WeasyPrint; compressing them (gzip and
# brotli, twice: hashed and plain names) made collectstatic take minutes.
# Only the hashed copies are kept: every page links through {% static %}, so the
# plain names are never asked for, and compressing them too doubled the work.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    *("map", "ttf", "otf"),
]
STORAGES = {
    **STORAGES,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Logs: JSON lines on stdout, request lines at INFO --------------------------------
LOGGING = {
    **LOGGING,
    "handlers": {
        "console": {
            **LOGGING["handlers"]["console"],
            "formatter": env("DJANGO_LOG_FORMAT", default="json"),
        }
    },
    "root": {**LOGGING["root"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
