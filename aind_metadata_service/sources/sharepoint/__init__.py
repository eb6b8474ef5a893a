"""SharePoint, the surgery request lists (NSB 2019, NSB 2023, NSB present, LAS 2020)."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.sharepoint.client import SharePointClient, SharePointSettings

SOURCE: Source[SharePointClient] = Source(
    "sharepoint", "SharePoint", SharePointSettings, SharePointClient.from_settings, __name__
)
