"""The one place that turns every error into an answer in the request's dialect."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, InternalServerError

from aind_metadata_service.render import root, v2
from aind_metadata_service.sources.base import SourceError

log = logging.getLogger(__name__)


def _messages(data: Any) -> str:
    """One sentence from webargs' nested error messages: 'subject_id: must be digits'."""
    parts: list[str] = []

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path if k in {"path", "query", "view_args", "json"} else [*path, str(k)])
        elif isinstance(node, list):
            for v in node:
                walk(v, path)
        else:
            parts.append(f"{'.'.join(path)}: {node}" if path else str(node))

    walk(data, [])
    return "; ".join(parts)


def _problems(messages: Any) -> dict[str, Any]:
    """webargs' messages by parameter: {"query.mouse_id": [...]}."""
    return {f"{where}.{name}": text for where, fields in messages.items() for name, text in fields.items()}


def _dialect() -> Any:
    """The renderer of the dialect the request speaks."""
    return v2 if v2.is_v2(request.path) else root


def handle_http(e: HTTPException) -> Response:
    """Werkzeug's errors (and flask-smorest's 400 for bad input) in the request's dialect, with werkzeug's own
    headers kept (a 405's `Allow`, a 401's `WWW-Authenticate`)."""
    messages = getattr(e, "data", {}).get("messages")
    if v2.is_v2(request.path):  # FastAPI's wording: {"detail": "Not Found"}
        answer = (
            v2.bad_input(_problems(messages), request.view_args or {}) if messages else v2.error(e.code or 500, e.name)
        )
    else:
        answer = _dialect().error(e.code or 500, _messages(messages) if messages else (e.description or e.name))
    for name, value in e.get_headers():
        if name.lower() == "allow":  # werkzeug's order is a set's: GET, OPTIONS, HEAD
            value = ", ".join(sorted(value.split(", ")))
        if name.lower() not in ("content-type", "content-length"):
            answer.headers[name] = value
    return answer


def handle_source(e: SourceError) -> Response:
    """A source failure: its status, and a message naming the source."""
    log.warning("source failure: %s (%s)", e.message, e.status)
    return _dialect().error(e.status, e.message)


def handle_unexpected(e: Exception) -> Response:
    """Anything else: logged with its traceback, answered without one."""
    original = getattr(e, "original_exception", None) or e
    log.error("unhandled error", exc_info=original)
    return _dialect().error(500, "Internal server error; it has been logged.")


def register_error_handlers(app: Flask) -> None:
    """Register the handlers; called once by the factory, after flask-smorest's own."""
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(SourceError, handle_source)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
