"""A stored instrument as DocDB holds it: free-form instrument JSON keyed by its id and modification date."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# The fields every write must carry as non-blank strings, in the order upstream checks them.
REQUIRED = ("instrument_id", "modification_date")


class InstrumentDocument(BaseModel):
    """One DocDB record; every other field is kept as it is."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    id: str | None = Field(None, alias="_id")  # absent from reads (the projection drops it)
    instrument_id: str
    modification_date: str

    def as_json(self) -> dict[str, Any]:
        """The record exactly as DocDB gave it."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
