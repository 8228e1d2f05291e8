"""Signing secrets: made, encrypted for storage, and used to sign.

A signing secret must be readable to sign each delivery, so unlike the credentials
callers present (API keys, tokens: stored only as hashes) it cannot be hashed. It is
stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from
SECRET_KEY; the keys from SECRET_KEY_FALLBACKS still decrypt, so rotating SECRET_KEY
keeps endpoints working until they are rotated too. A database dump alone does not
reveal them.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

PREFIX = "whsec_"
_SALT = "remit.webhooks.secret"


def _fernet_for(secret_key: str) -> Fernet:
    digest = salted_hmac(_SALT, "fernet", secret=secret_key, algorithm="sha256")
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet_for(key) for key in keys])


def secret_generate() -> str:
    """`whsec_` + base64 of 32 random bytes (Standard Webhooks' format)."""
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def secret_decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def signature(*, secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256>` over `id.timestamp.body`, keyed with the secret's
    base64-decoded bytes (the Standard Webhooks signing scheme)."""
    key = base64.b64decode(secret.removeprefix(PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    mac = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()
