"""Gunicorn settings shared by gunicorn.conf.py and the `serve` command, so both run the service alike."""

from __future__ import annotations

import multiprocessing
import os

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
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

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
    )
}
