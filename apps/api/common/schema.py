"""OpenAPI post-processing shared by every dialect (drf-spectacular's
`POSTPROCESSING_HOOKS`).

`DialectEnvelopeMiddleware` (envelope.py) can answer any operation under a dialect's
prefix before its view runs: 400 for unreadable input (a NUL byte, JSON nested too
deeply) and 413 for a body over the limit. `envelope_responses` documents those
answers on every operation, in the schema the dialect already gives its own errors,
so a client generated from the document (and schemathesis) expects them; and DRF's
415 for a body no parser of the endpoint reads.
"""

from .dialects import dialect_for_path

VERBS = ("get", "post", "put", "patch", "delete")
# The dialect's own error answers to copy, best first: 401, 403 and 429 are left out,
# FusionInvoice writes them in Laravel's other shapes.
_MODELS = ("400", "404", "422", "409")
ADDED = {
    "400": "Unreadable input: a NUL byte in the path, query, headers or body, "
    "malformed JSON, or JSON nested too deeply.",
    "413": "The request body is larger than the server accepts.",
    "415": "A body in a content type the endpoint does not read.",
}


def _error_model(responses: dict, fallback: dict | None) -> dict | None:
    for code in _MODELS:
        if code in responses and responses[code].get("content"):
            return responses[code]
    return fallback


def envelope_responses(result, generator, request, public):
    """Add the envelope layer's 400 (every operation), 413 and 415 (operations with
    a body: DRF's answer to a content type no parser reads) where an operation does
    not document them already."""
    fallback: dict[str, dict] = {}
    operations = [
        (path, operation)
        for path, item in result.get("paths", {}).items()
        for method, operation in item.items()
        if method in VERBS and dialect_for_path(path) is not None
    ]
    for path, operation in operations:  # one error model per dialect to fall back on
        name = dialect_for_path(path).name
        fallback.setdefault(name, _error_model(operation.get("responses", {}), None))
    for path, operation in operations:
        responses = operation.setdefault("responses", {})
        model = _error_model(responses, fallback[dialect_for_path(path).name])
        if model is None:
            continue
        wanted = ["400"] + (["413", "415"] if "requestBody" in operation else [])
        for code in wanted:
            if code not in responses:
                responses[code] = {**model, "description": ADDED[code]}
    return result
