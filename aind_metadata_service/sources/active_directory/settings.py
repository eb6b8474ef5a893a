"""Active Directory settings: where the domain controller is, and the account that reads it."""

from __future__ import annotations

from pydantic import Field, SecretStr

from aind_metadata_service.settings import SourceSettings


class ActiveDirectorySettings(SourceSettings):
    """The LDAP bind: a service account's simple bind, over ldaps:// or with StartTLS in production."""

    title = "Active Directory"
    url: str = Field(alias="AD_URL", min_length=1)  # ldap://dc1.corp.example.org, ldaps://...:636, or a bare host
    username: str = Field(alias="AD_USERNAME", min_length=1)  # the bind DN, or user@domain as AD also accepts
    password: SecretStr = Field(alias="AD_PASSWORD")
    search_base: str = Field(alias="AD_SEARCH_BASE", min_length=1)  # e.g. DC=corp,DC=example,DC=org
    start_tls: bool = Field(False, alias="AD_START_TLS")  # upgrade an ldap:// connection before binding
    ca_file: str | None = Field(None, alias="AD_CA_FILE")  # the CA that signed the controllers' certificates
    timeout_s: float = Field(5.0, alias="AD_TIMEOUT_S", gt=0)  # connect and receive, each
    cache_ttl_s: float = Field(3600.0, alias="AD_CACHE_TTL_S", ge=0)
