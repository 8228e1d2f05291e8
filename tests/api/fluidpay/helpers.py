"""Request bodies shaped like the vendor's examples."""


def address(**overrides) -> dict:
    data = {
        "first_name": "Jane",
        "last_name": "Doe",
        "company": "Doe Widgets",
        "address_line_1": "1 Main St",
        "address_line_2": "",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country": "US",
        "phone": "5555550100",
        "fax": None,
        "email": "jane@doe.example",
    }
    data.update(overrides)
    return data


def item(**overrides) -> dict:
    data = {
        "status": "pending",
        "name": "Widget",
        "description": "A widget",
        "unit_price": 100,
        "quantity": 1,
    }
    data.update(overrides)
    return data


def invoice_body(**overrides) -> dict:
    data = {
        "currency": "USD",
        "company_name": "ACME Inc.",
        "customer_number": "123Customer",
        "invoice_number": None,
        "date_due": "2099-02-13T06:00:00.000Z",
        "payable_to": address(company="ACME Inc.", email="billing@acme.example"),
        "bill_to": address(),
        "items": [item()],
        "settings": {"allow_tipping": False},
        "tax_percent": "0.000",
        "payment_methods": ["card", "ach", "mail"],
        "card_processor_id": "",
        "ach_processor_id": "",
        "send_via": "none",
    }
    data.update(overrides)
    return data


def create(fp, **overrides) -> dict:
    response = fp.post("invoice", invoice_body(**overrides))
    assert response.status_code == 200, response.content
    return response.json()["data"]
