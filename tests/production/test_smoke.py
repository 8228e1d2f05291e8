"""CI smoke test: boot the production command (scripts/serve.sh: check, migrate,
collectstatic, gunicorn with config.settings.production) on a free loopback port
against PostgreSQL and Redis, then sign in, open a hosted page and its static files,
download a PDF, call each API dialect once, read /healthz, and shut it down.

Runs in CI's PostgreSQL pass (`DATABASE_URL=postgres://...`); on SQLite it is
skipped, since a second process cannot see the test's SQLite file the same way.
Requests carry `X-Forwarded-Proto: https`, as from the TLS proxy in front, so the
production HTTPS settings (redirect, secure cookies, CSRF referer) stay on.
"""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django_tasks_db.models import DBTaskResult

from apps.accounts.services import api_key_create, timetap_signature
from tests.factories.accounts import UserFactory
from tests.factories.invoices import InvoiceFactory, item_data

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="boots gunicorn against PostgreSQL: run with DATABASE_URL=postgres://",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """urllib with a cookie store that ignores `Secure` (TLS ends at the proxy)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method, path, *, data=None, headers=None, body=None):
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, headers=headers, method=method
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers, response.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def served(tmp_path):
    port = _free_port()
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "REMIT_PUBLIC_BASE_URL": "https://billing.example.com",
        "DATABASE_URL": database_url,
        "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/13",
        "REMIT_BIND": f"127.0.0.1:{port}",
        "REMIT_WEB_WORKERS": "2",
        "EMAIL_URL": "consolemail://",
    }
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # collectstatic: ~10 s CPU
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                urllib.request.urlopen(base + "/healthz", timeout=10)
                break
            except OSError:  # refused while booting, or a slow first answer
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text()
                time.sleep(0.3)
        yield base, tmp_path / "serve.log", env
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _run_worker_until_the_queue_is_empty(env, folder: Path) -> None:
    log = (folder / "worker.log").open("w+")
    worker = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "worker.sh")],
        cwd=ROOT,
        env={**env, "REMIT_SCHEDULER": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.exclude(status="SUCCESSFUL").exists():
            assert worker.poll() is None, (folder / "worker.log").read_text()
            assert time.monotonic() < deadline, (folder / "worker.log").read_text()
            time.sleep(0.3)
        assert DBTaskResult.objects.filter(status="SUCCESSFUL").exists()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        log.close()
    assert "Subject: Invoice" in (folder / "worker.log").read_text()


def test_the_production_command_serves_every_door(served):
    base, log_path, env = served
    user = UserFactory()
    # Hashed as production hashes (the test settings use MD5, which it refuses).
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    invoice = InvoiceFactory(sent=True, items=[item_data()])
    issued = api_key_create(user=user)
    browser = Browser(base)
    started = time.monotonic()

    # /healthz: JSON, no sign-in, database + Redis + queue.
    status, headers, body = browser.request("GET", "/healthz")
    health = json.loads(body)
    assert (status, health["status"]) == (200, "ok"), health
    assert health["checks"]["cache"]["backend"] == "redis"
    assert headers["X-Request-ID"]

    # Staff sign-in through the real form, CSRF and all.
    status, _, body = browser.request("GET", "/accounts/login/")
    assert status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    status, headers, _ = browser.request(
        "POST",
        "/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.decode(),
            "username": user.email,
            "password": PASSWORD,
        },
        headers={
            "Referer": f"https://127.0.0.1:{base.rsplit(':', 1)[1]}/accounts/login/"
        },
    )
    assert status == 302, "sign-in failed"
    status, _, body = browser.request("GET", f"/invoices/{invoice.pk}/")
    assert status == 200 and invoice.number.encode() in body
    assert f"https://billing.example.com/invoice/{invoice.public_hash}".encode() in body

    # The hosted page, its hashed static files (WhiteNoise), and the PDF.
    customer = Browser(base)
    status, _, page = customer.request("GET", f"/invoice/{invoice.public_hash}")
    assert status == 200 and invoice.number.encode() in page
    css = re.search(rb'href="(/static/css/[^"]+\.[0-9a-f]{12}\.css)"', page)
    assert css, "static files are not served under hashed names"
    status, headers, _ = customer.request("GET", css.group(1).decode())
    assert status == 200 and "max-age=315360000" in headers["Cache-Control"]
    status, headers, pdf = customer.request(
        "GET", f"/invoice/{invoice.public_hash}/pdf"
    )
    assert status == 200 and pdf.startswith(b"%PDF-")

    # Each API dialect once.
    key = issued.key
    status, _, body = browser.request(
        "GET", "/api/v1/invoices", headers={"Authorization": f"Bearer {key}"}
    )
    assert status == 200 and json.loads(body)["success"] is True
    status, _, body = browser.request(
        "GET", "/fusebill/v1/Invoices", headers={"Authorization": f"Basic {key}"}
    )
    assert status == 200 and isinstance(json.loads(body), list)
    status, _, body = browser.request(
        "POST",
        "/fluidpay/api/invoices/search",
        body=b"{}",
        headers={"Authorization": key, "Content-Type": "application/json"},
    )
    assert status == 200 and json.loads(body)["status"] == "success"
    query = urllib.parse.urlencode(
        {
            "apiKey": issued.timetap_api_key,
            "timestamp": str(int(time.time())),
            "signature": timetap_signature(
                issued.timetap_api_key, issued.timetap_private_key
            ),
        }
    )
    status, _, body = browser.request("GET", f"/timetap/live/sessionToken?{query}")
    assert status == 200
    session = json.loads(body)["sessionToken"]
    status, _, body = browser.request(
        "GET",
        "/timetap/live/invoices/status/OPEN",
        headers={"Authorization": f"Bearer {session}"},
    )
    assert status == 200 and isinstance(json.loads(body), list)

    # An email through the API is queued (not "sent"); scripts/worker.sh sends it.
    status, _, body = browser.request(
        "POST",
        "/api/v1/invoices/email",
        body=json.dumps({"id": invoice.pk}).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    assert status == 200 and json.loads(body)["message"].endswith("queued successfully")
    _run_worker_until_the_queue_is_empty(env, log_path.parent)
    periodic = subprocess.run(
        ["bash", str(ROOT / "scripts" / "periodic.sh")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert periodic.returncode == 0, periodic.stdout + periodic.stderr

    assert time.monotonic() - started < 90
    # Structured logs: one JSON object per request line, with its request id.
    lines = [
        json.loads(line)
        for line in log_path.read_text().splitlines()
        if line.startswith("{")
    ]
    routes = [line for line in lines if line["logger"] == "remit.request"]
    assert routes and all(line["request_id"] != "-" for line in routes)
    assert invoice.public_hash not in log_path.read_text()
