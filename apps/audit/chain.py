"""The hash chain, as pure functions (no ORM): canonical values, an event's canonical
content and its SHA-256.

Canonical form: JSON with sorted keys, no spaces, UTF-8; Decimals as strings (as
given, so "10.50" stays "10.50"), dates and datetimes as ISO 8601 (datetimes in
UTC), model instances as their primary key, sets and tuples as sorted or plain lists.
Each event hashes its content together with the previous event's hash in the same
chain ("" for the first), so changing, removing or reordering any stored event
breaks every hash after it.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

GENESIS = ""


def canonical(value: Any) -> Any:
    """`value` as plain JSON types, the same way every time."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        raise TypeError("Floats have no place on the trail; pass a Decimal or a str.")
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(canonical(v) for v in value)
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def canonical_json(value: Any) -> str:
    return json.dumps(
        canonical(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def event_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) over the event's canonical content and the previous hash."""
    payload = canonical_json({**content, "prev_hash": prev_hash})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for each field whose canonical value differs."""
    found = {}
    for name in sorted(set(before) | set(after)):
        old, new = canonical(before.get(name)), canonical(after.get(name))
        if old != new:
            found[name] = [old, new]
    return found


def lines_diff(
    before: list[Mapping[str, Any]], after: list[Mapping[str, Any]]
) -> dict[str, list]:
    """Items compared line by line (line 1 with line 1, ...): the lines changed,
    with each field's before and after, and the lines added or removed in full."""
    changed, added, removed = [], [], []
    for index in range(max(len(before), len(after))):
        line = index + 1
        if index >= len(before):
            added.append({"line": line, **canonical(after[index])})
        elif index >= len(after):
            removed.append({"line": line, **canonical(before[index])})
        elif fields := changes(before[index], after[index]):
            changed.append({"line": line, "fields": fields})
    result = {"changed": changed, "added": added, "removed": removed}
    return {key: value for key, value in result.items() if value}
