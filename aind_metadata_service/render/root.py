"""The root dialect: every answer in the envelope `{"message", "data", "errors"}` with the contract's status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, g

from aind_metadata_service.contract import Outcome


def envelope(status: int, message: str, data: Any = None, errors: list[dict[str, Any]] | None = None) -> Response:
    """The one response shape: message, data, and errors when there are validation errors."""
    g.answer_message = message  # for the request's log line, which is written after the body is compressed
    body: dict[str, Any] = {"message": message, "data": data}
    if errors:
        body["errors"] = errors
    return current_app.response_class(current_app.json.dumps(body), status=status, mimetype="application/json")


def render(outcome: Outcome, headers: Mapping[str, str] | None = None) -> Response:
    """An outcome in the envelope, with the cache's headers."""
    response = envelope(outcome.status, outcome.message, outcome.data, outcome.errors)
    response.headers.update(headers or {})
    return response


def stale(outcome: Outcome, age: int, why: str) -> Outcome:
    """The last complete outcome, its message saying how old it is and why it is served."""
    message = f"Served from cache ({age} s old) because {why}. {outcome.message}"
    return Outcome(outcome.status, message, outcome.data, outcome.errors, outcome.item_errors, outcome.failed)


def error(status: int, message: str) -> Response:
    """A failure in the envelope: no data, the message saying what is wrong."""
    return envelope(status, message)
