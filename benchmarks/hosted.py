"""The hosted invoice page's throughput under gunicorn, against a bare Django view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/remit_bench \\
        .venv/bin/python benchmarks/hosted.py [--workers 2] [--clients 8] [--seconds 10]

Starts gunicorn on 127.0.0.1 (production settings plus `/bench/bare`, see
bench_settings.py), then for `--seconds` each: `--clients` concurrent clients on
the bare view, then on one sent invoice's hosted page (viewed once first, as a
customer who comes back). Prints both throughputs and their ratio (goal >= 0.25x).
The server stops by itself at the end. Needs a seeded database (seed.py).
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from apps.invoices.models import Invoice  # noqa: E402
from benchmarks._served import Server, run_load  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    invoice = (
        Invoice.objects.alive()
        .filter(status=Invoice.Status.SENT)
        .order_by("id")
        .first()
    )
    if invoice is None:
        raise SystemExit("no sent invoice: run benchmarks/seed.py first")
    page = invoice.get_public_url()
    connection.close()

    def bare(_):
        return ("bare", "GET", "/bench/bare", {}, b"")

    def hosted(_):
        return ("hosted", "GET", page, {}, b"")

    with Server(workers=args.workers) as server:
        print(
            f"{Invoice.objects.count()} invoices on {connection.vendor}; gunicorn "
            f"{args.workers} workers, {args.clients} clients, {args.seconds:g} s each"
        )
        run_load(server.port, hosted, clients=2, seconds=2)  # first view, warm-up
        run_load(server.port, bare, clients=2, seconds=2)
        floor = run_load(server.port, bare, clients=args.clients, seconds=args.seconds)
        print(floor.line("bare Django view (floor)"))
        result = run_load(
            server.port, hosted, clients=args.clients, seconds=args.seconds
        )
        print(result.line("hosted invoice page"))
        if result.error_kinds:
            print("  errors:", result.error_kinds)
        print(f"ratio {result.throughput / floor.throughput:.3f}x of the floor")


if __name__ == "__main__":
    main()
