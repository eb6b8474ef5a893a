"""The contract's one decision: a route's answer (records, failed sources) judged into an outcome to render."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache, partial
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import to_json, to_jsonable_python

from aind_metadata_service.sources.base import SourceError

SCHEMA = "aind-data-schema 2.9.2"


@dataclass(frozen=True)
class Answer:
    """What a route found: records for a model, the key asked for, and the sources that failed on the way."""

    model: type[BaseModel] | None
    records: Sequence[Any]
    what: str
    key: str
    failed: Mapping[str, SourceError] = field(default_factory=dict)
    plural: bool = False


@dataclass(frozen=True)
class Outcome:
    """A judged answer, JSON-native so the cache can keep it: the contract's status, message, data and errors.

    `item_errors` are the first failing record's errors (the /api/v2 dialect reports only those);
    `failed` names the sources that could not answer.
    """

    status: int
    message: str
    data: Any = None
    errors: list[dict[str, Any]] = field(default_factory=list)
    item_errors: list[dict[str, Any]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The outcome as plain JSON, for the cache."""
        return asdict(self)

    @classmethod
    def from_json(cls, stored: Mapping[str, Any]) -> Outcome:
        """An outcome the cache kept."""
        return cls(**stored)


def one(
    model: type[BaseModel] | None,
    records: Sequence[Any],
    what: str,
    key: str,
    failed: Mapping[str, SourceError] | None = None,
    *,
    plural: bool = False,
) -> Answer:
    """The answer of a route that promises one record (200, 406, 404, 300, or 207 when a source failed).

    `many` is the same for a naturally plural route, a list: 200, 406, 404, or 207.
    """
    return Answer(model, records, what, key, failed or {}, plural)


many = partial(one, plural=True)


def validate(model: type[BaseModel] | None, record: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The record as JSON after validation against the model, and the errors (never the input values).

    Validation is a pure function of the model and the record's JSON, and aind-data-schema's validators are the
    dearest step of an answer; the same record (a subject asked again, its sources unchanged) is validated once.
    """
    text = to_json(record, fallback=str).decode()
    if len(text) > MEMO_MAX_CHARS:
        return _validate(model, record)
    data, errors = json.loads(_validated(model, text))  # callers own what they get: the memo keeps text
    return data, errors


MEMO_MAX_CHARS = 32 * 2**10  # records larger than this are validated afresh each time, never kept


@lru_cache(maxsize=128)
def _validated(model: type[BaseModel] | None, text: str) -> str:
    """A record, given as its JSON text, validated: the JSON of `_validate`'s pair, kept for the 128 most recently
    seen records (at most 32 KiB each)."""
    return json.dumps(_validate(model, json.loads(text)))


def _validate(model: type[BaseModel] | None, record: Any) -> tuple[Any, list[dict[str, Any]]]:
    """The record validated against the model, as JSON, and the errors."""
    if model is None:
        return to_jsonable_python(record), []
    try:
        return model.model_validate(record).model_dump(mode="json"), []
    except ValidationError as e:
        errors = e.errors(include_url=False, include_input=False, include_context=False)
        found = [{"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]} for err in errors]
        return to_jsonable_python(record), found


def _validate_all(
    model: type[BaseModel] | None, records: Sequence[Any]
) -> tuple[list[Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Every record validated; each error's loc starts with the record's index; and the first failing record's."""
    data: list[Any] = []
    errors: list[dict[str, Any]] = []
    first: list[dict[str, Any]] = []
    for i, record in enumerate(records):
        item, found = validate(model, record)
        data.append(item)
        errors += [{**err, "loc": [i, *err["loc"]]} for err in found]
        first = first or found
    return data, errors, first


def joined(failed: Mapping[str, SourceError]) -> str:
    """The failed sources' messages in one sentence."""
    return "; ".join(dict.fromkeys(e.message for e in failed.values()))


def _summary(errors: list[dict[str, Any]]) -> str:
    """How many validation errors there are, for a message."""
    return f"fails validation against {SCHEMA} ({len(errors)} error{'s' * (len(errors) != 1)})"


def _sentence(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def judge(answer: Answer) -> Outcome:
    """The one decision: nothing, several where one was promised, partial, invalid, or valid."""
    failed, what, key, records = answer.failed, answer.what, answer.key, answer.records
    names = list(failed)
    if not records:
        if not failed:
            return Outcome(404, f"No {what} found for {key}.")
        status = 500 if all(e.status == 500 for e in failed.values()) else 503
        return Outcome(status, f"No {what} could be found for {key}: {joined(failed)}.", failed=names)
    if answer.plural or len(records) > 1:
        data, errors, first = _validate_all(answer.model, records)
    else:
        data, errors = validate(answer.model, records[0])
        first = errors
    if not answer.plural and len(records) > 1:
        message = f"{len(records)} {what} records found for {key} where one was expected."
        return Outcome(300, message, data, errors, first)
    if failed:
        tail = f" The rest {_summary(errors)}." if errors else ""
        return Outcome(207, f"Partial {what} for {key}: {joined(failed)}.{tail}", data, errors, first, names)
    if errors:
        subject = f"{what} for {key} ({len(records)}): the list" if answer.plural else f"{what} for {key}"
        return Outcome(406, _sentence(f"{subject} {_summary(errors)}."), data, errors, first)
    count = f" ({len(records)})." if answer.plural else "."
    return Outcome(200, f"Valid {what} for {key}{count}", data)
