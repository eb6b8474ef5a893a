"""Instruments: read from and written to DocDB, as the published client's instrument routes expect."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.instruments.client import InstrumentStore
from aind_metadata_service.sources.instruments.settings import InstrumentSettings

SOURCE: Source[InstrumentStore] = Source(
    "instruments", "DocDB", InstrumentSettings, InstrumentStore.from_settings, __name__
)
