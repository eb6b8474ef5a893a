"""Request inputs as marshmallow schemas: each says exactly what is wrong with a bad value."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

# ASCII digits only, to the very end: `\d` would take other scripts' digits and `$` a trailing newline.
_DIGITS = validate.Regexp(r"[0-9]{1,18}\Z", error="must be a LabTracks id: 1 to 18 digits, nothing else")
_NAME = validate.Length(min=1, max=300, error="must be 1 to 300 characters")
# The same rules as JSON Schema patterns, so that OpenAPI says which values are accepted.
DIGITS_PATTERN = "^[0-9]{1,18}$"
NOT_BLANK_PATTERN = r"\S"


def _not_blank(value: str) -> None:
    """Reject names that are only white space."""
    if not value.strip():
        raise ValidationError("must not be blank")


class IsoDateTime(fields.Field):
    """An ISO 8601 date or date-time; a value without a zone is taken as UTC."""

    def __init__(self, **kwargs: Any) -> None:
        """Documented as a string holding a date-time (a date alone is accepted too)."""
        metadata = {"type": "string", "format": "date-time", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        """Parse, or say what a good value looks like."""
        try:
            parsed = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise ValidationError(
                "must be an ISO 8601 date or date-time, e.g. 2025-01-31 or 2025-01-31T12:00:00Z"
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class SubjectId(fields.String):
    """A LabTracks id, canonical: leading zeros dropped, so every source is asked for the same number."""

    def __init__(self, **kwargs: Any) -> None:
        """Documented with the pattern it is checked against."""
        super().__init__(metadata={"pattern": DIGITS_PATTERN, **kwargs.pop("metadata", {})}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        """The id as LabTracks numbers it ("00775745" is 775745)."""
        text = super()._deserialize(value, attr, data, **kwargs)
        _DIGITS(text)
        return str(int(text))


class SubjectPath(Schema):
    """A LabTracks subject id in the path."""

    subject_id = SubjectId(required=True, metadata={"example": "775745"})


def name_path(field: str, example: str, pattern: str = NOT_BLANK_PATTERN) -> type[Schema]:
    """A schema for one free-text name in the path (protocol, project, allele, prep lot), named as the route's.

    `pattern` documents what the route checks beyond "not blank" (a JSON Schema pattern, matched anywhere).
    """
    metadata = {"example": example, "pattern": pattern}
    name = fields.String(required=True, validate=[_NAME, _not_blank], metadata=metadata)
    return Schema.from_dict({field: name}, name="".join(w.title() for w in field.split("_")) + "Path")


class SlimsQuery(Schema):
    """The SLIMS routes' filters; dates are ISO 8601, with or without a time and zone."""

    subject_id = SubjectId(metadata={"example": "775745"})
    start_date_gte = IsoDateTime(metadata={"example": "2025-01-01"})
    end_date_lte = IsoDateTime(metadata={"example": "2025-12-31T23:59:59Z"})

    @validates_schema
    def _ordered(self, data: dict, **_: object) -> None:
        """The range must not be reversed."""
        start, end = data.get("start_date_gte"), data.get("end_date_lte")
        if start and end and start > end:
            raise ValidationError("must not be after end_date_lte", "start_date_gte")


class EcephysQuery(SlimsQuery):
    """The ecephys sessions route adds a session name."""

    session_name = fields.String(validate=_NAME)
