"""Structured logs through structlog: one line per request, JSON in production, readable on a terminal, no secrets."""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from collections.abc import Iterator, MutableMapping
from functools import lru_cache
from typing import Any, TextIO

import structlog
from flask import Flask, Response, g, request
from pydantic import BaseModel, SecretStr

from aind_metadata_service import calls
from aind_metadata_service.extension import Services
from aind_metadata_service.sources.base import EXTENSION

log = structlog.stdlib.get_logger("aind_metadata_service.requests")

REDACTED = "[redacted]"
SECRET_KEY = re.compile(r"secret|token|password|passwd|authorization|api_key|apikey|cookie", re.IGNORECASE)
BEARER = re.compile(r"(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE)
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
QUIET = {"/livez", "/readyz", "/metrics"}  # probed every few seconds: logged at DEBUG unless they fail
_SECRETS: set[str] = set()  # every secret value this process was configured with, scrubbed from every line
_HANDLER_NAME = "aind-metadata-service"


def _secret_values(obj: Any, depth: int = 3) -> Iterator[str]:
    """Every SecretStr value held by a client, its settings, or what they hold, a few levels down."""
    if isinstance(obj, SecretStr):
        yield obj.get_secret_value()
    elif isinstance(obj, BaseModel):
        for value in obj.__dict__.values():
            yield from _secret_values(value, depth)
    elif isinstance(obj, dict | list | tuple | set | frozenset) and depth > 0:
        for value in obj.values() if isinstance(obj, dict) else obj:
            yield from _secret_values(value, depth - 1)
    elif hasattr(obj, "__dict__") and depth > 0 and not isinstance(obj, type):
        for value in vars(obj).values():
            yield from _secret_values(value, depth - 1)


def remember_secrets(*holders: Any) -> None:
    """Scrub these objects' secret values from every log line from now on."""
    _SECRETS.update(s for h in holders for s in _secret_values(h) if len(s) >= 4)


@lru_cache(maxsize=1024)
def _secret_name(key: str) -> bool:
    """Whether a field's name says it holds a secret (the few names a process logs are checked once each)."""
    return SECRET_KEY.search(key) is not None


def _redact_keys(_logger: Any, _name: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """Fields named like secrets never carry their values."""
    for key in [k for k in event if _secret_name(k)]:
        event[key] = REDACTED
    return event


def _scrub(_logger: Any, _name: str, line: Any) -> str:
    """The rendered line without any configured secret value or credential header."""
    text = str(line)
    for secret in _SECRETS:
        text = text.replace(secret, REDACTED)
    return BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)


def _shared() -> list[Any]:
    """Processors for structlog's events and the standard library's records alike."""
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact_keys,
    ]


def formatter(fmt: str, colors: bool = False) -> logging.Formatter:
    """A formatter writing JSON ("json") or readable text ("text"), secrets scrubbed."""
    renderer: Any = structlog.processors.JSONRenderer()
    if fmt == "text":
        renderer = structlog.dev.ConsoleRenderer(colors=colors)
    tail = [structlog.processors.format_exc_info] if fmt == "json" else []
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.ExtraAdder(), *_shared()],
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *tail, renderer, _scrub],
    )


def configure(fmt: str = "", level: str = "INFO", stream: TextIO | None = None) -> None:
    """Send every log record of the process (ours and libraries') through one handler; idempotent."""
    stream = stream or sys.stderr
    fmt = fmt.lower() or ("text" if stream.isatty() else "json")
    if fmt not in ("json", "text"):
        raise ValueError(f"LOG_FORMAT must be json or text, not {fmt!r}")
    structlog.configure(
        processors=[*_shared(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(formatter(fmt, colors=fmt == "text" and stream.isatty()))
    root.addHandler(handler)
    root.setLevel(level.upper())
    # No line shows the thread, process or calling file: records need not look them up (the logging HOWTO's
    # "Optimization").
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False


def _begin() -> None:
    """Take or make the request id, bind it to every line of the request, and start its list of source calls."""
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_start = time.perf_counter()  # the line's duration_ms, and the metrics' latency
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=g.request_id)
    calls.start_request()


def _line(response: Response) -> Response:
    """Echo the request id and write the request's one line."""
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers["X-Request-ID"] = request_id
    made = calls.CALLS.get() or []
    fields: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "route": request.url_rule.rule if request.url_rule is not None else None,
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - g.get("request_start", time.perf_counter())) * 1000, 2),
        "client_ip": request.remote_addr,
        "cache": response.headers.get("X-Cache"),
        "calls": [c.as_log() for c in made],
        "failed_sources": sorted({c.source for c in made if c.outcome != "ok"}),
    }
    if request.query_string:
        fields["query"] = request.query_string.decode("utf-8", "replace")
    if response.status_code not in (200, 304) and (message := g.get("answer_message")):
        fields["message"] = message  # as the renderer wrote it: the body may be compressed by now
    quiet = request.path in QUIET and response.status_code < 400
    level = logging.DEBUG if quiet else logging.WARNING if response.status_code >= 500 else logging.INFO
    log.log(level, "request", **fields)
    return response


def _end(_error: BaseException | None) -> None:
    """Forget the request's bound fields, so a reused thread starts clean."""
    structlog.contextvars.clear_contextvars()
    calls.CALLS.set(None)


def init_app(app: Flask) -> None:
    """Configure logging for the process and log one line per request; register before other after-hooks."""
    configure(str(app.config.get("LOG_FORMAT") or ""), str(app.config.get("LOG_LEVEL") or "INFO"))
    state: Services = app.extensions[EXTENSION]
    remember_secrets(state.clients)
    app.before_request(_begin)
    app.after_request(_line)
    app.teardown_request(_end)
