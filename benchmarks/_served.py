"""Shared by hosted.py and load.py: start gunicorn on loopback, and an asyncio
HTTP/1.1 load generator with a bounded number of clients and a bounded time.

Only 127.0.0.1: the server binds there and the client refuses any other host.
"""

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_env(port: int) -> dict:
    env = dict(os.environ)
    env.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    env["DJANGO_ALLOWED_HOSTS"] = HOST
    env["REMIT_PUBLIC_BASE_URL"] = f"http://{HOST}:{port}"
    env["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    env.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    return env


def collectstatic(env: dict) -> None:
    if Path("/tmp/remit-bench-static/staticfiles.json").exists():
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Server:
    """gunicorn with `workers` sync workers on 127.0.0.1:<free port>; stops on exit."""

    def __init__(self, workers: int = 2, port: int | None = None):
        self.port = port or free_port()
        self.workers = workers
        self.env = server_env(self.port)
        self.proc = None

    def __enter__(self) -> "Server":
        collectstatic(self.env)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "benchmarks.bench_wsgi:application",
                "--bind",
                f"{HOST}:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                url = f"http://{HOST}:{self.port}/bench/bare"
                urllib.request.urlopen(url, timeout=2)
                return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def line(self, label: str) -> str:
        return (
            f"{label:<34}{self.count:>7} req {self.throughput:>8.1f} req/s  "
            f"p50 {self.pct(50) * 1000:>7.1f} ms  p99 {self.pct(99) * 1000:>7.1f} ms  "
            f"errors {self.errors}"
        )


async def _request(port: int, method: str, path: str, headers: dict, body: bytes):
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "Connection: close"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        data = await reader.read()  # Connection: close: read to the end
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status


async def _run(port, requests, clients, seconds, result: Result):
    """`requests`: a callable(i) -> (label, method, path, headers, body)."""
    stop = time.monotonic() + seconds
    counter = iter(range(10**12))

    async def client():
        while time.monotonic() < stop:
            label, method, path, headers, body = requests(next(counter))
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(
                    _request(port, method, path, headers, body), timeout=30
                )
            except (TimeoutError, OSError) as exc:
                status = type(exc).__name__
            took = time.perf_counter() - started
            if status == 200:
                result.latencies.append(took)
            else:
                result.errors += 1
                key = f"{label} {status}"
                result.error_kinds[key] = result.error_kinds.get(key, 0) + 1

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.elapsed = time.monotonic() - started


def run_load(port: int, requests, *, clients: int, seconds: float) -> Result:
    if clients > 200 or seconds > 600:
        raise SystemExit("bounded: at most 200 clients and 600 s")
    result = Result()
    asyncio.run(_run(port, requests, clients, seconds, result))
    return result


def median(values):
    return statistics.median(values)
