"""WSGI entry for the served benchmarks (settings: benchmarks.bench_settings)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.bench_settings")
application = get_wsgi_application()
