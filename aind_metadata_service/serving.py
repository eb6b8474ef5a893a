"""Gunicorn settings shared by gunicorn.conf.py and the `serve` command, so both run the service alike."""

from __future__ import annotations

import atexit
import json
import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker

# Threads, not processes, carry concurrent requests: source calls wait on I/O, and each process keeps its
# own connection pools and cache (REDIS_URL shares the cache across processes and hosts).
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:5000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
worker_class = "aind_metadata_service.serving.EnvelopeWorker"  # gthread, answering its own refusals in JSON
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # above every source's own timeout
graceful_timeout = 20
keepalive = 5  # nginx keeps upstream connections alive
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app is built once in the master, then forked: one import of aind-data-schema, not one per worker, and
# a bad setting stops startup with one line (ConfigError is a RuntimeError, which gunicorn prints as "Error: ...").
preload_app = True
# Request line and each header up to 8190 bytes (gunicorn's maximum); the README's nginx sample refuses longer
# ones first (large_client_header_buffers 4 8k). Either way the answer is JSON, not an HTML page.
limit_request_line = 8190
limit_request_field_size = 8190
# The app writes one structured line per request (web/logs.py); GUNICORN_ACCESS_LOG=- brings gunicorn's back.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
TOO_LONG = {
    LimitRequestLine: (414, "URI Too Long", "The request line is longer than {limit} bytes."),
    LimitRequestHeaders: (431, "Request Header Fields Too Large", "A request header is longer than {limit} bytes."),
}


class EnvelopeWorker(ThreadWorker):
    """gunicorn's threaded worker; a request line or header over the limits is answered in the envelope."""

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        """The envelope for the limits; anything else as gunicorn answers it."""
        found = next((v for k, v in TOO_LONG.items() if isinstance(exc, k)), None)
        if found is None:
            super().handle_error(req, client, addr, exc)
            return
        status, reason, message = found
        limit = limit_request_line if status == 414 else limit_request_field_size
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        body = json.dumps({"message": message.format(limit=limit), "data": None}).encode()
        head = f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
        try:
            write_nonblock(client, head.encode("latin1") + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        except OSError:
            self.log.debug("Failed to send error message.")


def metrics_dir() -> str:
    """Where the workers' metrics meet: PROMETHEUS_MULTIPROC_DIR, emptied, or a new directory removed at exit.

    Call it in gunicorn's master before the app (and so prometheus_client) is imported: the client picks its
    multiprocess mode from this variable when it is first imported.
    """
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        for stale in Path(given).glob("*.db"):  # a previous run's workers would be counted as live
            stale.unlink()
        return given
    made = tempfile.mkdtemp(prefix="aind-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = made
    master = os.getpid()

    def remove() -> None:
        """Only the master removes it: forked workers inherit this exit hook."""
        if os.getpid() == master:
            shutil.rmtree(made, ignore_errors=True)

    atexit.register(remove)
    return made


def child_exit(server: Any, worker: Any) -> None:
    """Gunicorn hook: a dead worker's live gauges leave /metrics."""
    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker: Any) -> None:
    """Gunicorn hook, as a worker boots: it signs in to its sources (its first answer needs no token trip), then
    starts its own background health checks (threads and connections of the master do not survive fork)."""
    from aind_metadata_service.boot import warm

    warm(worker.wsgi)
    health = getattr(worker.wsgi, "extensions", {}).get("aind_metadata_service")
    if health is not None and "health" in health.extras:
        health.extras["health"].ensure_started()


SETTINGS = {
    name: globals()[name]
    for name in (
        "bind",
        "workers",
        "worker_class",
        "threads",
        "timeout",
        "graceful_timeout",
        "keepalive",
        "forwarded_allow_ips",
        "preload_app",
        "limit_request_line",
        "limit_request_field_size",
        "accesslog",
        "errorlog",
        "loglevel",
        "child_exit",
        "post_worker_init",
    )
}
