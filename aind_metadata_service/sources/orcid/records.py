"""ORCID's answers, typed with their real (hyphenated, camelCase) field names as aliases."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def check_digit(base: str) -> str:
    """ORCID's check character over the first 15 digits (ISO 7064 MOD 11-2)."""
    total = 0
    for digit in base:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def is_orcid(value: str) -> bool:
    """Whether a value is a well-formed ORCID iD with a correct check character."""
    digits = value.replace("-", "")
    shaped = len(value) == 19 and [len(p) for p in value.split("-")] == [4, 4, 4, 4]
    return shaped and digits[:15].isdigit() and digits[15] == check_digit(digits[:15])


def _an_orcid(value: str) -> str:
    """The value, when it is a well-formed ORCID iD: it goes into the summary's URL."""
    if not is_orcid(value):
        raise ValueError("not a well-formed ORCID iD")
    return value


class Record(BaseModel):
    """A piece of an ORCID answer; fields we do not read are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class ExpandedResult(Record):
    """One hit of /expanded-search."""

    orcid_id: Annotated[str, AfterValidator(_an_orcid)] = Field(alias="orcid-id")
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
