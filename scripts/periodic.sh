#!/usr/bin/env bash
# Periodic housekeeping, run by the scheduler in scripts/worker.sh or by
# deploy/systemd/remit-periodic.timer: expired sessions, old task results.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.production}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
"$PYTHON" manage.py clearsessions
# Finished tasks after 14 days; failed ones (their errors) after 30.
"$PYTHON" manage.py prune_db_task_results --queue-name '*' --min-age-days 14 \
  --failed-min-age-days 30
