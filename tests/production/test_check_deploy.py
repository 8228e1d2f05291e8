"""`manage.py check --deploy` with the production settings reports nothing, and the
production settings refuse to start without the variables they need."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "billing.example.com",
    "REMIT_PUBLIC_BASE_URL": "https://billing.example.com",
}


def _manage(*args, env=None):
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REMIT_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_with_production_settings_reports_no_issue():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    "missing", ["REMIT_PUBLIC_BASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"]
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr
