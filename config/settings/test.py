"""Tests: fast hashing, captured mail, immediate tasks."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-test-only-key-0123456789abcdef")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REMIT_WEBHOOKS_ALLOW_PRIVATE = True  # the receiver the tests start is on 127.0.0.1
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory: the concurrency tests (numbering, payment races) run
    # threads with their own connections, and only a file database makes them wait on
    # SQLite's write lock as real processes would. One file per test process, so
    # parallel runs never share it; pytest-django deletes it at the end.
    import os
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"remit-test-{os.getpid()}.sqlite3")
    }
