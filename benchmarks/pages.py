"""Time the staff pages against a seeded database (see seed.py) and print figures.

    DATABASE_URL=sqlite:///bench.sqlite3 .venv/bin/python benchmarks/pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/remit_bench \\
        .venv/bin/python benchmarks/pages.py --runs 9

Each page is fetched once to warm up, then `--runs` times through Django's test
client, signed in as the bench user; the median, fastest and slowest server times
are printed with the number of SQL queries. This measures; it never fails a build.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault(
    "DJANGO_DEBUG", "false"
)  # as in production: no debug toolbar pages
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.clients.models import Client as Customer  # noqa: E402
from apps.invoices.models import Invoice  # noqa: E402

BENCH_EMAIL = "bench@remit.local"


def _pages() -> list[tuple[str, str]]:
    invoice = Invoice.objects.order_by("-id").first()
    busiest = Customer.objects.order_by("id").first()
    pages = [
        ("dashboard", "/"),
        ("invoice list", "/invoices/"),
        ("invoice list, open only", "/invoices/?status=sent"),
        ("invoice list, number search", "/invoices/?q=0042"),
        ("invoice list, overdue", "/invoices/?status=overdue"),
        ("invoice list, page 200", "/invoices/?page=200"),
        ("client list", "/clients/"),
    ]
    if invoice is not None:
        pages.append(("invoice detail", f"/invoices/{invoice.pk}/"))
    if busiest is not None:
        pages.append(("client detail", f"/clients/{busiest.pk}/"))
    return pages


def _time(client: Client, url: str, runs: int) -> tuple[int, list[float], int]:
    client.get(url)  # warm-up: template and query-plan caches
    timings = []
    status = 0
    with CaptureQueriesContext(connection) as queries:
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code
    return status, timings, len(queries) // runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--email", default=BENCH_EMAIL)
    args = parser.parse_args()

    user = User.objects.get(email=args.email)
    client = Client()
    client.force_login(user)
    counts = f"{Invoice.objects.count()} invoices, {Customer.objects.count()} clients"
    print(
        f"{connection.vendor} ({counts}), median of {args.runs} runs after one warm-up"
    )
    print(
        f"{'page':<28} {'status':>6} {'median ms':>10} "
        f"{'min':>8} {'max':>8} {'queries':>8}"
    )
    for name, url in _pages():
        status, timings, queries = _time(client, url, args.runs)
        print(
            f"{name:<28} {status:>6} {statistics.median(timings):>10.1f} "
            f"{min(timings):>8.1f} "
            f"{max(timings):>8.1f} {queries:>8}"
        )


if __name__ == "__main__":
    main()
