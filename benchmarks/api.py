"""API list latency against the database floor, per dialect.

    DATABASE_URL=sqlite:///bench.sqlite3 \\
        .venv/bin/python benchmarks/seed.py --invoices 100000
    DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python benchmarks/api.py [--runs 20]

For each case: the median time of one API call returning a 100-row page (with items),
and the median time of fetching the same 100 invoices and their items with one raw
SQL query and dumping them to JSON; the ratio is the API's overhead. One list
endpoint per dialect, in CASES: (name, method, path, JSON body, how to build the
Authorization header).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.accounts.services import api_key_create, session_token_create  # noqa: E402
from apps.invoices.models import Invoice  # noqa: E402

# (name, method, path, JSON body, header(credentials) -> Authorization value)
CASES = [
    (
        "fusioninvoice invoices",
        "get",
        "/api/v1/invoices?paginated_response=1&per_page=100&page=7",
        None,
        lambda c: f"Bearer {c['key']}",
    ),
    (
        "fusebill Invoices",
        "get",
        "/fusebill/v1/Invoices?pageSize=100&pageNumber=6",
        None,
        lambda c: f"Basic {c['key']}",
    ),
    (
        "fluidpay invoices/search",
        "post",
        "/fluidpay/api/invoices/search",
        {"limit": 100, "offset": 600},
        lambda c: c["key"],
    ),
    (
        "timetap invoices/status/OPEN",
        "get",
        "/timetap/live/invoices/status/OPEN?pageNumber=7&pageSize=100",
        None,
        lambda c: f"Bearer {c['session']}",
    ),
]

RAW_SQL = """
SELECT i.id, i.number, i.status, i.invoice_date, i.due_date, i.currency, i.total,
       i.balance, c.id, c.name, it.id, it.name, it.quantity, it.unit_price, it.total
FROM invoices_invoice i
JOIN clients_client c ON c.id = i.client_id
LEFT JOIN invoices_invoiceitem it ON it.invoice_id = i.id
WHERE i.id IN (SELECT id FROM invoices_invoice WHERE deleted_at IS NULL
               ORDER BY invoice_date DESC, id DESC LIMIT 100 OFFSET 600)
"""


def _median_ms(func, runs: int) -> float:
    func()  # warm up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _raw_fetch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL)
        rows = cursor.fetchall()
    json.dumps(rows, default=str)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    count = Invoice.objects.count()
    user = User.objects.filter(is_staff=True, is_active=True).first()
    if user is None or count < 1000:
        sys.exit("Seed the database first: python benchmarks/seed.py --invoices 100000")
    issued = api_key_create(user=user, name="benchmark")
    credentials = {
        "key": issued.key,
        "session": session_token_create(api_key=issued.api_key),
    }
    client = Client(HTTP_HOST="localhost")
    floor = _median_ms(_raw_fetch, args.runs)
    print(
        f"{count} invoices on {connection.vendor}; raw SQL + JSON floor: {floor:.1f} ms"
    )
    for name, method, path, body, header in CASES:
        auth = header(credentials)

        def call(method=method, path=path, body=body, auth=auth):
            response = getattr(client, method)(
                path,
                data=json.dumps(body) if body is not None else None,
                content_type="application/json",
                HTTP_AUTHORIZATION=auth,
            )
            assert response.status_code == 200, (
                path,
                response.status_code,
                response.content[:300],
            )

        median = _median_ms(call, args.runs)
        print(f"{name:32} {median:8.1f} ms   ratio {median / floor:5.1f}x")


if __name__ == "__main__":
    main()
