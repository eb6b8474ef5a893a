"""SLIMS, the LIMS: ecephys sessions, SmartSPIM imaging, histology and water restriction."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.slims.client import SlimsClient, SlimsSettings

SOURCE: Source[SlimsClient] = Source("slims", "SLIMS", SlimsSettings, SlimsClient.from_settings, __name__)
