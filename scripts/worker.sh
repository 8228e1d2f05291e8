#!/usr/bin/env bash
# The background side of Remit in production: the task worker (`manage.py db_worker`,
# which sends queued email and retries failed sends) and, beside it, the scheduler
# that runs scripts/periodic.sh every REMIT_PERIODIC_SECONDS (default 3600).
# Under systemd the timer (deploy/systemd/remit-periodic.timer) schedules instead:
# set REMIT_SCHEDULER=0 there. Run as many workers as you like; one scheduler is enough.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
export PYTHON

if [ "${REMIT_SCHEDULER:-1}" != "0" ]; then
  (
    while sleep "${REMIT_PERIODIC_SECONDS:-3600}"; do
      bash scripts/periodic.sh || echo "periodic jobs failed; next run in an interval" >&2
    done
  ) &
  SCHEDULER=$!
fi
"$PYTHON" manage.py db_worker --queue-name '*' --no-reload &
WORKER=$!
# SIGTERM (systemd, docker stop) goes to the worker, which finishes its task first.
trap 'kill -TERM "$WORKER" ${SCHEDULER:-} 2>/dev/null || true' INT TERM
wait "$WORKER" || true
wait "$WORKER" 2>/dev/null || true
[ -n "${SCHEDULER:-}" ] && kill "$SCHEDULER" 2>/dev/null || true
