"""FusionInvoice paging: `page` and `per_page`, answered as Laravel's length-aware
paginator (`paginated_response=1`)."""

import math
import re
from urllib.parse import urlencode

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 15  # FusionInvoice's `resultsPerPage` default


def per_page(params: dict) -> int:
    """`per_page` (an extension; FusionInvoice uses its setting) capped at 100."""
    try:
        size = int(str(params.get("per_page", DEFAULT_PER_PAGE)))
    except ValueError:
        return DEFAULT_PER_PAGE
    return max(1, min(size, MAX_PER_PAGE))


def page_number(params: dict) -> int:
    text = str(params.get("page", "1")).strip()
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) and int(text) > 0 else 1


def _page_url(base: str, params: dict, page: int) -> str:
    query = {"page": page}
    if "per_page" in params:
        query["per_page"] = params["per_page"]
    return f"{base}?{urlencode(query)}"


def _page_links(base: str, params: dict, current: int, last: int) -> list[dict]:
    if last <= 13:
        window: list[int | None] = list(range(1, last + 1))
    else:
        middle = [p for p in range(current - 3, current + 4) if 2 < p < last - 1]
        window = [1, 2, *([None] if middle and middle[0] > 3 else []), *middle]
        window += [
            *([None] if middle and middle[-1] < last - 2 else []),
            last - 1,
            last,
        ]
        if not middle:
            window = [1, 2, None, last - 1, last]
    links = [
        {
            "url": _page_url(base, params, current - 1) if current > 1 else None,
            "label": "&laquo; Previous",
            "active": False,
        }
    ]
    for page in window:
        if page is None:
            links.append({"url": None, "label": "...", "active": False})
        else:
            links.append(
                {
                    "url": _page_url(base, params, page),
                    "label": str(page),
                    "active": page == current,
                }
            )
    links.append(
        {
            "url": _page_url(base, params, current + 1) if current < last else None,
            "label": "Next &raquo;",
            "active": False,
        }
    )
    return links


def laravel_page(
    base: str, params: dict, rows: list, *, page: int, size: int, total: int, start: int
) -> dict:
    """Laravel's length-aware paginator around `rows`, the page starting at `start`."""
    last = max(1, math.ceil(total / size))
    return {
        "current_page": page,
        "data": rows,
        "first_page_url": _page_url(base, params, 1),
        "from": start + 1 if rows else None,
        "last_page": last,
        "last_page_url": _page_url(base, params, last),
        "links": _page_links(base, params, page, last),
        "next_page_url": _page_url(base, params, page + 1) if page < last else None,
        "path": base,
        "per_page": size,
        "prev_page_url": _page_url(base, params, page - 1) if page > 1 else None,
        "to": start + len(rows) if rows else None,
        "total": total,
    }
