"""Instrument store settings: the DocDB API gateway, and the token that may write to it through us."""

from __future__ import annotations

from pydantic import Field, SecretStr

from aind_metadata_service.settings import SourceSettings


class InstrumentSettings(SourceSettings):
    """DocDB's REST gateway, as aind-data-access-api reaches it; writes are SigV4-signed with AWS credentials."""

    title = "DocDB"
    host: str = Field(alias="DOCDB_API_HOST", min_length=1)  # e.g. api.docdb.example.org, no scheme
    database: str = Field("metadata_files", alias="DOCDB_DATABASE")
    collection: str = Field("instruments", alias="DOCDB_COLLECTION")
    region: str | None = Field(None, alias="DOCDB_AWS_REGION")  # else boto's own (AWS_DEFAULT_REGION, profile)
    timeout_s: float = Field(20.0, alias="DOCDB_TIMEOUT_S", gt=0)
    # Who may POST /api/v2/instrument: one shared secret, sent as `Authorization: Bearer <token>`.
    # Unset, writes are refused (503), never open.
    write_token: SecretStr | None = Field(None, alias="INSTRUMENT_WRITE_TOKEN", min_length=16)
