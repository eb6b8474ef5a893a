"""One deadline per request: set when the request starts, read by the fan-out and by every source call under it.

The deadline lives in a context variable, so fan-out tasks (run in a copy of the request's context) see it too.
Outside a request (the command line, a worker warming its tokens) there is none, and each source's own timeout
applies alone.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

MIN_TIMEOUT_S = 0.05  # a transport timeout below this cannot even connect: the call is not worth making
clock = time.monotonic  # tests replace it to move time on


@dataclass(frozen=True)
class Deadline:
    """When the request must have answered (on `clock`), and how long it was given."""

    end: float
    seconds: float

    def remaining(self) -> float:
        """Seconds left, never negative."""
        return max(0.0, self.end - clock())


_current: ContextVar[Deadline | None] = ContextVar("request_deadline", default=None)


def start(seconds: float) -> Any:
    """Start this request's deadline; returns a token for `reset`."""
    return _current.set(Deadline(clock() + seconds, seconds))


def enter(found: Deadline) -> None:
    """Run the rest of this context (a fan-out task's copy) under the deadline."""
    _current.set(found)


def clear() -> None:
    """No deadline for the rest of this context (after a request, in a thread that serves the next)."""
    _current.set(None)


def reset(token: Any) -> None:
    """End the request's deadline."""
    _current.reset(token)


@contextmanager
def within(seconds: float) -> Iterator[Deadline]:
    """A deadline for the block (tests, and work done outside a request)."""
    token = start(seconds)
    try:
        yield current()  # type: ignore[misc]
    finally:
        reset(token)


def current() -> Deadline | None:
    """This request's deadline, or None outside a request."""
    return _current.get()


def remaining(default: float | None = None) -> float | None:
    """Seconds left in this request, or `default` outside a request."""
    found = _current.get()
    return default if found is None else found.remaining()


def timeout(own_s: float) -> float | None:
    """A transport timeout: the source's own, or the time the request has left if that is shorter.

    None means the request has no time left for another call.
    """
    found = _current.get()
    if found is None:
        return own_s
    left = found.remaining()
    return None if left < MIN_TIMEOUT_S else min(own_s, left)


def exceeded_message(source: str) -> str:
    """What to say when a source did not answer before the request's deadline."""
    found = _current.get()
    seconds = f" ({found.seconds:g} s)" if found is not None else ""
    return f"{source} did not answer within the request's deadline{seconds}"
