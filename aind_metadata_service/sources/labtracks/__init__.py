"""LabTracks, the colony database (SQL Server over ODBC): subjects and their tasks."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.labtracks.client import LabTracksClient, LabTracksSettings

SOURCE: Source[LabTracksClient] = Source(
    "labtracks", "LabTracks", LabTracksSettings, LabTracksClient.from_settings, __name__
)
