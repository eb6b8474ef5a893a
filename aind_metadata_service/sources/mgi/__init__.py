"""MGI, the public allele registry: alleles named in a genotype."""

from __future__ import annotations

from aind_metadata_service.sources.base import Source
from aind_metadata_service.sources.mgi.client import MgiClient, MgiSettings

SOURCE: Source[MgiClient] = Source("mgi", "MGI", MgiSettings, MgiClient.from_settings, __name__)
