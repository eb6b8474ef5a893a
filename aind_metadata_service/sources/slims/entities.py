"""SLIMS entities as the REST API sends them, and the base of the typed records built from them."""

from __future__ import annotations

import html
from datetime import datetime, timezone
from functools import cache
from typing import Annotated, Any, ClassVar, TypeVar, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict

R = TypeVar("R", bound="SlimsRecord")


class Column(BaseModel):
    """One column of an entity as SLIMS sends it."""

    model_config = ConfigDict(extra="ignore")
    name: str
    value: Any = None
    displayValue: Any = None
    displayValues: list[Any] | None = None
    joinedDisplayValue: Any = None
    unit: str | None = None
    timeZone: str | None = None

    @property
    def display(self) -> str | None:
        """What SLIMS shows for a foreign key."""
        shown = self.displayValue if self.displayValue is not None else self.joinedDisplayValue
        return None if shown is None else str(shown)


class Entity(BaseModel):
    """One record of a SLIMS table."""

    model_config = ConfigDict(extra="ignore")
    pk: int
    tableName: str
    columns: list[Column]

    def column(self, name: str) -> Column | None:
        """The named column, or None when the entity has no such column."""
        return next((c for c in self.columns if c.name == name), None)

    def value(self, name: str) -> Any:
        """The column's value."""
        found = self.column(name)
        return found.value if found else None

    def display(self, name: str) -> str | None:
        """The column's display value (a foreign key's label)."""
        found = self.column(name)
        return found.display if found else None

    def unit(self, name: str) -> str | None:
        """The column's unit, HTML entities decoded ("&mu;m" is "μm")."""
        found = self.column(name)
        return html.unescape(found.unit) if found and found.unit else None


class Answer(BaseModel):
    """The REST advanced fetch's answer."""

    entities: list[Entity]


def _text(value: Any) -> str | None:
    """Text, whatever type the column declared."""
    return None if value is None else str(value)


def _number(value: Any) -> float | None:
    """A number, or None for text that is not one."""
    try:
        return None if value is None or isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def _flag(value: Any) -> bool | None:
    """A yes/no, or None for anything else."""
    return value if isinstance(value, bool) else {"true": True, "false": False}.get(str(value).lower())


def _texts(value: Any) -> list[str] | None:
    """A multiple choice as a list (a single choice arrives as a scalar)."""
    return None if value is None else [str(v) for v in _pks(value)]


Text = Annotated[str | None, BeforeValidator(_text)]
Texts = Annotated[list[str] | None, BeforeValidator(_texts)]
Number = Annotated[float | None, BeforeValidator(_number)]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
Date = datetime | None  # built from epoch ms by _cell, in the column's time zone


def _zone(name: str | None) -> timezone | ZoneInfo:
    """The column's time zone, UTC when absent or unknown."""
    try:
        return ZoneInfo(name) if name else timezone.utc
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def _moment(column: Column) -> datetime | None:
    """An epoch-ms date as an aware date-time in the column's zone; garbage is unknown."""
    if isinstance(column.value, bool) or not isinstance(column.value, (int, float)):
        return None
    return datetime.fromtimestamp(column.value / 1000, tz=_zone(column.timeZone))


def _pks(value: Any) -> list[Any]:
    """A multiple foreign key's value as a list (SLIMS sends a scalar for a single choice)."""
    return list(value) if isinstance(value, list) else [] if value is None else [value]


class Quantity(BaseModel):
    """A number with its unit."""

    # Frozen, so hashable: pydantic then shares the `Quantity()` default instead of deep-copying it per record.
    model_config = ConfigDict(frozen=True)
    value: Number = None
    unit: str | None = None


class Ref(BaseModel):
    """A foreign key and what SLIMS shows for it."""

    model_config = ConfigDict(frozen=True)  # hashable: its `Ref()` default is shared, not copied
    pk: int | None = None
    display: str | None = None


class Refs(BaseModel):
    """A multiple foreign key and what SLIMS shows for each."""

    pks: list[int] = []
    displays: list[str] = []


def _cell(kind: Any, column: Column) -> Any:
    """The column in the shape its record field takes."""
    if kind is Quantity:
        return {"value": column.value, "unit": html.unescape(column.unit) if column.unit else None}
    if kind is Ref:
        return {"pk": column.value, "display": column.display}
    if kind is Refs:
        return {"pks": _pks(column.value), "displays": [str(d) for d in column.displayValues or []]}
    if kind is datetime:
        return _moment(column)
    return column.value


class SlimsRecord(BaseModel):
    """A typed entity. Fields are the real column names: a renamed key column fails here, loudly."""

    model_config = ConfigDict(frozen=True, extra="ignore")
    table: ClassVar[str]
    key: ClassVar[str]
    pk: int

    @classmethod
    @cache
    def _kinds(cls) -> dict[str, Any]:
        """Each column field and the shape it takes (Quantity, Ref, Refs, datetime or a plain value)."""
        shapes = (Quantity, Ref, Refs, datetime)
        kinds: dict[str, Any] = {}
        for name, info in cls.model_fields.items():
            found = [t for t in (info.annotation, *get_args(info.annotation)) if t in shapes]
            kinds[name] = found[0] if found else None
        return kinds

    @classmethod
    def from_entity(cls: type[R], entity: Entity) -> R:
        """The typed record of one entity."""
        data: dict[str, Any] = {"pk": entity.pk}
        for name, kind in cls._kinds().items():
            column = entity.column(name)
            if column is not None and name != "pk":
                data[name] = _cell(kind, column)
        return cls.model_validate(data)
