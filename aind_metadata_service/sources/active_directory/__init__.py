"""Active Directory: who a login or a full name is, read over LDAP."""

from __future__ import annotations

from aind_metadata_service.sources.active_directory.client import ActiveDirectoryClient
from aind_metadata_service.sources.active_directory.settings import ActiveDirectorySettings
from aind_metadata_service.sources.base import Source

SOURCE: Source[ActiveDirectoryClient] = Source(
    "active_directory", "Active Directory", ActiveDirectorySettings, ActiveDirectoryClient.from_settings, __name__
)
