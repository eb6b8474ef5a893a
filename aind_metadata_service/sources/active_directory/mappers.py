"""Directory entries to the user answer: username, full name and email."""

from __future__ import annotations

from typing import Any

from aind_metadata_service.sources.active_directory.records import DirectoryUser

# The answer's fields and the entry attribute each comes from.
FIELDS = {"username": "login", "full_name": "full_name", "email": "mail"}


def to_user(entry: DirectoryUser) -> dict[str, Any]:
    """The answer for one entry: username, full_name, email."""
    return {field: getattr(entry, attribute) for field, attribute in FIELDS.items()}
