"""Dataverse settings: the Azure AD app registration, the environment's URL, timeouts and cache lifetimes."""

from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from aind_metadata_service.settings import BaseUrl, SourceSettings


class DataverseSettings(SourceSettings):
    """Dataverse settings, with the upstream service's key names."""

    title = "Dataverse"
    tenant_id: str = Field(alias="DATAVERSE_TENANT_ID")
    client_id: str = Field(alias="DATAVERSE_CLIENT_ID")
    client_secret: SecretStr = Field(alias="DATAVERSE_CLIENT_SECRET")
    environment_url: BaseUrl = Field(alias="DATAVERSE_ENVIRONMENT_URL")  # e.g. https://org.crm.dynamics.com
    scope: str | None = Field(None, alias="DATAVERSE_SCOPE")  # defaults to <environment URL>/.default
    timeout_s: float = Field(20.0, alias="DATAVERSE_TIMEOUT_S", gt=0)
    tables_ttl_s: float = Field(900.0, alias="DATAVERSE_TABLES_CACHE_TTL_S", ge=0)
    funding_ttl_s: float = Field(600.0, alias="DATAVERSE_FUNDING_CACHE_TTL_S", ge=0)
    max_pages: int = Field(100, alias="DATAVERSE_MAX_PAGES", gt=0)  # @odata.nextLink pages read per query

    @field_validator("environment_url")
    @classmethod
    def _https(cls, value: str) -> str:
        """The environment's origin, https only (the bearer token must never travel in clear)."""
        if not value.startswith("https://"):
            raise ValueError("must be an https:// URL, e.g. https://org.crm.dynamics.com")
        return value

    @property
    def token_scope(self) -> str:
        """The scope asked of Azure AD: the environment itself, as Microsoft documents for client credentials."""
        return self.scope or f"{self.environment_url}/.default"

    @property
    def api(self) -> str:
        """The Web API's root."""
        return f"{self.environment_url}/api/data/v9.2"
