"""Staff pages for invoices: thin views over the services and selectors.

`DocumentFormView` and `DocumentActionView` are shared with the quote pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, FormView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.companies.selectors import company_profile_get_default
from apps.core.custom_fields import custom_values_display
from apps.core.forms import form_add_service_errors
from apps.core.http import content_disposition
from apps.core.links import public_url

from . import emails, pdf
from .filters import InvoiceFilter
from .forms import (
    InvoiceForm,
    InvoiceVoidForm,
    header_initial,
    item_formset,
    item_initial,
)
from .models import Invoice, PaymentMethod
from .selectors import invoice_list
from .services import (
    IDENTITY_FIELDS,
    invoice_create,
    invoice_delete,
    invoice_status_set,
    invoice_update,
)


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class InvoiceListView(StaffRequiredMixin, ListView):
    template_name = "invoices/invoice_list.html"
    context_object_name = "invoices"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = InvoiceFilter(
            self.request.GET or None,
            queryset=invoice_list(user=self.request.user),
            request=self.request,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter=self.filterset,
            today=timezone.localdate(),
            query=query.urlencode(),
            **kwargs,
        )


def hosted_link(invoice: Invoice) -> str:
    """The customer's absolute link; works before the public pages are routed too."""
    try:
        path = invoice.get_public_url()
    except NoReverseMatch:
        path = f"/invoice/{invoice.public_hash}"
    return public_url(path)


class InvoiceDetailView(StaffRequiredMixin, DetailView):
    template_name = "invoices/invoice_detail.html"
    context_object_name = "invoice"

    def get_queryset(self):
        return invoice_list(user=self.request.user, with_items=True)

    def get_context_data(self, **kwargs):
        invoice = self.object
        today = timezone.localdate()
        return super().get_context_data(
            items=invoice.items.all(),
            custom_values=custom_values_display(
                module="invoices", values=invoice.custom
            ),
            payments=invoice.payments.filter(deleted_at__isnull=True).order_by(
                "-paid_at", "-id"
            ),
            events=invoice.events.select_related("actor"),
            credit_notes=invoice.credit_notes.filter(deleted_at__isnull=True),
            refunds=invoice.refunds_out.all(),
            hosted_link=hosted_link(invoice)
            if invoice.status != Invoice.Status.DRAFT
            else "",
            is_overdue=invoice.is_overdue(today),
            email_failure=emails.invoice_email_failure_get(invoice=invoice),
            void_form=InvoiceVoidForm(),
            method_labels=[
                PaymentMethod(m).label
                for m in invoice.payment_methods
                if m in PaymentMethod.values
            ],
            **kwargs,
        )


class DocumentFormView(StaffRequiredMixin, FormView):
    """A header form plus an items formset, written through one service call.

    Subclasses set `form_class`, `template_name` and `noun`, and implement
    `save(fields, items)` and, for edits, `get_document()`.
    """

    noun = "invoice"
    document = None
    # Shown read-only once the document left draft; the service refuses a change.
    identity_fields: tuple[str, ...] = IDENTITY_FIELDS

    def get_document(self):
        return None

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.document is not None and self.document.status != "draft":
            for name in self.identity_fields:
                if name in form.fields:
                    form.fields[name].disabled = True
                    form.fields[name].help_text = (
                        f"Fixed once the {self.noun} was issued; "
                        "correct it with a credit note."
                    )
        return form

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.test_func():  # else the mixin refuses
            self.document = self.get_document()
            if self.document is not None and not self.document.is_editable:
                messages.error(
                    request,
                    f"This {self.noun} is {self.document.get_status_display().lower()}"
                    " and can no longer be edited.",
                )
                return redirect(self.document)
        return super().dispatch(request, *args, **kwargs)

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        if self.document is None:
            return item_formset(data=data, extra=3)
        return item_formset(
            data=data, initial=item_initial(self.document.items.all()), extra=1
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("formset", self.get_formset())
        return super().get_context_data(
            document=self.document, noun=self.noun, **kwargs
        )

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        formset = self.get_formset()
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if not (form_ok and formset_ok):
            return self.render_to_response(
                self.get_context_data(form=form, formset=formset)
            )
        try:
            document = self.save(
                form.to_fields(creating=self.document is None), formset.items()
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
            return self.render_to_response(
                self.get_context_data(form=form, formset=formset)
            )
        verb = "created" if self.document is None else "saved"
        messages.success(request, f"{self.noun.capitalize()} {document.number} {verb}.")
        return HttpResponseRedirect(document.get_absolute_url())

    def save(self, fields: dict, items: list[dict]):
        raise NotImplementedError


class InvoiceCreateView(DocumentFormView):
    template_name = "invoices/invoice_form.html"
    form_class = InvoiceForm

    def get_initial(self):
        profile = company_profile_get_default()
        initial = {
            "payment_methods": ["card", "ach", "mail"],
            "invoice_date": timezone.localdate(),
        }
        if profile is not None:
            initial.update(terms=profile.default_terms, footer=profile.default_footer)
        if client_id := self.request.GET.get("client"):
            initial["client"] = client_id
        return initial

    def save(self, fields, items):
        return invoice_create(by=self.request.user, items=items, **fields)


class InvoiceUpdateView(DocumentFormView):
    template_name = "invoices/invoice_form.html"
    form_class = InvoiceForm

    def get_document(self):
        return get_object_or_404(
            invoice_list(user=self.request.user, with_items=True), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return header_initial(self.document, InvoiceForm)

    def save(self, fields, items):
        return invoice_update(
            invoice=self.document, by=self.request.user, items=items, **fields
        )


class DocumentActionView(StaffRequiredMixin, View):
    """A POST-only state change: call the service, say what happened, go back."""

    http_method_names = ["post"]

    def get_object(self):
        return get_object_or_404(
            invoice_list(user=self.request.user), pk=self.kwargs["pk"]
        )

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            message = self.act(obj)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(obj)
        messages.success(request, message)
        return redirect(self.get_success_url(obj))

    def get_success_url(self, obj):
        return obj.get_absolute_url()

    def act(self, obj) -> str:
        raise NotImplementedError


class InvoiceSendView(DocumentActionView):
    def act(self, invoice):
        invoice = invoice_status_set(
            invoice=invoice, status=Invoice.Status.SENT, by=self.request.user
        )
        return f"Invoice {invoice.number} marked as sent; its hosted link now works."


class InvoiceReopenView(DocumentActionView):
    def act(self, invoice):
        invoice = invoice_status_set(
            invoice=invoice, status=Invoice.Status.SENT, by=self.request.user
        )
        return f"Invoice {invoice.number} reopened; its hosted link works again."


class InvoiceVoidView(DocumentActionView):
    def act(self, invoice):
        form = InvoiceVoidForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(
                "The reason is too long; keep it under 500 characters."
            )
        invoice_status_set(
            invoice=invoice,
            status=Invoice.Status.VOID,
            by=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        return f"Invoice {invoice.number} voided."


class InvoiceDeleteView(DocumentActionView):
    def act(self, invoice):
        invoice_delete(invoice=invoice, by=self.request.user)
        return f"Invoice {invoice.number} deleted."

    def get_success_url(self, obj):
        return reverse("invoices:list")


class InvoiceEmailView(DocumentActionView):
    def post(self, request, *args, **kwargs):
        invoice = self.get_object()
        try:
            emails.invoice_email_send(invoice=invoice, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                f"Invoice {invoice.number} queued to email to "
                f"{invoice.client.email or 'the client'}.",
            )
        return redirect(invoice)


class InvoicePdfView(StaffRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        invoice = get_object_or_404(
            invoice_list(user=request.user, with_items=True), pk=pk
        )
        content = pdf.invoice_pdf_render(invoice=invoice)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(invoice.number)
        return response
