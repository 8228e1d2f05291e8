"""A Postman collection (v2.1) from Remit's OpenAPI document.

One folder per dialect (the registry in dialects.py decides which operation belongs
to which), every operation a request with its path variables, query parameters and
an example JSON body drawn from the schema. The base URL and each dialect's
credential are collection variables, so an integrator sets them once after import.
Pure: the OpenAPI document in, the collection out.
"""

import json
from typing import Any

from .dialects import dialect_for_path

SCHEMA_URL = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
VERBS = ("get", "post", "put", "patch", "delete")

FOLDERS = {
    "fusioninvoice": "FusionInvoice",
    "fusebill": "Fusebill",
    "fluidpay": "FluidPay",
    "timetap": "TimeTap",
}

# The credential each dialect's clients send, as Postman auth on the folder.
_VARIABLES = [
    ("baseUrl", "http://127.0.0.1:8000", "Where Remit runs, without a trailing slash"),
    (
        "fusionInvoiceToken",
        "",
        "A token from POST /api/v1/login, or an API key (`key` from create_api_key)",
    ),
    ("apiKey", "", "An API key (`key` from `manage.py create_api_key <email>`)"),
    ("timetapSessionToken", "", "The sessionToken from GET /timetap/live/sessionToken"),
]


def _header_auth(value: str) -> dict:
    return {
        "type": "apikey",
        "apikey": [
            {"key": "key", "value": "Authorization", "type": "string"},
            {"key": "value", "value": value, "type": "string"},
            {"key": "in", "value": "header", "type": "string"},
        ],
    }


def _bearer(variable: str) -> dict:
    return {
        "type": "bearer",
        "bearer": [{"key": "token", "value": "{{" + variable + "}}", "type": "string"}],
    }


AUTH = {
    "fusioninvoice": _bearer("fusionInvoiceToken"),
    "fusebill": _header_auth("Basic {{apiKey}}"),
    "fluidpay": _header_auth("{{apiKey}}"),
    "timetap": _bearer("timetapSessionToken"),
}


def _resolve(schema: dict, document: dict) -> dict:
    seen = 0
    while isinstance(schema, dict) and "$ref" in schema and seen < 20:
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node.get(part, {})
        schema, seen = node, seen + 1
    return schema if isinstance(schema, dict) else {}


def example(schema: dict, document: dict, depth: int = 0) -> Any:
    """A plausible value for `schema`: its example, default or first enum value, else
    a skeleton by type (objects show their required properties, or all of them)."""
    schema = _resolve(schema, document)
    for key in ("example", "default"):
        if key in schema:
            return schema[key]
    if schema.get("enum"):
        return schema["enum"][0]
    for key in ("oneOf", "anyOf", "allOf"):
        if schema.get(key):
            return example(schema[key][0], document, depth + 1)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if depth > 6:
        return None
    if kind == "array":
        return [example(schema.get("items", {}), document, depth + 1)]
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        names = schema.get("required") or list(properties)
        return {
            name: example(properties.get(name, {}), document, depth + 1)
            for name in names
            if not _resolve(properties.get(name, {}), document).get("readOnly")
        }
    return {"integer": 0, "number": 0, "boolean": False}.get(kind, "")


def _url(path: str, parameters: list[dict]) -> dict:
    segments = [
        ":" + s[1:-1] if s.startswith("{") and s.endswith("}") else s
        for s in path.strip("/").split("/")
    ]
    url: dict[str, Any] = {
        "raw": "{{baseUrl}}/" + "/".join(segments),
        "host": ["{{baseUrl}}"],
        "path": segments,
    }
    query = [
        {
            "key": p["name"],
            "value": "",
            "description": p.get("description", ""),
            "disabled": not p.get("required", False),
        }
        for p in parameters
        if p.get("in") == "query"
    ]
    if query:
        url["query"] = query
    variables = [
        {"key": p["name"], "value": "1", "description": p.get("description", "")}
        for p in parameters
        if p.get("in") == "path"
    ]
    if variables:
        url["variable"] = variables
    return url


def _request(path: str, method: str, operation: dict, document: dict) -> dict:
    parameters = [_resolve(p, document) for p in operation.get("parameters", [])]
    request: dict[str, Any] = {
        "method": method.upper(),
        "header": [{"key": "Accept", "value": "application/json"}],
        "url": _url(path, parameters),
        "description": operation.get("description", ""),
    }
    content = _resolve(operation.get("requestBody", {}), document).get("content", {})
    json_body = next((v for k, v in content.items() if "json" in k), None)
    if json_body is not None:
        request["header"].append({"key": "Content-Type", "value": "application/json"})
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(example(json_body.get("schema", {}), document), indent=2),
            "options": {"raw": {"language": "json"}},
        }
    security = operation.get("security", document.get("security"))
    if not security or any(not requirement for requirement in security):
        request["auth"] = {"type": "noauth"}  # sign-in endpoints
    return request


def postman_collection(document: dict, *, name: str = "Remit API") -> dict:
    """The collection for `document` (an OpenAPI 3 dict)."""
    folders: dict[str, list[dict]] = {key: [] for key in FOLDERS}
    for path, item in document.get("paths", {}).items():
        dialect = dialect_for_path(path)
        if dialect is None or dialect.name not in folders:
            continue
        for method in VERBS:
            operation = item.get(method)
            if operation is None:
                continue
            folders[dialect.name].append(
                {
                    "name": operation.get("summary") or f"{method.upper()} {path}",
                    "request": _request(path, method, operation, document),
                    "response": [],
                }
            )
    return {
        "info": {
            "name": name,
            "description": document.get("info", {}).get("description", ""),
            "schema": SCHEMA_URL,
        },
        "item": [
            {"name": FOLDERS[key], "auth": AUTH[key], "item": items}
            for key, items in folders.items()
            if items
        ],
        "variable": [
            {"key": key, "value": value, "type": "string", "description": text}
            for key, value, text in _VARIABLES
        ],
    }
