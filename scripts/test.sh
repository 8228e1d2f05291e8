#!/usr/bin/env bash
# Install Remit with its test tools into .venv and run the whole suite (or the paths
# and options given: `bash scripts/test.sh tests/invoices -x`).
# DATABASE_URL picks the database (SQLite when unset; for PostgreSQL, pytest-django
# creates and drops test_<name>). Browser tests use Debian's /usr/bin/chromium
# (the `chromium` package) through the playwright package; no `playwright install`.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# Reinstall only when pyproject.toml changed since the last test install.
if [ ! -f .venv/.remit-installed-test ] || [ pyproject.toml -nt .venv/.remit-installed-test ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch .venv/.remit-installed-test .venv/.remit-installed
fi
exec .venv/bin/python -m pytest "$@"
