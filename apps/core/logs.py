"""Structured logs: one JSON object per line on stdout, each with the request id.

`RequestIdMiddleware` gives every request an id (the caller's `X-Request-ID` when it
is a sane token, e.g. from the load balancer, otherwise a new one), answers it in the
`X-Request-ID` header, and logs one `remit.request` line per request: method, the
route pattern (never the path: hosted-page paths hold the invoice's secret hash),
status and duration. `JsonFormatter` writes any record as JSON with that id, so a
customer's "request id" finds every line the request wrote.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar(
    "request_id", default="-"
)
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_logger = logging.getLogger("remit.request")

# Attributes every LogRecord has; anything else was passed in `extra` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex
        token = request_id_var.set(request_id)
        request.request_id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            request_logger.info(
                "%s %s %s",
                request.method,
                match.route if match else "(unrouted)",
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)
