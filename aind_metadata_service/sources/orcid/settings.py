"""ORCID settings: the public API and summary hosts, an optional read-public token, timeout and cache lifetime."""

from __future__ import annotations

from pydantic import Field, SecretStr

from aind_metadata_service.settings import BaseUrl, SourceSettings


class OrcidSettings(SourceSettings):
    """ORCID is public, so every key has a default and the source is always configured (as MGI)."""

    title = "ORCID"
    api_url: BaseUrl = Field("https://pub.orcid.org/v3.0", alias="ORCID_API_URL")
    summary_url: BaseUrl = Field("https://orcid.org", alias="ORCID_SUMMARY_URL")  # <url>/<iD>/summary.json
    token: SecretStr | None = Field(None, alias="ORCID_TOKEN")  # a /read-public token raises ORCID's rate limit
    timeout_s: float = Field(5.0, alias="ORCID_TIMEOUT_S", gt=0)
    cache_ttl_s: float = Field(86400.0, alias="ORCID_CACHE_TTL_S", ge=0)
