"""Customer-facing links: the one place an absolute URL for a customer is built.

Emails, PDFs, API answers and the staff page's "customer link" all call
`public_url`, so every link points at REMIT_PUBLIC_BASE_URL (the address customers
reach), never at whatever host a request happened to arrive on.
"""

from django.conf import settings


def public_url(path: str) -> str:
    """REMIT_PUBLIC_BASE_URL joined with an absolute path ("/invoice/<hash>")."""
    base = settings.REMIT_PUBLIC_BASE_URL.rstrip("/")
    return f"{base}/{path.lstrip('/')}"
