"""Concurrent source calls behind bulkheads: each source has its own bounded pool, all under the request's deadline.

A slow or failing source fills only its own pool: the calls of the others never wait behind it. A call waits for
its source's pool no longer than the request has left; one still queued when the deadline passes is dropped
without running, and one running has transport timeouts no longer than the time that was left (see
`aind_metadata_service.deadline`), so its thread is free soon after.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aind_metadata_service import deadline
from aind_metadata_service.calls import SourceCall, record, timed
from aind_metadata_service.sources.base import SourceError

log = logging.getLogger(__name__)

# One dict per source call (a fan-out task), for what a transport wants to note once per call (the demo's latency).
call_scope: ContextVar[dict[str, Any] | None] = ContextVar("source_call_scope", default=None)
BACKSTOP_S = 30.0  # outside a request, and when no deadline is given


@dataclass(frozen=True)
class Call:
    """One source call: the source whose bulkhead it takes (a registry name), and what to run."""

    source: str
    run: Callable[[], Any]


@dataclass
class Gathered:
    """What the sources gave, by name, and which of them failed."""

    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, SourceError] = field(default_factory=dict)


class Fanout:
    """Runs independent source calls at once; a route's latency is its slowest source's.

    `per_source` threads per source and process, unless `limits` names the source.
    """

    def __init__(self, per_source: int = 32, limits: Mapping[str, int] | None = None) -> None:
        self.per_source, self.limits = per_source, dict(limits or {})
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._busy: Counter[str] = Counter()
        self.started: Counter[str] = Counter()  # calls that ran, by source

    def limit(self, source: str) -> int:
        """How many calls to the source may run at once in this process."""
        return self.limits.get(source, self.per_source)

    def in_flight(self, source: str) -> int:
        """Calls to the source running now (its slots taken)."""
        with self._lock:
            return self._busy[source]

    def gather(self, calls: Mapping[str, Call], deadline_s: float | None = None) -> Gathered:
        """Run every call concurrently, each in its source's bulkhead; a call that fails or outlives the deadline
        (the request's, or `deadline_s` if sooner) is a failure.

        Calls must not gather on their own source: its pool is bounded, and nesting could wait on itself.
        """
        end = self._end(deadline_s)
        futures = {name: self._submit(call, name, end) for name, call in calls.items()}
        gathered = Gathered()
        for name, future in futures.items():
            try:
                gathered.results[name] = future.result(timeout=end.remaining())
            except SourceError as e:
                gathered.failures[name] = e
            except FutureTimeout:
                future.cancel()  # still queued: it never runs
                gathered.failures[name] = _late(name, end)
                record(SourceCall(name, calls[name].source, end.seconds * 1000, "timeout"), observed=False)
            except Exception:
                log.exception("reading %s failed", name)
                gathered.failures[name] = SourceError(f"{name} could not be read", 500)
        return gathered

    def map(
        self, call: Callable[[Any], Any], keys: list[Any], deadline_s: float | None = None, *, source: str
    ) -> Gathered:
        """The same call to one source for each distinct key, concurrently (e.g. one TARS lookup per material)."""
        return self.gather({key: Call(source, partial(call, key)) for key in dict.fromkeys(keys)}, deadline_s)

    def _end(self, deadline_s: float | None) -> deadline.Deadline:
        """When the gather gives up: the request's deadline, or `deadline_s` from now if that is sooner."""
        found = deadline.current()
        seconds = deadline_s if deadline_s is not None else BACKSTOP_S
        own = deadline.Deadline(deadline.clock() + seconds, seconds)
        if found is None or (deadline_s is not None and own.end < found.end):
            return own
        return found

    def _submit(self, call: Call, name: str, end: deadline.Deadline) -> Future[Any]:
        """Queue the call on its source's pool, in a copy of this context (the request's deadline and breakers)."""
        return self._pool(call.source).submit(copy_context().run, self._run, call, name, end)

    def _run(self, call: Call, name: str, end: deadline.Deadline) -> Any:
        """One call in a scope of its own, holding one of its source's slots, its transports timed by the gather's
        deadline; dropped unrun if that has passed."""
        if end.remaining() <= 0:
            raise _late(name, end)
        deadline.enter(end)
        call_scope.set({})
        with self._lock:
            self._busy[call.source] += 1
            self.started[call.source] += 1
        try:
            with timed(str(name), call.source):
                return call.run()
        finally:
            with self._lock:
                self._busy[call.source] -= 1

    def _pool(self, source: str) -> ThreadPoolExecutor:
        """The source's pool in this process (threads do not survive a fork: a forked worker makes its own)."""
        with self._lock:
            if self._pid != os.getpid():
                self._pools, self._busy, self._pid = {}, Counter(), os.getpid()
            if source not in self._pools:
                self._pools[source] = ThreadPoolExecutor(self.limit(source), thread_name_prefix=f"source-{source}")
            return self._pools[source]


def _late(name: str, end: deadline.Deadline) -> SourceError:
    """A call that did not answer in time: 503 naming it, and the deadline it missed."""
    if end is deadline.current():
        return SourceError(deadline.exceeded_message(name), 503)
    return SourceError(f"{name} timed out after {end.seconds:g} s", 503)
