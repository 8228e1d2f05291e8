"""What invoice and quote views share: resolving the client and profile of a store,
tax rates of an item, and the email and PDF endpoints."""

import smtplib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse

from apps.clients.selectors import client_list
from apps.companies.selectors import company_profile_list
from apps.core.http import content_disposition
from apps.invoices.models import TaxRate

from ..errors import FIError, FIValidation
from ..inputs import FIEmailInputSerializer
from .base import ok
from .common import parse


def resolve_client(user, data: dict, *, required: bool):
    """`client_id` (must exist) or `client_name` (exact name), FusionInvoice's way."""
    if data.get("client_id"):
        client = client_list(user=user).filter(pk=data["client_id"]).first()
        if client is None:
            raise FIValidation({"client_id": ["The selected client id is invalid."]})
        return client
    if data.get("client_name"):
        client = client_list(user=user).filter(name=data["client_name"]).first()
        if client is None:
            raise FIValidation([["Client not found"]])
        return client
    if required:
        raise FIValidation(
            {
                "client_id": [
                    "The client id field is required when client name is not present."
                ]
            }
        )
    return None


def resolve_profile(data: dict):
    if not data.get("company_profile_id"):
        return None
    profile = company_profile_list().filter(pk=data["company_profile_id"]).first()
    if profile is None:
        raise FIValidation(
            {"company_profile_id": ["The selected company profile id is invalid."]}
        )
    return profile


def resolve_tax_rates(data: dict) -> dict:
    wanted = {data[k] for k in ("tax_rate_id", "tax_rate_2_id") if data.get(k)}
    found = TaxRate.objects.in_bulk(list(wanted))
    errors = {
        k: ["The selected tax rate id is invalid."]
        for k in ("tax_rate_id", "tax_rate_2_id")
        if data.get(k) and data[k] not in found
    }
    if errors:
        raise FIValidation(errors)
    return found


def email_document(view, send, noun: str):
    """POST /{module}/email: the service sends.

    This answers in FusionInvoice's words.
    """
    data = parse(FIEmailInputSerializer, view.params).validated_data
    document = view.get_object(data["id"])
    try:
        send(
            document,
            by=view.user,
            to=data.get("to"),
            cc=data.get("cc"),
            bcc=data.get("bcc"),
            subject=data.get("subject") or None,
            attach_pdf=data.get("attach_pdf", True),
        )
    except ValidationError as exc:
        raise FIError(" ".join(exc.messages)) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise FIError(f"The email could not be sent: {exc}") from None
    # Queued, not yet sent: delivery runs in the task worker (a failure is recorded
    # on the document and retried). FusionInvoice's message is free text.
    return ok(message=f"{noun} email queued successfully")


def pdf_response(render, document, *, before=None) -> HttpResponse:
    """Render the PDF.

    `before` (e.g. marking a draft sent) is undone if rendering fails.
    """
    with transaction.atomic():
        if before is not None:
            document = before(document)
        content = render(document)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(document.number, inline=True)
    return response
