"""ORCID's answers, typed with their real (hyphenated, camelCase) field names as aliases."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """A piece of an ORCID answer; fields we do not read are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class ExpandedResult(Record):
    """One hit of /expanded-search."""

    orcid_id: str = Field(alias="orcid-id")
    given_names: str | None = Field(None, alias="given-names")
    family_names: str | None = Field(None, alias="family-names")
    credit_name: str | None = Field(None, alias="credit-name")
    other_name: list[str] | None = Field(None, alias="other-name")
    email: list[str] | None = None
    institution_name: list[str] | None = Field(None, alias="institution-name")


class ExpandedSearch(Record):
    """An /expanded-search answer; ORCID gives null rather than [] when nothing matches."""

    expanded_result: list[ExpandedResult] | None = Field(None, alias="expanded-result")
    num_found: int = Field(0, alias="num-found")


class EmailDomain(Record):
    """One verified e-mail domain on a record's summary."""

    value: str | None = None


class Summary(Record):
    """The parts of orcid.org's (undocumented) <iD>/summary.json we read."""

    email_domains: list[EmailDomain] | None = Field(None, alias="emailDomains")
