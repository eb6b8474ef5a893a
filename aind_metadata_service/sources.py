"""What every source shares: its error type, an HTTP session with timeouts and retries, and the demo switches."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.util.retry import Retry


class SourceError(Exception):
    """A source could not answer. Carries the status our API gives and a message naming the source."""

    source: ClassVar[str] = "A source"

    def __init__(self, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    @classmethod
    def unreachable(cls, why: str = "is unreachable") -> SourceError:
        """The source did not answer: 503."""
        return cls(f"{cls.source} {why}", 503)

    @classmethod
    def failed(cls, why: str = "answered with an error") -> SourceError:
        """The source answered, but not usefully: 500."""
        return cls(f"{cls.source} {why}", 500)


class NotConfigured(SourceError):
    """A route needs a source that this deployment has no settings for."""

    def __init__(self, title: str) -> None:
        super().__init__(f"{title} is not configured", 503)


_charged: ContextVar[set[str] | None] = ContextVar("demo_latency_charged", default=None)


def source_call(call: Callable[[], Any]) -> Any:
    """Run one source call (a fan-out task) in its own scope for the demo's latency."""
    _charged.set(set())
    return call()


@dataclass(frozen=True)
class Demo:
    """The demo's switches: where its files are, the added latency, and which sources are down."""

    data_dir: Path
    latency_ms: int = 0
    failing: frozenset[str] = field(default_factory=frozenset)

    def call(self, source: str) -> None:
        """Run before every demo request: wait once per source call, then fail if the source is switched off.

        Inside a fan-out task (one question to one source) the latency is paid once, however many requests
        the client makes to answer it, as a round trip to a service would be; elsewhere, once per request.
        """
        charged = _charged.get()
        if self.latency_ms and (charged is None or source not in charged):
            time.sleep(self.latency_ms / 1000)
            if charged is not None:
                charged.add(source)
        if source in self.failing:
            raise requests.ConnectionError(f"demo: {source} is switched off")

    def load_json(self, relative: str) -> Any:
        """One demo file, parsed."""
        return json.loads((self.data_dir / relative).read_text(encoding="utf-8"))


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
        self.demo.call(self.source)
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


def http_session(adapter: BaseAdapter | None = None, retries: int = 2) -> requests.Session:
    """A session reused for every call to one source; idempotent calls retry on 502/503/504."""
    session = requests.Session()
    if adapter is None:
        retry = Retry(
            total=retries,
            backoff_factor=0.2,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            raise_on_status=False,
        )
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=16)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


@contextmanager
def translated(error: type[SourceError], timeout_s: float) -> Iterator[None]:
    """Turn a requests failure into the source's error, with the contract's status and no upstream text."""
    try:
        yield
    except requests.Timeout:
        raise error.unreachable(f"timed out after {timeout_s:g} s") from None
    except requests.ConnectionError:
        raise error.unreachable() from None
    except requests.HTTPError as e:
        raise from_status(error, e.response.status_code if e.response is not None else 500) from None
    except (requests.RequestException, ValueError):
        raise error.failed("answered with unreadable data") from None


def from_status(error: type[SourceError], status: int) -> SourceError:
    """The source's error for an upstream HTTP status."""
    if status in (401, 403):
        return error.unreachable("credentials rejected")
    if status in (502, 503, 504):
        return error.unreachable(f"is unavailable (HTTP {status})")
    return error.failed(f"answered with HTTP {status}")


def get_json(
    session: requests.Session,
    error: type[SourceError],
    url: str,
    timeout_s: float,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    auth: Any = None,
) -> Any:
    """GET a JSON answer from a source, translating every failure into its error.

    :raises SourceError: the source's subclass, with 503 or 500 as the contract says.
    """
    with translated(error, timeout_s):
        response = session.get(url, params=params, headers=headers, auth=auth, timeout=timeout_s)
        response.raise_for_status()
        return response.json()


@dataclass(frozen=True)
class SourceSpec:
    """How the factory builds one source's client: from its settings, or from the demo."""

    name: str
    title: str
    settings: type
    build: Callable[..., Any]
    demo: Callable[..., Any]
    cached: bool = False  # whether build and demo take the app's shared cache as `cache=`
