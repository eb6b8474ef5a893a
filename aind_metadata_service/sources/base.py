"""What every source shares: its error type and an HTTP session with timeouts and retries."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Self, TypeVar, cast
from urllib.parse import urlsplit

import requests
from flask import current_app
from pydantic import ValidationError
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3.util.retry import Retry

from aind_metadata_service import breakers, deadline
from aind_metadata_service.cache import Cache


class SourceError(Exception):
    """A source could not answer. Carries the status our API gives and a message naming the source."""

    source: ClassVar[str] = "A source"

    def __init__(self, message: str, status: int = 500) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.out_of_time = False  # the request's deadline, not the source, ended the call

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


class _Session(requests.Session):
    """requests' Session, reading the environment's proxy and CA settings once per host, not on every call.

    requests walks the whole environment twice per call for them (about 0.1 ms of CPU); they do not change while
    the service runs. Per host, so NO_PROXY still applies as requests reads it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}

    def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
        """requests' merge, remembered for each host and set of arguments (a source asks one or two hosts)."""
        if not self.trust_env or proxies:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(str(url))
        key = (parts.scheme, parts.netloc, stream, verify, cert)
        if key not in self._environment:
            found = super().merge_environment_settings(url, proxies, stream, verify, cert)
            if len(self._environment) >= ENVIRONMENT_HOSTS:
                return found
            self._environment[key] = dict(found)
        kept = self._environment[key]
        return {name: dict(value) if isinstance(value, dict) else value for name, value in kept.items()}


ENVIRONMENT_HOSTS = 32  # hosts whose settings a session remembers; others are read on every call, as requests does


class TimeoutAdapter(HTTPAdapter):
    """A transport that gives every call a timeout (the source's, or the time left in the request) unless the
    caller gave one: for libraries that call without one (aind-data-access-api)."""

    def __init__(self, timeout_s: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timeout_s = timeout_s

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        """Send with the caller's timeout, or ours."""
        kwargs["timeout"] = kwargs.get("timeout") or deadline.timeout(self.timeout_s) or deadline.MIN_TIMEOUT_S
        return super().send(request, *args, **kwargs)


def http_session(
    adapter: BaseAdapter | None = None, retries: int = 2, timeout_s: float | None = None
) -> requests.Session:
    """A session reused for every call to one source; idempotent calls retry on 502/503/504, writes never do.

    `timeout_s` gives every call a timeout, for a library that calls the session without one.
    """
    session = _Session()
    # A transport of its own (the demo's) reaches no network: reading proxy settings from the environment,
    # which requests does on every call, would only cost time.
    session.trust_env = adapter is None
    if adapter is None:
        retry = Retry(
            total=retries,
            backoff_factor=0.2,
            status_forcelist=(502, 503, 504),
            allowed_methods=frozenset({"GET", "HEAD"}),
            raise_on_status=False,
        )
        options: dict[str, Any] = {"max_retries": retry, "pool_maxsize": 16}
        adapter = TimeoutAdapter(timeout_s, **options) if timeout_s is not None else HTTPAdapter(**options)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


_guarding: ContextVar[frozenset[str]] = ContextVar("guarding", default=frozenset())


@contextmanager
def guarded(error: type[SourceError]) -> Iterator[None]:
    """A call to the source through its circuit breaker (in a request): skipped while the source keeps failing.

    A 503 (unreachable, timed out, unavailable) counts as a failure; any other outcome shows the source answers.
    """
    breaker = breakers.current(error.source)
    if breaker is None or error.source in _guarding.get():  # a call inside a call (a token for a page) counts once
        yield
        return
    if not breaker.allow():
        raise error(breaker.skipped_message(error.source), 503)
    token = _guarding.set(_guarding.get() | {error.source})
    try:
        yield
    except SourceError as e:
        if e.out_of_time:
            breaker.released()
        elif e.status == 503:
            breaker.failed()
        else:
            breaker.succeeded()
        raise
    except BaseException:
        breaker.released()
        raise
    finally:
        _guarding.reset(token)
    breaker.succeeded()


def out_of_time(error: type[SourceError]) -> SourceError:
    """The request's deadline cut a call to the source short, or left no time to make it: 503, naming it."""
    found = error(deadline.exceeded_message(error.source), 503)
    found.out_of_time = True
    return found


@contextmanager
def translated(error: type[SourceError], timeout_s: float) -> Iterator[float]:
    """One call to a source: through its breaker, with the transport timeout to use (the source's own, or the
    time left in the request), every requests failure turned into the source's error with the contract's
    status and no upstream text.
    """
    with guarded(error):
        limit = deadline.timeout(timeout_s)
        if limit is None:
            raise out_of_time(error)
        try:
            yield limit
        except requests.Timeout:
            if limit < timeout_s:
                raise out_of_time(error) from None
            raise error.unreachable(f"timed out after {timeout_s:g} s") from None
        except requests.ConnectionError:
            raise error.unreachable() from None
        except requests.HTTPError as e:
            raise from_status(error, e.response.status_code if e.response is not None else 500) from None
        except (requests.RequestException, ValueError):
            raise error.failed("answered with unreadable data") from None


def odata_literal(value: str) -> str:
    """A string literal for an OData filter (Graph, Dataverse): single quotes, a quote inside doubled, so a value
    cannot end the literal."""
    return "'" + value.replace("'", "''") + "'"


@contextmanager
def shaped(error: type[SourceError], said: str = "answered") -> Iterator[None]:
    """Typing a source's answer: a shape the code does not expect is the source's 500, "<said> in an unexpected
    shape", without the validation's text (it quotes the answer)."""
    try:
        yield
    except ValidationError:
        raise error.failed(f"{said} in an unexpected shape") from None


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
    with translated(error, timeout_s) as limit:
        response = session.get(url, params=params, headers=headers, auth=auth, timeout=limit)
        response.raise_for_status()
        return response.json()


EXTENSION = "aind_metadata_service"
C = TypeVar("C")


@dataclass(frozen=True)
class Source(Generic[C]):
    """One registry entry: how the factory builds a source's client, and the typed way views reach it.

    The folder `package` names holds `blueprint.py` (its routes) and, for the demo only, `demo.py` with
    `demo_client(demo, cache)`; production code never imports the demo.
    """

    name: str
    title: str
    settings: type[Any]
    build: Callable[[Any, Any], C]  # (settings, the app's cache) -> client
    package: str

    def client(self) -> C:
        """This app's client for the source.

        :raises NotConfigured: 503 naming the source when this deployment has no settings for it.
        """
        found = self.optional()
        if found is None:
            raise NotConfigured(self.title)
        return found

    def optional(self) -> C | None:
        """This app's client for the source, or None when it is not configured."""
        return cast("C | None", current_app.extensions[EXTENSION].clients.get(self.name))


class HttpClient:
    """What an HTTP source's client holds: its settings (with `timeout_s`), one reused session, the shared cache."""

    def __init__(self, settings: Any, session: requests.Session | None = None, cache: Cache | None = None) -> None:
        self.settings = settings
        self.timeout_s = float(settings.timeout_s)
        self._session = session or http_session()
        self._cache = cache or Cache()

    @classmethod
    def from_settings(cls, settings: Any, cache: Cache | None = None) -> Self:
        """A client on a new session; pass the app's shared cache."""
        return cls(settings, cache=cache)
