"""Run calls at the same moment on their own threads, as concurrent requests would.

Each thread gets its own database connection (closed when it is done), so the tests
that use this need real transactions: `django_db(transaction=True)`. SQLite's test
database is a file (config/settings/test.py) so its write lock is really contended.
"""

import threading
from collections.abc import Callable


def run_together(calls: list[Callable[[], object]]) -> tuple[list, list[BaseException]]:
    """Start every call at once (behind a barrier); return (results, errors), each in
    the order the calls finished."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list = []
    errors: list[BaseException] = []

    def target(call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results.append(call())
        except BaseException as exc:  # noqa: BLE001 collected and asserted by the caller
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a call never finished"
    return results, errors
