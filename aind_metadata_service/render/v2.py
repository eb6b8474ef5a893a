"""The /api/v2 dialect of the published client 2.12.2: bare bodies, 400 for invalid models, `{"detail"}` failures.

Statuses (reference/API-v2.md §2): valid data is 200 with the bare model or list; data that fails validation is
400 with the unvalidated body and the first failing item's errors in `X-Error-Message`; nothing found is 404;
a source that failed is 503 (or 500) naming it, never a partial answer that looks complete.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import Response, current_app, g
from flask_smorest import Blueprint

from aind_metadata_service.contract import Outcome

bp = Blueprint("api_v2", __name__, url_prefix="/api/v2", description="The /api/v2 dialect of client 2.12.2")

PREFIX = "/api/v2/"
HEADER_LIMIT = 3800  # bytes of X-Error-Message before the fixed text replaces it, as upstream
TOO_MANY = "Too many validation errors. Please validate locally."
NOT_FOUND = "Not found"


def body(status: int, data: Any, headers: Mapping[str, str] | None = None) -> Response:
    """A bare JSON body."""
    response = current_app.response_class(current_app.json.dumps(data), status=status, mimetype="application/json")
    response.headers.update(headers or {})
    return response


def detail(status: int, text: Any) -> Response:
    """FastAPI's failure shape, `{"detail": ...}`."""
    g.answer_message = text if isinstance(text, str) else None  # for the request's log line
    return body(status, {"detail": text})


def error_header(errors: list[dict[str, Any]]) -> str:
    """Pydantic's errors as compact JSON (type, loc, msg), or the fixed text when that is too long for a header."""
    compact = json.dumps([{"type": e["type"], "loc": e["loc"], "msg": e["msg"]} for e in errors], separators=(",", ":"))
    return TOO_MANY if len(compact.encode()) >= HEADER_LIMIT else compact


def render(outcome: Outcome, headers: Mapping[str, str] | None = None, listed: bool = False) -> Response:
    """An outcome in the v2 dialect; `listed` routes answer a list even for one record, as v2 does."""
    data = outcome.data
    if listed and outcome.status in (200, 406):
        data = data if isinstance(data, list) else [data]
    if outcome.status in (200, 300) and (listed or outcome.status == 200) and not outcome.errors:
        return body(200, data, headers)
    if outcome.status in (200, 300, 406):  # 300 with errors on a listed route, or invalid data
        if outcome.status == 300 and not listed:
            return detail(500, outcome.message)
        return body(400, data, {**(headers or {}), "X-Error-Message": error_header(outcome.item_errors)})
    if outcome.status == 404:
        return detail(404, NOT_FOUND)
    if outcome.status == 207:  # never a partial answer that looks complete
        return detail(503, outcome.message)
    return detail(outcome.status, outcome.message)


def error(status: int, message: str) -> Response:
    """A failure as `{"detail": ...}`; werkzeug's own pages keep FastAPI's wording ("Not Found")."""
    return detail(status, message)


def bad_input(problems: Mapping[str, Any], path_values: Mapping[str, Any]) -> Response:
    """Bad input as the client expects it: 406 for a non-numeric subject id, FastAPI's 422 for anything else.

    The subject id may be in the path (/subject/{subject_id}) or the query (/labtracks/subject?subject_id=); a
    missing one is FastAPI's 422, as the client's `get_labtracks_subject` expects.
    """
    for loc in ("path.subject_id", "query.subject_id"):
        where, _, name = loc.partition(".")
        subject = _input(where, name, path_values)
        if loc in problems and subject is not None:
            return detail(406, f"Subject ID {subject} is not valid. Please specify a numeric subject ID.")
    return detail(422, [_problem(loc, msgs, path_values) for loc, msgs in problems.items()])


def _problem(loc: str, messages: Any, path_values: Mapping[str, Any]) -> dict[str, Any]:
    """One FastAPI validation error for a parameter ("query.mouse_id") and what webargs said of it."""
    where, _, name = loc.partition(".")
    text = "; ".join(messages) if isinstance(messages, list) else str(messages)
    missing = text == "Missing data for required field."
    return {
        "type": "missing" if missing else "value_error",
        "loc": [where, name],
        "msg": "Field required" if missing else text,
        "input": None if missing else _input(where, name, path_values),
    }


def is_v2(path: str) -> bool:
    """Whether a request path is in the /api/v2 dialect."""
    return path.startswith(PREFIX) or path == PREFIX.rstrip("/")


def _input(where: str, name: str, path_values: Mapping[str, Any]) -> Any:
    """The value the client sent for a parameter."""
    from flask import request

    return path_values.get(name) if where == "path" else request.args.get(name)
