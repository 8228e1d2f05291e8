"""`manage.py export_postman`: a Postman v2.1 collection with every operation of the
OpenAPI document, one folder per dialect, base URL and credentials as variables."""

import json
import re

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from apps.api.common.postman import SCHEMA_URL, example

VERBS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    output = tmp_path_factory.mktemp("postman") / "remit.postman.json"
    call_command("export_postman", output=str(output))
    return json.loads(output.read_text())


def _operations_in_schema() -> set[tuple[str, str]]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in VERBS
    }


def _requests(collection):
    for folder in collection["item"]:
        for entry in folder["item"]:
            yield folder, entry["request"]


def _as_openapi_path(url: dict) -> str:
    return "/" + "/".join(
        re.sub(r"^:(\w+)$", r"{\1}", segment) for segment in url["path"]
    )


def test_the_collection_is_postman_v2_1_with_a_folder_per_dialect(exported):
    assert exported["info"]["schema"] == SCHEMA_URL
    assert exported["info"]["name"] == "Remit API"
    assert [f["name"] for f in exported["item"]] == [
        "FusionInvoice",
        "Fusebill",
        "FluidPay",
        "TimeTap",
    ]
    variables = {v["key"] for v in exported["variable"]}
    assert {
        "baseUrl",
        "apiKey",
        "fusionInvoiceToken",
        "timetapSessionToken",
    } <= variables


def test_every_operation_in_the_schema_is_a_request(exported):
    found = [
        (request["method"], _as_openapi_path(request["url"]))
        for _, request in _requests(exported)
    ]
    assert len(found) == len(set(found))
    assert set(found) == _operations_in_schema()


def test_requests_use_the_variables_and_each_folder_sends_its_credential(exported):
    auth = {f["name"]: json.dumps(f["auth"]) for f in exported["item"]}
    assert "{{fusionInvoiceToken}}" in auth["FusionInvoice"]
    assert "Basic {{apiKey}}" in auth["Fusebill"]
    assert '"{{apiKey}}"' in auth["FluidPay"]
    assert "{{timetapSessionToken}}" in auth["TimeTap"]
    for _, request in _requests(exported):
        assert request["url"]["raw"].startswith("{{baseUrl}}/")
        for variable in request["url"].get("variable", []):
            assert ":" + variable["key"] in request["url"]["path"]
        if "body" in request:
            json.loads(request["body"]["raw"])  # an example body that parses


def test_sign_in_requests_carry_no_credential(exported):
    no_auth = {
        _as_openapi_path(request["url"])
        for _, request in _requests(exported)
        if request.get("auth") == {"type": "noauth"}
    }
    assert {"/api/v1/login", "/timetap/live/sessionToken"} <= no_auth
    assert "/api/v1/invoices" not in no_auth


def test_export_to_standard_output(capsys):
    call_command("export_postman")
    assert json.loads(capsys.readouterr().out)["info"]["schema"] == SCHEMA_URL


def test_example_follows_refs_required_fields_and_enums():
    document = {
        "components": {
            "schemas": {
                "Item": {
                    "type": "object",
                    "required": ["unit", "qty"],
                    "properties": {
                        "unit": {"type": "string", "enum": ["hour", "day"]},
                        "qty": {"type": "integer"},
                        "id": {"type": "integer", "readOnly": True},
                    },
                }
            }
        }
    }
    schema = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
    assert example(schema, document) == [{"unit": "hour", "qty": 0}]


def test_every_dialect_operation_documents_the_envelope_layers_answers():
    """apps.api.common.schema.envelope_responses: 400 everywhere, 413 with a body,
    each in the schema the dialect gives its own errors."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    shapes = {
        "/api/v1/": "#/components/schemas/FI",
        "/fusebill/v1/": "FusebillError",
        "/fluidpay/api/": "",
        "/timetap/": "",
    }
    for path, item in document["paths"].items():
        prefix = next((p for p in shapes if path.startswith(p)), None)
        if prefix is None:
            continue
        for method, operation in item.items():
            if method not in VERBS:
                continue
            responses = operation["responses"]
            with_body = ["413", "415"] if "requestBody" in operation else []
            codes = ["400", *with_body]
            for code in codes:
                assert code in responses, (method, path, code)
                assert "application/json" in responses[code]["content"]
                assert shapes[prefix] in json.dumps(responses[code]), (method, path)
