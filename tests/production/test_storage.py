"""Media goes through Django's storage API: with another default storage (S3 in
production, DJANGO_STORAGE=s3) the PDF still prints the company logo."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from pypdf import PdfReader

from apps.invoices import pdf
from apps.invoices.pdf import invoice_pdf_render
from tests.factories.invoices import InvoiceFactory

pytestmark = pytest.mark.django_db

# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def test_pdf_logo_is_read_through_a_non_disk_default_storage(settings, monkeypatch):
    memory = InMemoryStorage()
    monkeypatch.setattr(pdf, "default_storage", memory)
    name = memory.save("logos/northwind.png", ContentFile(PNG))
    invoice = InvoiceFactory(sent=True)
    profile = invoice.company_profile
    profile.logo.name = name
    profile.save()
    data = invoice_pdf_render(invoice=invoice)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert len(page.images) == 1


def test_s3_switch_selects_django_storages(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__module__, s.bucket_name, s.endpoint_url)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": "remit-media",
        "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3",
        "remit-media",
        "http://127.0.0.1:9000",
    ]
