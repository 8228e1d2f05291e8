"""Production settings plus one bare view, for the served benchmarks only.

`benchmarks/hosted.py` and `benchmarks/load.py` start gunicorn with these: the same
middleware, templates and database as production, and `/bench/bare`, a view that
answers "ok" and touches nothing, as the server's own ceiling.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
STATIC_ROOT = "/tmp/remit-bench-static"  # collectstatic once, outside the worktree
SECURE_SSL_REDIRECT = False  # loopback, plain HTTP
