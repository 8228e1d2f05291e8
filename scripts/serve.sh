#!/usr/bin/env bash
# Run Remit for real: check, migrate, collect static files (hashed names, for
# WhiteNoise), then serve with gunicorn and config.settings.production.
# Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and REMIT_PUBLIC_BASE_URL (see
# README "Running in production"); run scripts/worker.sh beside it for email.
#   REMIT_BIND          address to listen on      (default 127.0.0.1:8000)
#   REMIT_WEB_WORKERS   gunicorn worker processes (default 2 x CPUs + 1)
#   REMIT_MIGRATE       0 skips migrate: with several web servers, let one migrate
#   REMIT_COLLECTSTATIC 0 skips collectstatic (an image that collected at build time)
#   REMIT_FORWARDED_ALLOW_IPS  proxies trusted for X-Forwarded-Proto (default 127.0.0.1)
#   REMIT_PROXY_PROTOCOL       1: the proxy speaks the PROXY protocol (HAProxy, AWS NLB,
#                              nginx proxy_protocol), so REMOTE_ADDR is the customer's
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
BIND=${REMIT_BIND:-127.0.0.1:8000}
WORKERS=${REMIT_WEB_WORKERS:-$((2 * $(nproc) + 1))}

"$PYTHON" manage.py check
if [ "${REMIT_MIGRATE:-1}" != "0" ]; then
  "$PYTHON" manage.py migrate --noinput
fi
if [ "${REMIT_COLLECTSTATIC:-1}" != "0" ]; then
  "$PYTHON" manage.py collectstatic --noinput --verbosity 0
fi

PROXY_ARGS=()
if [ "${REMIT_PROXY_PROTOCOL:-0}" = "1" ]; then
  PROXY_ARGS=(--proxy-protocol --proxy-allow-from "${REMIT_FORWARDED_ALLOW_IPS:-127.0.0.1}")
fi
# No gunicorn access log: Remit logs each request itself, as JSON with its id.
exec "$PYTHON" -m gunicorn config.wsgi:application "${PROXY_ARGS[@]}" \
  --bind "$BIND" \
  --workers "$WORKERS" \
  --timeout "${REMIT_WEB_TIMEOUT:-30}" \
  --graceful-timeout 20 \
  --max-requests 2000 --max-requests-jitter 200 \
  --forwarded-allow-ips "${REMIT_FORWARDED_ALLOW_IPS:-127.0.0.1}" \
  --error-logfile -
