"""Every source the service reads, in the order /healthz lists them: adding a source is one folder and one line here."""

from __future__ import annotations

from typing import Any

from aind_metadata_service.sources import (
    active_directory,
    dataverse,
    instruments,
    labtracks,
    mgi,
    orcid,
    sharepoint,
    slims,
    smartsheet,
    tars,
)
from aind_metadata_service.sources.base import Source

SOURCES: tuple[Source[Any], ...] = (
    labtracks.SOURCE,
    sharepoint.SOURCE,
    slims.SOURCE,
    smartsheet.SOURCE,
    tars.SOURCE,
    mgi.SOURCE,
    active_directory.SOURCE,
    instruments.SOURCE,
    dataverse.SOURCE,
    orcid.SOURCE,
)
