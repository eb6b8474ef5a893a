"""TARS, the viral-prep registry: injection materials by prep lot."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.tars.client import TarsClient, TarsSettings

SOURCE: Source[TarsClient] = Source("tars", "TARS", TarsSettings, TarsClient.from_settings, __name__)
