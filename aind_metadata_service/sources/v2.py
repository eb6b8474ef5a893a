"""The /api/v2 dialect's bare answers and errors for source blueprints (until the shared renderer replaces it)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, current_app, request

from aind_metadata_service.sources.base import SourceError

log = logging.getLogger(__name__)
NOT_FOUND = "Not found"


class V2Error(Exception):
    """An answer other than 200 in the v2 dialect: a status and FastAPI's `detail` (a text or a list)."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(str(detail))
        self.status, self.detail = status, detail


def bare(body: Any, status: int = 200) -> Response:
    """A bare JSON body, nulls included, keys in their order."""
    return current_app.response_class(current_app.json.dumps(body), status=status, mimetype="application/json")


def found(body: Any) -> Response:
    """The body, or 404 `{"detail":"Not found"}` when it is None or empty."""
    if body is None or body == [] or body == {}:
        raise V2Error(404, NOT_FOUND)
    return bare(body)


def required_query(name: str) -> str:
    """A required query parameter, or FastAPI's 422 naming it."""
    value = request.args.get(name)
    if value is None:
        raise V2Error(422, [{"type": "missing", "loc": ["query", name], "msg": "Field required", "input": None}])
    return value


def optional_datetime(name: str) -> datetime | None:
    """An optional ISO 8601 date-time query parameter, or FastAPI's 422 for one that does not parse."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        msg = "Input should be a valid datetime or date, e.g. 2026-08-07 or 2026-08-07T17:30:14Z"
        detail = [{"type": "datetime_from_date_parsing", "loc": ["query", name], "msg": msg, "input": value}]
        raise V2Error(422, detail) from None


def _v2_error(e: V2Error) -> Response:
    """A V2Error as FastAPI would answer it."""
    return bare({"detail": e.detail}, e.status)


def _source_error(e: SourceError) -> Response:
    """A source failure: its status and message naming the source, never a 500 text body."""
    log.warning("source failure: %s (%s)", e.message, e.status)
    return bare({"detail": e.message}, e.status)


def use_v2_errors(bp: Blueprint) -> None:
    """Make a blueprint's errors answer in the v2 dialect rather than the root envelope."""
    bp.register_error_handler(V2Error, _v2_error)
    bp.register_error_handler(SourceError, _source_error)
