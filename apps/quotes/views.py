"""Staff pages for quotes: the invoice pages' shape, plus status moves and convert."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import DetailView, ListView

from apps.accounts.mixins import StaffRequiredMixin
from apps.companies.selectors import company_profile_get_default
from apps.core.custom_fields import custom_values_display
from apps.core.http import content_disposition
from apps.invoices.forms import header_initial
from apps.invoices.views import (
    DocumentActionView,
    DocumentFormView,
    error_text,
)

from . import emails, pdf
from .filters import QuoteFilter
from .forms import QuoteForm, QuoteStatusForm
from .models import Quote
from .selectors import quote_list
from .services import (
    IDENTITY_FIELDS,
    quote_convert_to_invoice,
    quote_create,
    quote_delete,
    quote_set_status,
    quote_update,
)

STATUS_VERBS = {
    Quote.Status.SENT: "marked as sent",
    Quote.Status.APPROVED: "approved",
    Quote.Status.REJECTED: "rejected",
    Quote.Status.CANCELED: "canceled",
    Quote.Status.DRAFT: "moved back to draft",
}


class QuoteListView(StaffRequiredMixin, ListView):
    template_name = "quotes/quote_list.html"
    context_object_name = "quotes"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = QuoteFilter(
            self.request.GET or None,
            queryset=quote_list(user=self.request.user),
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


class QuoteDetailView(StaffRequiredMixin, DetailView):
    template_name = "quotes/quote_detail.html"
    context_object_name = "quote"

    def get_queryset(self):
        return quote_list(user=self.request.user, with_items=True)

    def get_context_data(self, **kwargs):
        quote = self.object
        return super().get_context_data(
            items=quote.items.all(),
            custom_values=custom_values_display(module="quotes", values=quote.custom),
            is_expired=quote.expires_at < timezone.localdate(),
            **kwargs,
        )


class QuoteFormMixin:
    template_name = "quotes/quote_form.html"
    form_class = QuoteForm
    noun = "quote"


class QuoteCreateView(QuoteFormMixin, DocumentFormView):
    def get_initial(self):
        profile = company_profile_get_default()
        initial = {"quote_date": timezone.localdate()}
        if profile is not None:
            initial.update(terms=profile.default_terms, footer=profile.default_footer)
        if client_id := self.request.GET.get("client"):
            initial["client"] = client_id
        return initial

    def save(self, fields, items):
        return quote_create(by=self.request.user, items=items, **fields)


class QuoteUpdateView(QuoteFormMixin, DocumentFormView):
    identity_fields = IDENTITY_FIELDS

    def get_document(self):
        return get_object_or_404(
            quote_list(user=self.request.user, with_items=True), pk=self.kwargs["pk"]
        )

    def get_initial(self):
        return header_initial(self.document, QuoteForm)

    def save(self, fields, items):
        return quote_update(
            quote=self.document, by=self.request.user, items=items, **fields
        )


class QuoteActionView(DocumentActionView):
    def get_object(self):
        return get_object_or_404(
            quote_list(user=self.request.user), pk=self.kwargs["pk"]
        )


class QuoteStatusView(QuoteActionView):
    def act(self, quote):
        form = QuoteStatusForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(
                "Choose a quote status: sent, approved, rejected, canceled or draft."
            )
        status = form.cleaned_data["status"]
        quote = quote_set_status(quote=quote, status=status, by=self.request.user)
        return f"Quote {quote.number} {STATUS_VERBS.get(status, status)}."


class QuoteConvertView(QuoteActionView):
    def post(self, request, *args, **kwargs):
        quote = self.get_object()
        try:
            invoice = quote_convert_to_invoice(quote=quote, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect(quote)
        messages.success(
            request,
            f"Quote {quote.number} converted to invoice {invoice.number} (a draft).",
        )
        return redirect(invoice)


class QuoteDeleteView(QuoteActionView):
    def act(self, quote):
        quote_delete(quote=quote, by=self.request.user)
        return f"Quote {quote.number} deleted."

    def get_success_url(self, obj):
        return reverse("quotes:list")


class QuoteEmailView(QuoteActionView):
    def post(self, request, *args, **kwargs):
        quote = self.get_object()
        try:
            emails.quote_email_send(quote=quote, by=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            to = quote.client.email or "the client"
            messages.success(request, f"Quote {quote.number} emailed to {to}.")
        return redirect(quote)


class QuotePdfView(StaffRequiredMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk):
        quote = get_object_or_404(quote_list(user=request.user, with_items=True), pk=pk)
        content = pdf.quote_pdf_render(quote=quote)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition(quote.number)
        return response
