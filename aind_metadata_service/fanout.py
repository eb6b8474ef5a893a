"""Concurrent source calls on one bounded thread pool, each call with its own deadline."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextvars import ContextVar, copy_context
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from aind_metadata_service.calls import SourceCall, SourceNames, record, timed
from aind_metadata_service.sources.base import SourceError

log = logging.getLogger(__name__)

# One dict per source call (a fan-out task), for what a transport wants to note once per call (the demo's latency).
call_scope: ContextVar[dict[str, Any] | None] = ContextVar("source_call_scope", default=None)


def _in_scope(call: Callable[[], Any]) -> Any:
    """Run one source call in a scope of its own."""
    call_scope.set({})
    return call()


@dataclass
class Gathered:
    """What the sources gave, by name, and which of them failed."""

    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, SourceError] = field(default_factory=dict)


class Fanout:
    """Runs independent source calls at once; a route's latency is its slowest source's."""

    def __init__(self, workers: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="source")
        self.sources: SourceNames | None = None  # names each call's source in its record, once the app sets it

    def gather(self, calls: Mapping[str, Callable[[], Any]], deadline_s: float) -> Gathered:
        """Run every call concurrently; a call that fails or outlives the deadline becomes a failure.

        Calls must not gather themselves: the pool is bounded, and nesting could wait on itself.
        """
        futures = {name: self.pool.submit(copy_context().run, self._task, name, call) for name, call in calls.items()}
        end = time.monotonic() + deadline_s
        gathered = Gathered()
        for name, future in futures.items():
            try:
                gathered.results[name] = future.result(timeout=max(0.0, end - time.monotonic()))
            except SourceError as e:
                gathered.failures[name] = e
            except FutureTimeout:
                future.cancel()
                gathered.failures[name] = SourceError(f"{name} timed out after {deadline_s:g} s", 503)
                record(SourceCall(name, self._source(name, calls[name]), deadline_s * 1000, "timeout"), observed=False)
            except Exception:
                log.exception("reading %s failed", name)
                gathered.failures[name] = SourceError(f"{name} could not be read", 500)
        return gathered

    def _source(self, name: str, call: Callable[[], Any]) -> str:
        """The source a call reads, for its record."""
        return self.sources.of(name, call) if self.sources is not None else "other"

    def _task(self, name: str, call: Callable[[], Any]) -> Any:
        """One call on the pool, in a scope of its own, timed and recorded in the calling request's list."""
        with timed(str(name), self._source(name, call)):
            return _in_scope(call)

    def map(self, call: Callable[[Any], Any], keys: list[Any], deadline_s: float) -> Gathered:
        """The same call for each distinct key, concurrently (e.g. one TARS lookup per material)."""
        return self.gather({key: partial(call, key) for key in dict.fromkeys(keys)}, deadline_s)
