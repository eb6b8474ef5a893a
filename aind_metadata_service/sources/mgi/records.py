"""MGI's quick-search answer, with MGI's own field names: what the client reads and the mapper maps."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class SummaryRow(BaseModel):
    """One quick-search row, with MGI's own field names; the ones we read must be present."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    detailUri: str | None
    stars: str | None
    bestMatchType: str | None
    bestMatchText: str | None = None
    symbol: str | None
    name: str | None = None
    featureType: str | None = None


class QuickSearch(BaseModel):
    """A quick-search answer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    summaryRows: list[SummaryRow]
    totalCount: int | None = None
