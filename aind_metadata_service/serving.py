"""Gunicorn settings shared by gunicorn.conf.py and the `serve` command, so both run the service alike."""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

# Threads, not processes, carry concurrent requests: source calls wait on I/O, and each process keeps its
# own connection pools and cache (REDIS_URL shares the cache across processes and hosts).
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:5000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))  # above every source's own timeout
graceful_timeout = 20
keepalive = 5  # nginx keeps upstream connections alive
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app is built once in the master, then forked: one import of aind-data-schema, not one per worker, and
# a bad setting stops startup with one line (ConfigError is a RuntimeError, which gunicorn prints as "Error: ...").
preload_app = True
# The app writes one structured line per request (web/logs.py); GUNICORN_ACCESS_LOG=- brings gunicorn's back.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")



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
    """Gunicorn hook: start the worker's own background health checks as it boots (threads do not survive fork)."""
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
        "accesslog",
        "errorlog",
        "loglevel",
        "child_exit",
        "post_worker_init",
    )
}
