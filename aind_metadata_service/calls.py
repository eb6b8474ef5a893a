"""Records of source calls: each fan-out task appends one to the request's list, and listeners observe it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass
from time import perf_counter
from typing import Any

from aind_metadata_service.sources.base import SourceError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SourceCall:
    """One call to one source: what the fan-out named it, the source, how long it took, and how it ended."""

    name: str
    source: str
    duration_ms: float
    outcome: str  # ok | unreachable | failed | timeout | error

    def as_log(self) -> dict[str, Any]:
        """The record as a log field."""
        return asdict(self)


# The current request's calls. Fan-out tasks run in a copy of the request's context, so they share the list.
CALLS: ContextVar[list[SourceCall] | None] = ContextVar("source_calls", default=None)
# Called with every record, in the thread that made the call (metrics observe here).
LISTENERS: list[Callable[[SourceCall], None]] = []


def start_request() -> list[SourceCall]:
    """A fresh list of calls for the request that starts on this thread."""
    calls: list[SourceCall] = []
    CALLS.set(calls)
    return calls


def outcome_of(error: BaseException | None) -> str:
    """How a call ended, from what it raised."""
    if error is None:
        return "ok"
    if isinstance(error, SourceError):
        return "unreachable" if error.status == 503 else "failed"
    return "error"


def record(call: SourceCall, error: BaseException | None = None, observed: bool = True) -> None:
    """Keep the call for the request's log line, tell the listeners, and log a failure naming its source.

    A call the fan-out stopped waiting for is recorded twice: unobserved as "timeout" for the request's line,
    then observed with its real duration and outcome when it ends.
    """
    calls = CALLS.get()
    if calls is not None:
        calls.append(call)
    for listener in LISTENERS if observed else ():
        listener(call)
    if call.outcome != "ok":
        why = error.message if isinstance(error, SourceError) else type(error).__name__ if error else call.outcome
        log.warning(
            "source call failed: %s (%s): %s",
            call.source,
            call.name,
            why,
            extra={"source": call.source, "call": call.name, "outcome": call.outcome},
        )


@contextmanager
def timed(name: str, source: str) -> Iterator[None]:
    """Time the enclosed call and record it, with its outcome, as it leaves."""
    start = perf_counter()
    try:
        yield
    except BaseException as e:
        record(SourceCall(name, source, round((perf_counter() - start) * 1000, 1), outcome_of(e)), e)
        raise
    record(SourceCall(name, source, round((perf_counter() - start) * 1000, 1), "ok"))
