#!/usr/bin/env bash
# Start Remit on a fresh machine that has only Python 3.11+:
# create .venv, install, migrate, load the demo data, and serve on 127.0.0.1:8000.
# Safe to run again: the install is skipped when nothing changed and the demo loads once.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
ADDRESS=${REMIT_ADDRESS:-127.0.0.1:8000}
# Customer links in emails, PDFs and API answers point where this server listens,
# unless REMIT_PUBLIC_BASE_URL says otherwise (e.g. a public name in front of it).
export REMIT_PUBLIC_BASE_URL=${REMIT_PUBLIC_BASE_URL:-http://$ADDRESS}

if [ ! -x .venv/bin/python ]; then
  echo "== Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f .venv/.remit-installed ] || [ pyproject.toml -nt .venv/.remit-installed ]; then
  echo "== Installing Remit and its dependencies (a minute the first time)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e .
  touch .venv/.remit-installed
fi

echo "== Migrating the database"
.venv/bin/python manage.py migrate --noinput
echo "== Loading the demo data"
.venv/bin/python manage.py load_demo

cat <<MSG

  Remit is starting at http://$ADDRESS/
    Staff sign-in:  http://$ADDRESS/accounts/login/
    Email:          demo@remit.local
    Password:       remit-demo
    Admin:          http://$ADDRESS/admin/
    API reference:  http://$ADDRESS/api/docs/
  Stop with Ctrl-C.

MSG
exec .venv/bin/python manage.py runserver "$ADDRESS"
