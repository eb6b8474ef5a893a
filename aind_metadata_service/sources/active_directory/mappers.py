"""Directory entries to the user answer, and the rule for which entries a name means."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ldap3.utils.conv import escape_filter_chars

from aind_metadata_service.sources.active_directory.records import DirectoryUser

# The answer's fields and the entry attribute each comes from.
FIELDS = {"username": "login", "full_name": "full_name", "email": "mail"}

# Users only: in Active Directory a computer is a `user` too (its cn is its host name).
FILTER = "(&(objectClass=user)(!(objectClass=computer))(|(sAMAccountName={value})(cn={value})))"


def search_filter(name: str) -> str:
    """The LDAP filter for a login or a full name, the value escaped per RFC 4515 (`*`, `(`, `)`, `\\`, NUL)."""
    return FILTER.format(value=escape_filter_chars(name))


def to_user(entry: DirectoryUser) -> dict[str, Any]:
    """The answer for one entry: username, full_name, email."""
    return {field: getattr(entry, attribute) for field, attribute in FIELDS.items()}


def matches(entries: Sequence[DirectoryUser], name: str) -> list[DirectoryUser]:
    """The entries the name means: the one whose login it is, else every one whose full name it is."""
    wanted = name.casefold()
    by_login = [e for e in entries if e.login.casefold() == wanted]
    return by_login or [e for e in entries if e.full_name.casefold() == wanted]
