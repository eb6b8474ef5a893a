"""The HTTP contract: records, models and source failures in; envelope and status out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask import Response, current_app
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from aind_metadata_service.sources.base import SourceError

SCHEMA = "aind-data-schema 2.9.2"
Record = Mapping[str, Any]


def envelope(status: int, message: str, data: Any = None, errors: list[dict[str, Any]] | None = None) -> Response:
    """The one response shape: message, data, and errors when there are validation errors."""
    body: dict[str, Any] = {"message": message, "data": data}
    if errors:
        body["errors"] = errors
    return current_app.response_class(current_app.json.dumps(body), status=status, mimetype="application/json")


def validate(model: type[BaseModel] | None, record: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The record as JSON after validation against the model, and the errors (never the input values)."""
    if model is None:
        return to_jsonable_python(record), []
    try:
        return model.model_validate(record).model_dump(mode="json"), []
    except ValidationError as e:
        errors = e.errors(include_url=False, include_input=False, include_context=False)
        found = [{"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]} for err in errors]
        return to_jsonable_python(record), found


def _validate_all(model: type[BaseModel] | None, records: Sequence[Any]) -> tuple[list[Any], list[dict[str, Any]]]:
    """Every record validated; each error's loc starts with the record's index."""
    data, errors = [], []
    for i, record in enumerate(records):
        item, found = validate(model, record)
        data.append(item)
        errors += [{**err, "loc": [i, *err["loc"]]} for err in found]
    return data, errors


def _failure(failed: Mapping[str, SourceError], what: str, key: str) -> Response:
    """No data, and some source could not answer: the question cannot be settled."""
    status = 500 if all(e.status == 500 for e in failed.values()) else 503
    return envelope(status, f"No {what} could be found for {key}: {_joined(failed)}.")


def _joined(failed: Mapping[str, SourceError]) -> str:
    """The failed sources' messages in one sentence."""
    return "; ".join(dict.fromkeys(e.message for e in failed.values()))


def _summary(errors: list[dict[str, Any]]) -> str:
    """How many validation errors there are, for a message."""
    return f"fails validation against {SCHEMA} ({len(errors)} error{'s' * (len(errors) != 1)})"


def _answer(
    model: type[BaseModel] | None,
    records: Sequence[Any],
    what: str,
    key: str,
    failed: Mapping[str, SourceError] | None,
    plural: bool,
) -> Response:
    """The one decision: nothing, several where one was promised, partial, invalid, or valid."""
    failed = failed or {}
    if not records:
        return _failure(failed, what, key) if failed else envelope(404, f"No {what} found for {key}.")
    if plural or len(records) > 1:
        data, errors = _validate_all(model, records)
    else:
        data, errors = validate(model, records[0])
    if not plural and len(records) > 1:
        return envelope(300, f"{len(records)} {what} records found for {key} where one was expected.", data, errors)
    if failed:
        tail = f" The rest {_summary(errors)}." if errors else ""
        return envelope(207, f"Partial {what} for {key}: {_joined(failed)}.{tail}", data, errors)
    if errors:
        subject = f"{what} for {key} ({len(records)}): the list" if plural else f"{what} for {key}"
        return envelope(406, _sentence(f"{subject} {_summary(errors)}."), data, errors)
    return envelope(200, f"Valid {what} for {key}" + (f" ({len(records)})." if plural else "."), data)


def _sentence(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def one(
    model: type[BaseModel] | None,
    records: Sequence[Any],
    what: str,
    key: str,
    failed: Mapping[str, SourceError] | None = None,
) -> Response:
    """Answer a route that promises one record: 200, 406, 404, 300, or 207 when a source failed."""
    return _answer(model, records, what, key, failed, plural=False)


def many(
    model: type[BaseModel] | None,
    records: Sequence[Any],
    what: str,
    key: str,
    failed: Mapping[str, SourceError] | None = None,
) -> Response:
    """Answer a naturally plural route with a list: 200, 406, 404, or 207 when a source failed."""
    return _answer(model, records, what, key, failed, plural=True)
