"""Health a load balancer can use: /livez, /readyz and /healthz, read from background checks of every source."""

from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_smorest import Blueprint

from aind_metadata_service import __version__
from aind_metadata_service.extension import Services, services
from aind_metadata_service.openapi import json_response
from aind_metadata_service.sources.base import EXTENSION, SourceError
from aind_metadata_service.web import metrics

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__, description="Liveness, readiness and each source's last check")

NOT_CONFIGURED = "not configured"
NOT_CHECKED = "not checked yet"


@dataclass(frozen=True)
class Check:
    """One source's last check: "ok" or what went wrong, and when (epoch seconds; None before the first)."""

    state: str
    at: float | None = None

    @property
    def ok(self) -> bool:
        """Whether the source answered its last ping."""
        return self.state == "ok"


class Checker:
    """Pings every configured source every interval on a background thread of this process; readers never wait."""

    _all: weakref.WeakSet[Checker] = weakref.WeakSet()

    def __init__(self, pings: Mapping[str, Callable[[], Any] | None], titles: Mapping[str, str], interval_s: float,
                 timeout_s: float) -> None:
        self.pings = dict(pings)
        self.titles = dict(titles)
        self.interval_s = interval_s
        self.timeout_s = timeout_s
        self.checks = {n: Check(NOT_CHECKED if p else NOT_CONFIGURED) for n, p in self.pings.items()}
        self.first_round = threading.Event()
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._pool: ThreadPoolExecutor | None = None
        # Every loop this checker started, each with its own stop switch and pool: a fork or a restart never
        # orphans a running loop, and stop() ends them all.
        self._loops: list[tuple[threading.Thread, threading.Event, ThreadPoolExecutor]] = []
        self._running: dict[str, Future[Any]] = {}
        Checker._all.add(self)

    def ensure_started(self) -> None:
        """Start the thread once in this process (gunicorn forks workers after the app may have been built)."""
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
            self._running = {}
            stop, pool = threading.Event(), ThreadPoolExecutor(max(1, len(self.pings)), thread_name_prefix="ping")
            thread = threading.Thread(target=self._loop, args=(stop, pool), name="health-checker", daemon=True)
            self._pool = pool
            self._loops.append((thread, stop, pool))
            thread.start()

    def stop(self) -> None:
        """Stop every loop this checker started, and their pings (tests; a worker exiting)."""
        with self._lock:  # a later request may start it again (a test's shared app)
            loops, self._loops, self._pid, self._pool = self._loops, [], None, None
        for _, stop, _ in loops:
            stop.set()
        for thread, _, pool in loops:
            if thread.is_alive() and thread is not threading.current_thread():
                thread.join(timeout=self.timeout_s + 1)
            pool.shutdown(wait=False, cancel_futures=True)

    @classmethod
    def stop_all(cls) -> None:
        """Stop every checker this process started."""
        for checker in list(cls._all):
            checker.stop()

    def _loop(self, stop: threading.Event, pool: ThreadPoolExecutor) -> None:
        """Check, then wait for the next round, until stopped."""
        while not stop.is_set():
            self.run_once(pool)
            self.first_round.set()
            stop.wait(self.interval_s)

    def run_once(self, pool: ThreadPoolExecutor | None = None) -> None:
        """Ping every configured source at once; a ping still running from the last round is not started again."""
        pool = pool or self._pool
        assert pool is not None
        for name, ping in self.pings.items():
            if ping is not None and (name not in self._running or self._running[name].done()):
                try:
                    self._running[name] = pool.submit(ping)
                except RuntimeError:  # stopped meanwhile: its pool takes no more pings
                    return
        end = time.monotonic() + self.timeout_s
        for name, future in list(self._running.items()):
            self._settle(name, future, end)

    def _settle(self, name: str, future: Future[Any], end: float) -> None:
        """Wait for one ping until the round's end and keep its result."""
        try:
            future.result(timeout=max(0.0, end - time.monotonic()))
            state = "ok"
        except SourceError as e:
            state = e.message
        except FutureTimeout:
            state = f"{self.titles[name]} did not answer its check within {self.timeout_s:g} s"
        except Exception as e:  # a check must never stop the checker; the type names what went wrong
            state = f"{self.titles[name]} check failed ({type(e).__name__})"
        if state != "ok" and self.checks[name].state != state:
            log.warning("health check failed: %s", state, extra={"source": name})
        self.checks[name] = Check(state, time.time())
        metrics.SOURCE_UP.labels(source=name).set(1 if state == "ok" else 0)

    def failing(self, names: list[str]) -> dict[str, str]:
        """Which of the named sources are not ok, by title, with why."""
        return {self.titles[n]: self.checks[n].state for n in names if not self.checks[n].ok}


def checker() -> Checker:
    """This app's checker."""
    found: Checker = services().extras["health"]
    return found


_TEXT = {"type": "string"}
_ALIVE = {"const": "alive"}
_BY_SOURCE = {"type": "object", "additionalProperties": _TEXT}


def _object(**properties: Any) -> dict[str, Any]:
    """The JSON schema of an object holding all these properties."""
    return {"type": "object", "required": list(properties), "properties": properties}


def _iso(at: float | None) -> str | None:
    """An epoch time as ISO 8601 UTC, to the second."""
    return datetime.fromtimestamp(at, timezone.utc).isoformat(timespec="seconds") if at is not None else None


@bp.route("/livez")
@bp.doc(summary="The process is up; no I/O", responses={"200": json_response("Alive", _object(status=_ALIVE))})
def livez() -> Response:
    """Always 200 while the process serves requests."""
    return jsonify({"status": "alive"})


@bp.route("/readyz")
@bp.doc(
    summary="503 while a source this deployment requires fails its checks",
    responses={
        "200": json_response("Ready", _object(status={"const": "ready"}, version=_TEXT)),
        "503": json_response(
            "Not ready: `failing` names each failing source and why",
            _object(status={"const": "not ready"}, message=_TEXT, failing=_BY_SOURCE),
        ),
    },
)
def readyz() -> Response:
    """Ready, or 503 naming each required source that is failing (read from the last checks, never pinged here).

    A worker's very first probe waits for its first round of checks (at most HEALTH_TIMEOUT_S) rather than
    answer "not checked yet"; every later one reads the last round at once.
    """
    extras = services().extras
    checks: Checker = extras["health"]
    if extras["required"]:  # only a worker's first probe can wait, and for one round at most
        checks.first_round.wait(checks.timeout_s + 1)
    failing = checks.failing(extras["required"])
    if not failing:
        return jsonify({"status": "ready", "version": __version__})
    why = "; ".join(w if w.startswith(t) else f"{t}: {w}" for t, w in failing.items())
    response = jsonify({"status": "not ready", "message": f"Not ready: {why}.", "failing": failing})
    response.status_code = 503
    return response


@bp.route("/healthz")
@bp.doc(
    summary="Each configured source's state from the background checks, and when each was last checked",
    responses={
        "200": json_response(
            "Each source: ok, not configured, or what went wrong; when it was last checked (null: not yet)",
            _object(
                status={"enum": ["ok", "degraded"]},
                version=_TEXT,
                sources=_BY_SOURCE,
                checked_at={"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            ),
        )
    },
)
def healthz() -> Response:
    """Each source's state: ok, not configured, or its failure message; the first call waits for the first round."""
    checks = checker()
    checks.first_round.wait(checks.timeout_s + 1)
    by_title = {checks.titles[n]: c for n, c in checks.checks.items()}
    failed = any(not c.ok and c.state != NOT_CONFIGURED for c in by_title.values())
    return jsonify(
        {
            "status": "degraded" if failed else "ok",
            "version": __version__,
            "sources": {t: c.state for t, c in by_title.items()},
            "checked_at": {t: _iso(c.at) for t, c in by_title.items()},
        }
    )


def _start_on_health_routes() -> None:
    """Start this process's checks on its first health or metrics request (gunicorn's workers start at boot)."""
    if request.endpoint and request.endpoint.partition(".")[0] in ("health", "metrics"):
        checker().ensure_started()


def init_app(app: Flask) -> None:
    """Register the health routes and this app's checker; it starts at worker boot or on a first health request."""
    state: Services = app.extensions[EXTENSION]
    pings = {n: getattr(c, "ping", None) for n, c in state.clients.items()}
    checks = Checker(pings, state.titles, float(app.config["HEALTH_INTERVAL_S"]), float(app.config["HEALTH_TIMEOUT_S"]))
    state.extras.update(health=checks, required=sorted(app.config["REQUIRED_SOURCES"]))  # known: create_app checked
    app.before_request(_start_on_health_routes)
