"""Pure rules of the instrument store: DocDB filters, the record id, and what is wrong with a body."""

from __future__ import annotations

import json
from typing import Any

from aind_data_schema.core.instrument import Instrument
from pydantic import ValidationError

from aind_metadata_service.sources.instruments.records import REQUIRED

# FastAPI's 422 items for a body that is not a JSON object (reference/API-v2.md §2).
BODY_PROBLEMS = {
    "missing": "Field required",
    "json_invalid": "JSON decode error",
    "dict_type": "Input should be a valid dictionary",
}


def missing_field(body: dict[str, Any]) -> str | None:
    """The first required field that is absent, not a string, or blank."""
    for field in REQUIRED:
        value = body.get(field)
        if not isinstance(value, str) or not value.strip():
            return field
    return None


def parse_body(raw: bytes) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The request body as a JSON object, or FastAPI's 422 problems saying why it is not one."""
    if not raw.strip():
        return None, [_problem("missing", None)]
    try:
        body = json.loads(raw)
    except ValueError:
        return None, [_problem("json_invalid", None)]
    if not isinstance(body, dict):
        return None, [_problem("dict_type", body)]
    return body, []


def _problem(kind: str, given: Any) -> dict[str, Any]:
    """One FastAPI validation error about the body."""
    return {"type": kind, "loc": ["body"], "msg": BODY_PROBLEMS[kind], "input": given}


def schema_errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Why the body is not a valid aind-data-schema Instrument (type, loc, msg; never the input); [] when it is.

    Some of the schema's own validators fail with a plain exception on malformed input (a modality without an
    abbreviation raises KeyError); that is a validation error too, not a crash.
    """
    try:
        Instrument.model_validate(body)
    except ValidationError as e:
        errors = e.errors(include_url=False, include_input=False, include_context=False)
        return [{"type": err["type"], "loc": list(err["loc"]), "msg": err["msg"]} for err in errors]
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        return [{"type": "invalid", "loc": [], "msg": f"aind-data-schema could not read the body ({type(e).__name__})"}]
    return []
