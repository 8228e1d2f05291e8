import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

DIALECT_PATHS = {
    "FusionInvoice": [
        "/api/v1/login",
        "/api/v1/clients",
        "/api/v1/invoices/{id}",
        "/api/v1/quotes/{id}/convert",
        "/api/v1/payments/store",
        "/api/v1/invoices/apply/credit-memo",
    ],
    "Fusebill": ["/fusebill/v1/Invoices", "/fusebill/v1/Invoices/{invoice_id}"],
    "FluidPay": ["/fluidpay/api/invoice", "/fluidpay/api/invoices/search"],
    "TimeTap": ["/timetap/live/sessionToken", "/timetap/live/invoices"],
}


def _schema(client) -> dict:
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def test_schema_is_openapi_3_and_covers_every_dialect(client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    for dialect, paths in DIALECT_PATHS.items():
        missing = [path for path in paths if path not in schema["paths"]]
        assert not missing, f"{dialect}: {missing}"


def test_schema_says_how_each_dialect_signs_in(client):
    schema = _schema(client)
    schemes = schema["components"]["securitySchemes"]
    assert {"fusionInvoiceBearer", "sessionToken"} <= set(schemes)
    list_op = schema["paths"]["/api/v1/invoices"]["get"]
    assert {"fusionInvoiceBearer": []} in list_op["security"]
    for path, method in (
        ("/fusebill/v1/Invoices", "get"),
        ("/fluidpay/api/invoice", "post"),
        ("/timetap/live/invoices", "post"),
    ):
        security = schema["paths"][path][method]["security"]
        assert security and all(set(s) <= set(schemes) for s in security), (
            path,
            security,
        )
    assert schema["paths"]["/api/v1/login"]["post"].get("security") in ([], [{}], None)
    params = {p["name"] for p in list_op["parameters"]}
    assert {
        "paginated_response",
        "page",
        "include_custom_fields",
        "where_operator",
        "s",
        "o",
        "status",
    } <= params


def test_docs_are_served_with_local_assets_only(client):
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html), (
        "an asset comes from another host"
    )
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)["']""", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets) and any(
        a.endswith(".css") for a in assets
    )
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), (
            f"{asset} is not in the local static files"
        )
