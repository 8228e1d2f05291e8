import logging
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client, override_settings

from apps.invoices.models import Invoice
from apps.payments.models import Payment

from .helpers import (
    APPROVING_CARD,
    DECLINING_CARD,
    hidden_fields,
    one_time_key,
    pay,
    payable_invoice,
    url,
)

pytestmark = pytest.mark.django_db


def test_pay_with_approving_card_shows_receipt_and_emails_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    invoice = payable_invoice()
    with django_capture_on_commit_callbacks(execute=True):
        response = pay(client, invoice)
    assert response.status_code == 302
    payment = Payment.objects.get(invoice=invoice)
    assert response["Location"] == url(
        "receipt", invoice, reference=payment.transaction_id
    )
    receipt = client.get(response["Location"]).content.decode()
    assert (
        payment.transaction_id in receipt
        and "$100.00" in receipt
        and "paid in full" in receipt
    )
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.balance == Decimal("0")
    assert (payment.status, payment.source, payment.card_brand, payment.card_last4) == (
        Payment.Status.SUCCEEDED,
        Payment.Source.HOSTED_PAGE,
        "visa",
        "1111",
    )
    receipts = [m for m in mailoutbox if invoice.client.email in m.to]
    assert len(receipts) == 1 and payment.transaction_id in receipts[0].body


def test_declined_card_changes_nothing_and_says_what_to_do(client):
    invoice = payable_invoice()
    response = pay(client, invoice, **DECLINING_CARD)
    assert response.status_code == 402
    assert (
        "Your card was declined. Try another card or contact your bank."
        in response.content.decode()
    )
    invoice.refresh_from_db()
    assert (
        invoice.balance == Decimal("100.00") and invoice.status == Invoice.Status.SENT
    )
    assert Payment.objects.get(invoice=invoice).status == Payment.Status.DECLINED


@pytest.mark.parametrize(
    ("amount", "status", "message"),
    [
        ("10.01", Payment.Status.DECLINED, "Your card was declined"),
        ("10.02", Payment.Status.DECLINED, "insufficient funds"),
        ("10.03", Payment.Status.DECLINED, "Your card has expired"),
        ("10.50", Payment.Status.FAILED, "You have not been charged"),
    ],
)
def test_sandbox_amount_triggers_leave_the_balance(client, amount, status, message):
    invoice = payable_invoice(allow_partial_payment=True)
    response = pay(client, invoice, amount=amount)
    assert response.status_code == 402
    assert message in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("100.00") and invoice.amount_paid == Decimal("0")
    assert Payment.objects.get(invoice=invoice).status == status


def test_partial_payment_leaves_the_right_balance(client):
    invoice = payable_invoice(allow_partial_payment=True)
    assert pay(client, invoice, amount="40.00").status_code == 302
    invoice.refresh_from_db()
    assert (
        invoice.balance == Decimal("60.00")
        and invoice.status == Invoice.Status.PARTIALLY_PAID
    )
    html = client.get(url("detail", invoice)).content.decode()
    assert "$60.00" in html and 'max="60.00"' in html


def test_partial_amount_outside_limits_is_refused(client):
    invoice = payable_invoice(allow_partial_payment=True)
    assert pay(client, invoice, amount="100.01").status_code == 400
    assert pay(client, invoice, amount="0.50").status_code == 400
    assert not Payment.objects.filter(invoice=invoice).exists()


def test_without_partial_payment_the_full_balance_is_charged(client):
    invoice = payable_invoice()
    assert pay(client, invoice).status_code == 302  # the page shows no amount box
    assert Payment.objects.get(invoice=invoice).amount == Decimal("100.00")


def test_without_partial_payment_a_posted_part_is_refused_as_fluidpay_does(client):
    """It used to be charged in full silently; FluidPay refused it. One rule now."""
    invoice = payable_invoice()
    response = pay(client, invoice, amount="5.00")
    assert response.status_code == 400
    assert "This invoice must be paid in full: 100.00 USD." in response.content.decode()
    assert not Payment.objects.exists()


def test_tip_is_computed_on_the_server_and_kept_apart(client):
    invoice = payable_invoice(allow_tipping=True)
    pay(
        client, invoice, tip_choice="15", tip_custom="999"
    )  # a custom value is ignored for a preset
    payment = Payment.objects.get(invoice=invoice)
    invoice.refresh_from_db()
    assert (payment.amount, payment.tip) == (Decimal("100.00"), Decimal("15.00"))
    assert (invoice.amount_paid, invoice.tip_total, invoice.balance) == (
        Decimal("100.00"),
        Decimal("15.00"),
        Decimal("0"),
    )


def test_custom_tip_and_tip_on_a_partial_amount(client):
    invoice = payable_invoice(allow_tipping=True, allow_partial_payment=True)
    pay(client, invoice, amount="40.00", tip_choice="10")
    pay(client, invoice, amount="10.00", tip_choice="custom", tip_custom="2.5")
    assert [p.tip for p in Payment.objects.filter(invoice=invoice).order_by("id")] == [
        Decimal("4.00"),
        Decimal("2.50"),
    ]


def test_tip_refused_when_tipping_is_off(client):
    """It used to be dropped silently (and the rest charged); now refused, as FluidPay
    refuses a tip_amount on such an invoice."""
    invoice = payable_invoice()
    response = pay(client, invoice, tip_choice="20")
    assert response.status_code == 400
    assert "This invoice does not accept tips" in response.content.decode()
    assert not Payment.objects.exists()
    assert pay(client, invoice).status_code == 302  # no tip posted: charged


def test_pay_by_ach(client):
    invoice = payable_invoice()
    response = pay(
        client,
        invoice,
        method="ach",
        routing_number="011000015",
        account_number="123456789",
        account_type="checking",
        account_name="Ada",
    )
    # ACH is pending until it settles (issue 10): "pending", not paid, not "charged".
    assert response.status_code == 202
    assert "your bank payment is pending" in response.content.decode()
    payment = Payment.objects.get(invoice=invoice)
    assert (payment.method, payment.account_last4) == (Payment.Method.ACH, "6789")
    assert payment.status == Payment.Status.PENDING


def test_method_not_allowed_on_the_invoice_is_refused(client):
    invoice = payable_invoice(payment_methods=["ach"])
    assert pay(client, invoice, method="card").status_code == 400
    assert not Payment.objects.exists()


def test_pay_by_mail(client):
    invoice = payable_invoice()
    response = client.post(url("mail", invoice))
    assert response.status_code == 302
    invoice.refresh_from_db()
    assert invoice.awaiting_mail_since is not None
    html = client.get(url("detail", invoice)).content.decode()
    assert "Awaiting a mailed payment" in html and "12 Harbour Road" in html


def test_same_one_time_key_charges_once(client):
    invoice = payable_invoice(allow_partial_payment=True)
    key = one_time_key(client, invoice)
    first = pay(client, invoice, key=key, amount="30.00")
    second = pay(client, invoice, key=key, amount="30.00")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Payment.objects.filter(invoice=invoice).count() == 1
    invoice.refresh_from_db()
    assert invoice.balance == Decimal("70.00")


def test_each_render_carries_a_new_key(client):
    invoice = payable_invoice()
    assert one_time_key(client, invoice) != one_time_key(client, invoice)


def test_bad_card_is_refused_before_the_gateway_and_not_echoed(client):
    invoice = payable_invoice()
    response = pay(client, invoice, card_number="4111111111111112", card_expiry="01/20")
    html = response.content.decode()
    assert response.status_code == 400
    assert "not valid" in html and "expired" in html
    assert "4111111111111112" not in html
    assert not Payment.objects.exists()


@override_settings(REMIT_PAY_RATE_LIMIT_PER_HASH=3)
def test_pay_attempts_are_rate_limited_per_link(client):
    invoice = payable_invoice()
    codes = [pay(client, invoice, **DECLINING_CARD).status_code for _ in range(4)]
    assert codes == [402, 402, 402, 429]
    assert "Too many attempts" in pay(client, invoice).content.decode()
    assert Payment.objects.count() == 3


@override_settings(REMIT_PAY_RATE_LIMIT_PER_IP=2, REMIT_PAY_RATE_LIMIT_PER_HASH=100)
def test_pay_attempts_are_rate_limited_per_address(client):
    first, second = payable_invoice(), payable_invoice()
    pay(client, first, **DECLINING_CARD)
    pay(client, second, **DECLINING_CARD)
    response = pay(client, second, **DECLINING_CARD)
    assert response.status_code == 429 and response["Retry-After"]
    other = Client(REMOTE_ADDR="10.9.9.9")
    assert pay(other, first, **DECLINING_CARD).status_code == 402


def test_pay_form_needs_csrf(client):
    invoice = payable_invoice()
    strict = Client(enforce_csrf_checks=True)
    data = {
        "method": "card",
        "one_time_key": "k" * 32,
        "tip_choice": "none",
        **APPROVING_CARD,
    }
    assert strict.post(url("pay", invoice), data).status_code == 403
    assert not Payment.objects.exists()


def test_card_number_is_stored_nowhere(
    client, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    invoice = payable_invoice(allow_partial_payment=True)
    with django_capture_on_commit_callbacks(execute=True):
        pay(client, invoice, amount="10.04")  # gateway timeout: logged
        pay(client, invoice, amount="20.00")
    dump = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table in connection.introspection.table_names():
                cursor.execute(f'SELECT * FROM "{table}"')
                dump.extend(repr(row) for row in cursor.fetchall())
    text = "\n".join(dump)
    assert "4111111111111111" not in text and "411111111111" not in text
    assert "4111111111111111" not in caplog.text
    assert (
        Payment.objects.filter(
            card_last4="1111", status=Payment.Status.SUCCEEDED
        ).count()
        == 1
    )
    # .04: the answer was lost, so the attempt waits for reconciliation (issue 10)
    assert Payment.objects.filter(status=Payment.Status.PROCESSING).count() == 1


def test_replay_after_the_invoice_is_paid_shows_the_same_receipt(client):
    invoice = payable_invoice()
    key = one_time_key(client, invoice)
    first = pay(client, invoice, key=key)
    replay = pay(client, invoice, key=key)
    assert replay.status_code == 302 and replay["Location"] == first["Location"]
    assert Payment.objects.count() == 1


def test_origin_null_from_no_referrer_pages_still_needs_the_token():
    """Pages sent with Referrer-Policy: no-referrer post with "Origin: null"."""
    invoice = payable_invoice()
    browser = Client(enforce_csrf_checks=True)
    hidden = hidden_fields(browser, invoice)
    token = browser.cookies["csrftoken"].value
    data = {"method": "card", "tip_choice": "none", **hidden, **APPROVING_CARD}
    assert (
        browser.post(url("pay", invoice), data, HTTP_ORIGIN="null").status_code == 403
    )  # no token
    assert (
        browser.post(
            url("pay", invoice),
            data,
            HTTP_ORIGIN="https://evil.example",
            HTTP_X_CSRFTOKEN=token,
        ).status_code
        == 403
    )
    assert (
        browser.post(
            url("pay", invoice), data, HTTP_ORIGIN="null", HTTP_X_CSRFTOKEN=token
        ).status_code
        == 302
    )
    assert Payment.objects.count() == 1


def test_card_fields_are_hidden_from_error_reports(rf):
    from django.views.debug import SafeExceptionReporterFilter

    from apps.payments.public_views import InvoicePublicPayView

    invoice = payable_invoice()
    request = rf.post(
        url("pay", invoice),
        {"method": "card", "one_time_key": "k" * 32, **APPROVING_CARD},
    )
    request._dont_enforce_csrf_checks = True
    InvoicePublicPayView.as_view()(request, public_hash=invoice.public_hash)
    shown = SafeExceptionReporterFilter().get_post_parameters(request)
    assert shown["card_number"] != "4111111111111111" and set(shown["card_number"]) == {
        "*"
    }
    assert set(shown["card_cvc"]) == {"*"} and shown["card_name"] == "Ada Lovelace"


@override_settings(REMIT_PAY_RATE_LIMIT_PER_HASH=1)
def test_pay_by_mail_is_rate_limited_too(client):
    invoice = payable_invoice()
    assert client.post(url("mail", invoice)).status_code == 302
    assert client.post(url("mail", invoice)).status_code == 429


def test_balance_changed_since_the_page_was_opened_is_not_charged(client):
    """Without partial payment the customer pays what the page showed, or nothing."""
    from apps.invoices.services import invoice_item_add

    invoice = payable_invoice()
    shown = hidden_fields(client, invoice)
    assert shown["balance_seen"] == "100.00"
    invoice_item_add(
        invoice=invoice,
        name="Rush fee",
        quantity=Decimal("1"),
        unit_price=Decimal("25.00"),
    )
    response = pay(client, invoice, **shown)
    assert response.status_code == 400
    html = response.content.decode()
    assert "changed to 125.00 USD since the page was opened" in html
    assert 'name="balance_seen" value="125.00"' in html
    assert not Payment.objects.exists()
    assert pay(client, invoice).status_code == 302
    assert Payment.objects.get(invoice=invoice).amount == Decimal("125.00")


def test_pay_form_without_its_hidden_fields_is_refused(client):
    invoice = payable_invoice()
    data = {
        "method": "card",
        "tip_choice": "none",
        "one_time_key": "k" * 32,
        **APPROVING_CARD,
    }
    response = client.post(url("pay", invoice), data)
    assert response.status_code == 400
    assert "This form has expired; reload the page" in response.content.decode()
    assert not Payment.objects.exists()


def test_custom_tip_above_the_amount_is_refused(client):
    invoice = payable_invoice(allow_tipping=True)
    response = pay(client, invoice, tip_choice="custom", tip_custom="150")
    assert response.status_code == 400
    assert "A tip cannot be more than the amount paid" in response.content.decode()
    assert not Payment.objects.exists()
    assert (
        pay(client, invoice, tip_choice="custom", tip_custom="100").status_code == 302
    )


def test_partial_amount_field_shows_its_limits_as_money(client):
    invoice = payable_invoice(allow_partial_payment=True)
    html = client.get(url("detail", invoice)).content.decode()
    assert "At least $1.00, at most $100.00." in html
    over = pay(client, invoice, amount="100.01").content.decode()
    assert "cannot be more than the balance (100.00 USD)" in over
    under = pay(client, invoice, amount="0.99").content.decode()
    assert "must be at least 1.00 USD" in under


def test_after_a_decline_the_form_keeps_choices_and_shows_no_field_errors(client):
    invoice = payable_invoice(allow_partial_payment=True, allow_tipping=True)
    response = pay(client, invoice, amount="30.00", tip_choice="10", **DECLINING_CARD)
    assert response.status_code == 402
    html = response.content.decode()
    assert "Your card was declined" in html
    assert 'class="errorlist' not in html  # the empty card boxes are not "invalid"
    assert 'name="amount" value="30.00"' in html
    assert re.search(r'name="tip_choice" value="10"[^>]*checked', html)
    assert 'value="Ada Lovelace"' in html and "4000000000000002" not in html


def test_pay_form_offers_only_the_invoices_methods_and_the_service_refuses_others(
    client,
):
    invoice = payable_invoice(payment_methods=["ach"])
    html = client.get(url("detail", invoice)).content.decode()
    assert 'name="method" value="ach"' in html
    assert 'name="method" value="card"' not in html
    response = pay(client, invoice, method="card")  # a crafted post
    assert response.status_code == 400
    assert response.context["form"].errors["method"] == [
        "This invoice cannot be paid by card; choose another payment method."
    ]
    assert not Payment.objects.exists()


def test_lost_answer_shows_confirming_then_reconciliation_pays_once(client):
    """Sandbox .04 (issue 10): never "not charged"; paid once after reconciling."""
    from django.core.management import call_command

    invoice = payable_invoice(allow_partial_payment=True)
    key = one_time_key(client, invoice)
    response = pay(client, invoice, key=key, amount="99.04")
    html = response.content.decode()
    assert response.status_code == 202
    assert "We are confirming your payment" in html and "not been charged" not in html
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.SENT and invoice.amount_paid == 0
    page = client.get(url("detail", invoice)).content.decode()
    assert "we are confirming your payment" in page and 'max="0.96"' in page
    # a double click with the same one-time key re-asks the gateway, charges nothing
    pay(client, invoice, key=key, amount="99.04")
    call_command("reconcile_payments")
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("99.04")
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    call_command("reconcile_payments")
    invoice.refresh_from_db()
    assert invoice.amount_paid == Decimal("99.04")


def test_ach_pending_shows_payment_pending_and_takes_no_second_payment(client):
    invoice = payable_invoice()
    ach = {
        "method": "ach",
        "routing_number": "011000015",
        "account_number": "123450002",
        "account_type": "checking",
    }
    assert pay(client, invoice, **ach).status_code == 202
    page = client.get(url("detail", invoice)).content.decode()
    assert "payment pending" in page and 'name="one_time_key"' not in page
