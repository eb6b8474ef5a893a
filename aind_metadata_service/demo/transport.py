"""The demo at the transport: its switches (latency, failing sources) and a requests adapter serving demo files."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import requests
from requests.adapters import BaseAdapter

from aind_metadata_service.fanout import call_scope


@dataclass(frozen=True)
class Demo:
    """The demo's switches: where its files are, the added latency, and which sources are down."""

    data_dir: Path
    latency_ms: int = 0
    failing: frozenset[str] = field(default_factory=frozenset)
    per_request: bool = False  # AIND_DEMO_CHARGE=request: the latency on every request, fan-out task or not

    def call(self, source: str, timeout_s: float | None = None) -> None:
        """Run before every demo request: wait once per source call, then fail if the source is switched off.

        Inside a fan-out task (one question to one source) the latency is paid once, however many requests
        the client makes to answer it, as a round trip to a service would be; elsewhere, or with `per_request`,
        once per request. A latency longer than the request's transport timeout times out as a real one would.
        """
        scope = None if self.per_request else call_scope.get()
        charged = scope.setdefault("demo_charged", set()) if scope is not None else None
        if self.latency_ms and (charged is None or source not in charged):
            wait_s = self.latency_ms / 1000
            if timeout_s is not None and timeout_s < wait_s:
                time.sleep(timeout_s)
                raise requests.ReadTimeout(f"demo: {source} did not answer within {timeout_s:g} s")
            time.sleep(wait_s)
            if charged is not None:
                charged.add(source)
        if source in self.failing:
            raise requests.ConnectionError(f"demo: {source} is switched off")

    def load_json(self, relative: str) -> Any:
        """One demo file, parsed once while it is unchanged: shared, so callers must only read it."""
        path = self.data_dir / relative
        stat = path.stat()
        return _parsed(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _parsed(path: Path, mtime_ns: int, size: int) -> Any:
    """A demo file's JSON, kept per version of the file (its modification time and size)."""
    return json.loads(path.read_text(encoding="utf-8"))


class DemoAdapter(BaseAdapter):
    """A requests transport that answers from a source's demo files, as the real source would."""

    def __init__(self, source: str, demo: Demo) -> None:
        super().__init__()
        self.source = source
        self.demo = demo

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """The status and JSON body the real source would give for this request."""
        raise NotImplementedError

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """Serve the request from demo files after the demo's latency and failure switches."""
        self.demo.call(self.source, _read_timeout(kwargs.get("timeout")))
        status, body = self.answer(request)
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url or ""
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        """Nothing to release."""


def _read_timeout(timeout: Any) -> float | None:
    """The read timeout a requests transport was given: a number, a (connect, read) pair, or None."""
    if isinstance(timeout, tuple):
        timeout = timeout[1]
    return None if timeout is None else float(timeout)
