"""ORCID: a person's ORCID iD from the public API's expanded search, when the match is definitive."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.orcid.client import OrcidClient
from aind_metadata_service.sources.orcid.settings import OrcidSettings

SOURCE: Source[OrcidClient] = Source("orcid", "ORCID", OrcidSettings, OrcidClient.from_settings, __name__)
