"""Microsoft Dataverse: water restriction, mouse weights, funding and raw tables, through the Web API."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.dataverse.client import DataverseClient
from aind_metadata_service.sources.dataverse.settings import DataverseSettings

SOURCE: Source[DataverseClient] = Source(
    "dataverse", "Dataverse", DataverseSettings, DataverseClient.from_settings, __name__
)
