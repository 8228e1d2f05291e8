"""Development: debug on, an insecure default key, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-0123456789abcdef"
)
