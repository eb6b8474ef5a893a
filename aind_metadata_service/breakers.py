"""Circuit breakers, one per source and process: a source failing N times in a row is skipped for a cool-down.

After the cool-down one call is let through as a probe: its success closes the breaker, its failure opens it
again. Only the state changes take the lock, never the call (pybreaker holds its lock for the whole call, which
would let one source call at a time through). A breaker counts failures of reach (timeouts, refused
connections, 502/503/504), not a source's answers about one question.
"""

from __future__ import annotations

import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timezone

CLOSED, OPEN, PROBING = "closed", "open", "probing"
clock = time.monotonic  # tests replace it to move time on


@dataclass
class Breaker:
    """One source's breaker."""

    failures_to_open: int
    cooldown_s: float
    state: str = CLOSED
    failures: int = 0
    since: datetime | None = None  # when the current streak of failures began (wall clock, for messages)
    opened_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allow(self) -> bool:
        """Whether a call may go to the source now (after the cool-down, one probe at a time)."""
        with self._lock:
            if self.state == CLOSED:
                return True
            if self.state == OPEN and clock() - self.opened_at >= self.cooldown_s:
                self.state = PROBING
                return True
            return False

    def succeeded(self) -> None:
        """The source answered: close."""
        with self._lock:
            self.state, self.failures, self.since = CLOSED, 0, None

    def failed(self) -> None:
        """The source could not be reached: count, and open at the threshold (or when a probe fails)."""
        with self._lock:
            self.failures += 1
            self.since = self.since or datetime.now(timezone.utc)
            if self.state == PROBING or self.failures >= self.failures_to_open:
                self.state, self.opened_at = OPEN, clock()

    def released(self) -> None:
        """A probe ended without an answer either way (e.g. its request ran out of time): let another probe."""
        with self._lock:
            if self.state == PROBING:
                self.state = OPEN

    def skipped_message(self, source: str) -> str:
        """What an answer says while the source is skipped."""
        since = self.since.strftime("%Y-%m-%dT%H:%M:%SZ") if self.since else "recently"
        return f"skipped: {source} failing since {since}"


class Breakers:
    """The app's breakers, by source title, made on first use."""

    def __init__(self, failures_to_open: int = 5, cooldown_s: float = 30.0) -> None:
        self.failures_to_open, self.cooldown_s = failures_to_open, cooldown_s
        self._found: dict[str, Breaker] = {}
        self._lock = threading.Lock()

    def __getitem__(self, source: str) -> Breaker:
        with self._lock:
            if source not in self._found:
                self._found[source] = Breaker(self.failures_to_open, self.cooldown_s)
            return self._found[source]

    def states(self) -> dict[str, str]:
        """Each known source's state, for /healthz and tests."""
        with self._lock:
            return {name: b.state for name, b in self._found.items()}


_current: ContextVar[Breakers | None] = ContextVar("breakers", default=None)


def activate(found: Breakers | None) -> None:
    """Source calls in the rest of this context (a request) go through these breakers; None: no breakers."""
    _current.set(found)


def current(source: str) -> Breaker | None:
    """The source's breaker in this request, or None outside a request."""
    found = _current.get()
    return None if found is None else found[source]
