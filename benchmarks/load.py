"""Many concurrent clients against a served Remit: throughput, p50, p99, errors.

    # 1. serve the demo data (another shell), limits raised: every client is 127.0.0.1
    REMIT_PAY_RATE_LIMIT_PER_IP=1000000 REMIT_PAY_RATE_LIMIT_PER_HASH=1000000 \\
    DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
    REMIT_PUBLIC_BASE_URL=http://127.0.0.1:8000 DJANGO_SECURE_SSL_REDIRECT=false \\
    DATABASE_URL=... scripts/serve.sh
    # 2. the same DATABASE_URL here (to find invoice links and issue an API key)
    DATABASE_URL=... .venv/bin/python benchmarks/load.py \\
        --base http://127.0.0.1:8000 [--clients 50] [--seconds 60]

Or `--serve` (no `--base`): starts its own gunicorn (`--workers`, default 4) on a
free loopback port with production settings and the raised limits, and stops it.

Each client sends one request after another, for `--seconds`: the hosted invoice
page (50%), its PDF (20%), and the four dialects' invoice lists (30%, 100 rows a
page). Bounded: at most 200 clients and 600 s, loopback addresses only; it stops by
itself. A response other than 200 counts as an error (by kind: 429 means the
server's pay/PDF limits were not raised). The API key it issues is revoked at the end.
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from apps.accounts.models import User  # noqa: E402
from apps.accounts.services import (  # noqa: E402
    api_key_create,
    api_key_revoke,
    session_token_create,
)
from apps.invoices.models import Invoice  # noqa: E402
from benchmarks._served import Result, Server, run_load  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
RAISED_LIMITS = {
    "REMIT_PAY_RATE_LIMIT_PER_IP": "1000000",
    "REMIT_PAY_RATE_LIMIT_PER_HASH": "1000000",
}


def _targets():
    hashes = list(
        Invoice.objects.alive()
        .exclude(status=Invoice.Status.DRAFT)
        .order_by("-id")
        .values_list("public_hash", flat=True)[:50]
    )
    user = User.objects.filter(is_staff=True, is_active=True).order_by("id").first()
    if not hashes or user is None:
        raise SystemExit("no sent invoice or staff user: load the demo data first")
    issued = api_key_create(user=user, name="load benchmark")
    session = session_token_create(api_key=issued.api_key)
    return hashes, issued, session


def _mix(hashes, key, session):
    json_headers = {"Content-Type": "application/json", "Accept": "application/json"}
    apis = [
        ("fusioninvoice list", "GET",
         "/api/v1/invoices?paginated_response=1&per_page=100",
         {**json_headers, "Authorization": f"Bearer {key}"}, b""),
        ("fusebill list", "GET", "/fusebill/v1/Invoices?pageSize=100",
         {**json_headers, "Authorization": f"Basic {key}"}, b""),
        ("fluidpay search", "POST", "/fluidpay/api/invoices/search",
         {**json_headers, "Authorization": key},
         json.dumps({"limit": 100, "offset": 0}).encode()),
        ("timetap OPEN", "GET",
         "/timetap/live/invoices/status/OPEN?pageNumber=1&pageSize=100",
         {**json_headers, "Authorization": f"Bearer {session}"}, b""),
    ]  # fmt: skip
    rng = random.Random(7)

    def request(i):
        roll = rng.random()
        public_hash = hashes[i % len(hashes)]
        if roll < 0.5:
            return ("hosted page", "GET", f"/invoice/{public_hash}", {}, b"")
        if roll < 0.7:
            return ("pdf", "GET", f"/invoice/{public_hash}/pdf", {}, b"")
        return apis[i % len(apis)]

    return request


def _report(result: Result, clients: int) -> None:
    print(result.line(f"{clients} clients, {result.elapsed:.0f} s"))
    for kind, count in sorted(result.error_kinds.items()):
        print(f"  error {kind}: {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="http://127.0.0.1:PORT of a served Remit")
    parser.add_argument("--serve", action="store_true", help="start gunicorn here")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if bool(args.base) == args.serve:
        raise SystemExit("give either --base or --serve")
    hashes, issued, session = _targets()
    request = _mix(hashes, issued.key, session)
    count, vendor = Invoice.objects.count(), connection.vendor
    connection.close()
    try:
        if args.serve:
            os.environ.update(RAISED_LIMITS)
            with Server(workers=args.workers) as server:
                print(f"{count} invoices on {vendor}; gunicorn {args.workers} workers")
                _report(run_load(server.port, request, clients=args.clients,
                                 seconds=args.seconds), args.clients)  # fmt: skip
        else:
            parts = urlsplit(args.base)
            if parts.scheme != "http" or parts.hostname not in LOOPBACK:
                raise SystemExit("--base must be http:// on a loopback address")
            print(f"{count} invoices on {vendor}; against {args.base}")
            _report(run_load(parts.port or 80, request, clients=args.clients,
                             seconds=args.seconds), args.clients)  # fmt: skip
    finally:
        api_key_revoke(api_key=issued.api_key)


if __name__ == "__main__":
    main()
