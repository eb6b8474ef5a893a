"""Smartsheet: the funding, perfusions and protocols sheets."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.smartsheet.client import SmartsheetClient, SmartsheetSettings

SOURCE: Source[SmartsheetClient] = Source(
    "smartsheet", "Smartsheet", SmartsheetSettings, SmartsheetClient.from_settings, __name__
)
