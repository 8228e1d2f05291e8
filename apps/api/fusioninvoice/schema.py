"""OpenAPI pieces of the FusionInvoice dialect that drf-spectacular cannot say with
`extend_schema` alone. (The dialect's `extend_schema` arguments still live in
`views/common.py` and the views; see apps/api/README.md.)"""

import re

_LIST_DATA = re.compile(r"^FI(\w+)ListData$")


def list_data_hook(result, generator, request, public):
    """A list's `data` is every record as an array, or Laravel's paginator around a
    page of them (`paginated_response=1`): `views.common.list_data` declares the
    paginator; the plain array (the paginator's own `data`) is added here as the
    other `oneOf` choice."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, schema in schemas.items():
        match = _LIST_DATA.match(name)
        page = schemas.get(f"FI{match[1]}Page") if match else None
        if page is None:
            continue
        records = page["properties"]["data"]
        choices = schema.setdefault("oneOf", [])
        if records not in choices:
            choices.insert(0, records)
    return result
