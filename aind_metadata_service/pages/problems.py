"""Problems in plain words: a partial answer's missing sources, validation errors, stale answers."""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from aind_metadata_service.pages.provenance import what_may_be_missing

# What a pydantic error type means, said of the field it is about.
SAID = {
    "missing": "is missing",
    "extra_forbidden": "is not a field aind-data-schema allows here",
    "too_short": "is empty: at least one is needed",
    "date_type": "is not a valid date",
    "date_parsing": "is not a valid date",
    "date_from_datetime_parsing": "is not a valid date",
    "datetime_type": "is not a valid date and time",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "int_from_float": "is not a whole number",
    "string_type": "is not text",
    "bool_type": "is not yes or no",
    "union_tag_invalid": "is of a kind aind-data-schema does not know",
}
_EXPECTED = re.compile(r"Input should be (.+)$")
_TAGGED = re.compile(r"(\w+)\]*$")  # pydantic names a validated union member last: "function-after[..., EphysProbe]"


@dataclass(frozen=True)
class Problem:
    """One thing the page cannot vouch for: a kind (partial, invalid, stale, failed), a title, and lines."""

    kind: str
    title: str
    lines: tuple[str, ...] = ()


def _what(error: dict[str, Any]) -> tuple[str, bool]:
    """What is wrong, and whether it reads after the field's name ("volume is missing") or after a colon."""
    kind, msg = str(error.get("type", "")), str(error.get("msg", "")).rstrip(".")
    if kind in SAID:
        return SAID[kind], True
    if kind in ("enum", "literal_error") and (found := _EXPECTED.search(msg)):
        return f"must be {found.group(1)}", True
    text = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return text[:1].lower() + text[1:], False


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models an annotation can hold (through List, Optional, Union, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    if get_origin(annotation) in (Union, types.UnionType, list, tuple, dict) or get_args(annotation):
        return [m for arg in get_args(annotation) for m in _models(arg)]
    return []


def _object_type(model: type[BaseModel]) -> str | None:
    """The object_type a model's dicts carry, which pydantic uses as a union tag in error locations."""
    field = model.model_fields.get("object_type")
    return str(field.default) if field is not None and isinstance(field.default, str) else None


def _title(name: str, candidates: list[type[BaseModel]]) -> tuple[str, list[type[BaseModel]]]:
    """A field's title in the schema ("volume" is "Injection volume"), and the models it holds."""
    for model in candidates:
        if name in model.model_fields:
            field = model.model_fields[name]
            return field.title or name.replace("_", " "), _models(field.annotation)
    return name.replace("_", " ").capitalize(), []


def where(loc: Sequence[Any], root: type[BaseModel] | None, data: Any) -> list[str]:
    """The path of an error in words: ["Surgery 2 (2025-03-10)", "Brain injection 1", "Injection volume"]."""
    labels: list[str] = []
    candidates: list[type[BaseModel]] = [root] if root else []
    node = data
    for part in loc:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            labels[-1:] = [f"{labels[-1] if labels else 'Item'} {part + 1}"]
            continue
        part = str(part)
        tagged = [m for m in candidates if part in (_object_type(m), m.__name__)]
        if "[" in part and (named := _TAGGED.search(part)):
            tagged = [m for m in candidates if m.__name__ == named.group(1)]
        if tagged or "[" in part:
            candidates = tagged or candidates
            if tagged and "[" in part and labels:  # one member of a union of models: say which was tried
                labels[-1] += f" (as {(_object_type(tagged[0]) or tagged[0].__name__).lower()})"
                continue
            if tagged and labels and labels[-1].split(" ")[-1].isdigit():
                number = labels[-1].rsplit(" ", 1)[1]
                labels[-1] = f"{_object_type(tagged[0]) or tagged[0].__name__} {number}{_dated(node)}"
            continue
        title, candidates = _title(part, candidates)
        labels.append(title)
        node = node.get(part) if isinstance(node, dict) else None
    return labels


def _dated(node: Any) -> str:
    """ " (2025-03-10)" for a record with a readable start date, to tell numbered records apart."""
    start = node.get("start_date") if isinstance(node, dict) else None
    return f" ({start})" if isinstance(start, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", start) else ""


def plain(error: dict[str, Any], root: type[BaseModel] | None, data: Any) -> str:
    """One validation error as "Surgery 2 → Brain injection 1 → Injection volume is missing"."""
    labels = where(error.get("loc") or [], root, data) or ["The record"]
    what, after_name = _what(error)
    last = labels[-1]
    said = f"{last} {what}" if after_name else f"{last}: {what}"
    return " → ".join([*labels[:-1], said])


def _verb(label: str, verb: str) -> str:
    """A verb agreeing with the label: "the subject is", "the procedures are"."""
    singular = not label.endswith("s")
    if verb == "be":
        return "is" if singular else "are"
    return verb + "s" * singular


def invalid(label: str, errors: list[dict[str, Any]], root: type[BaseModel] | None, data: Any) -> Problem:
    """A 406: each validation error in plain words."""
    count = f"{len(errors)} problem{'s' * (len(errors) != 1)}"
    title = f"The {label} {_verb(label, 'fail')} aind-data-schema validation ({count}); shown as found:"
    return Problem("invalid", title, tuple(plain(e, root, data) for e in errors))


def failures(message: str) -> list[str]:
    """The failed sources' sentences of a 207 message: "Partial x for 1: A is unreachable; B timed out."."""
    text = message.split(": ", 1)[1] if ": " in message else message
    text = text.split(". The rest ", 1)[0].rstrip(".")
    return [part.strip() for part in text.split("; ") if part.strip()]


def partial(label: str, message: str) -> Problem:
    """A 207: which sources failed, and what the page may therefore lack."""
    lines = tuple(f"{f}: {what_may_be_missing(f)} may be missing." for f in failures(message))
    return Problem("partial", f"Some sources could not be read for the {label}:", lines)


def age_words(seconds: int) -> str:
    """ "45 seconds", "12 minutes", "2 hours"."""
    for size, unit in ((3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size or unit == "second":
            n = seconds // size
            return f"{n} {unit}{'s' * (n != 1)}"
    return ""  # unreachable: the last unit always answers


def stale(label: str, message: str, age_s: int) -> Problem:
    """An answer served from the cache while a source is down: how old, and why."""
    why = message.split(" because ", 1)[1].split(". ", 1)[0] if " because " in message else "a source is down"
    old = f"{_verb(label, 'be')} {age_words(age_s)} old"
    return Problem("stale", f"The {label} {old}: served from the cache because {why}.")


def failed(label: str, status: int, message: str) -> Problem:
    """No answer at all for one half of the page (5xx): the message names the source."""
    return Problem("failed", f"The {label} could not be read ({status}): {message}")
