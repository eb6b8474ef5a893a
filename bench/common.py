"""Benchmark plumbing: start gunicorn apps on loopback, load them for a bounded time, report requests/s."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(app: str, env: dict[str, str] | None = None, workers: int = 2) -> Iterator[str]:
    """Serve a factory string under the project's gunicorn settings; yields the base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "/dev/null",
        "--log-level",
        "warning",
        app,
    ]
    # The servers' logs (one JSON line per request) go to a file, as a deployment's log driver takes them: a pipe
    # to a terminal or a filter would make the measured service wait on, and share its CPU with, the reader.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})}, stderr=log, stdout=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)  # gunicorn's graceful timeout is 20 s
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def fetch(url: str) -> tuple[int, bytes]:
    """Status and body of one GET."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def load(url: str, seconds: float = 5.0, connections: int = 16) -> float:
    """Requests per second over a bounded run: wrk when installed, otherwise keep-alive Python threads."""
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", url], capture_output=True, text=True, check=True
        ).stdout
        return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    host, path = url.split("//", 1)[1].split("/", 1)
    count = [0] * connections
    stop = time.monotonic() + seconds

    def worker(i: int) -> None:
        connection = HTTPConnection(host, timeout=30)
        while time.monotonic() < stop:
            connection.request("GET", "/" + path)
            connection.getresponse().read()
            count[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(connections)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(count) / (time.monotonic() - started)
