"""A directory entry as LDAP returns it: attribute names as in Active Directory, values as lists."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The attributes asked for: exactly the ones read, so nothing else leaves the directory.
ATTRIBUTES = ["sAMAccountName", "cn", "mail"]


class DirectoryUser(BaseModel):
    """One user entry; single-valued attributes arrive as one-element lists without a schema."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    dn: str
    login: str = Field(alias="sAMAccountName")
    full_name: str = Field(alias="cn")
    mail: str | None = Field(None, alias="mail")

    @field_validator("login", "full_name", "mail", mode="before")
    @classmethod
    def _first(cls, value: Any) -> Any:
        """The first value of a multi-valued answer; None for an attribute the entry lacks."""
        if isinstance(value, list | tuple):
            return value[0] if value else None
        return value

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> DirectoryUser:
        """From one ldap3 search response item (`{"dn", "attributes"}`)."""
        return cls.model_validate({"dn": entry["dn"], **entry["attributes"]})
