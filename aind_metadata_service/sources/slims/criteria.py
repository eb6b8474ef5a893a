"""SLIMS criteria: built by small pure helpers for the REST advanced fetch, and applied as SLIMS does by the demo."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

Criterion = dict[str, Any]


def equals(name: str, value: Any) -> Criterion:
    """The field equals the value."""
    return {"fieldName": name, "operator": "equals", "value": value}


def in_set(name: str, values: Iterable[Any]) -> Criterion:
    """The field is one of the values."""
    return {"fieldName": name, "operator": "inSet", "value": list(values)}


def between_inclusive(name: str, start: int, end: int) -> Criterion:
    """start <= field <= end."""
    return {"fieldName": name, "operator": "betweenInclusive", "start": start, "end": end}


def greater_than_or_equal(name: str, value: Any) -> Criterion:
    """field >= value."""
    return {"fieldName": name, "operator": "greaterOrEqual", "value": value}


def less_than_or_equal(name: str, value: Any) -> Criterion:
    """field <= value."""
    return {"fieldName": name, "operator": "lessOrEqual", "value": value}


def _junction(operator: str, members: Iterable[Criterion | None]) -> Criterion | None:
    """Members joined; None members dropped, a single member returned as it is."""
    kept: list[Criterion] = []
    for member in members:
        if member is not None:  # a member of the same kind is spliced in: and(a, and(b, c)) is and(a, b, c)
            kept += member["criteria"] if member.get("operator") == operator else [member]
    if len(kept) <= 1:
        return kept[0] if kept else None
    return {"operator": operator, "criteria": kept}


def all_of(*members: Criterion | None) -> Criterion | None:
    """Every member holds (an "and" junction)."""
    return _junction("and", members)


def any_of(*members: Criterion | None) -> Criterion | None:
    """Some member holds (an "or" junction)."""
    return _junction("or", members)


def epoch_ms(moment: datetime) -> int:
    """SLIMS' date form: milliseconds since the epoch."""
    return int(moment.timestamp() * 1000)


def date_range(name: str, start: datetime | None, end: datetime | None) -> Criterion | None:
    """The field within the range; either end may be open; None when both are."""
    if start and end:
        return between_inclusive(name, epoch_ms(start), epoch_ms(end))
    if start:
        return greater_than_or_equal(name, epoch_ms(start))
    return less_than_or_equal(name, epoch_ms(end)) if end else None


# ---- reading criteria back: how SLIMS applies them to a row, for the demo's server ----
