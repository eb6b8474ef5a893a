"""TARS' records as its API sends them (prep lots, viruses, aliases, titers): what client and mappers share."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """A typed piece of a TARS answer: the camelCase names TARS uses; fields we do not read are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Alias(Record):
    """One of the names a virus or molecule is known by."""

    name: str | None = None
    is_preferred: bool | None = Field(None, alias="isPreferred")


def preferred(aliases: list[Alias]) -> str | None:
    """The alias TARS marks as preferred (the TARS id), if any."""
    return next((a.name for a in aliases if a.is_preferred and a.name), None)


class Titer(Record):
    """One titer measurement of a lot."""

    result: int | float | None = None


class PrepType(Record):
    """The kind of prep, e.g. 'Crude-SOP#VC002'."""

    name: str | None = None


class Molecule(Record):
    """A plasmid a virus is built from."""

    full_name: str | None = Field(None, alias="fullName")
    aliases: list[Alias] = []
    addgene_id: str | int | None = Field(None, alias="addgeneId")
    rr_id: str | None = Field(None, alias="rrId")


class Virus(Record):
    """A Viruses entry."""

    aliases: list[Alias] = []
    molecules: list[Molecule] = []
    rr_id: str | None = Field(None, alias="rrId")


class ViralPrep(Record):
    """The prep a lot belongs to."""

    viral_prep_type: PrepType | None = Field(None, alias="viralPrepType")
    virus: Virus | None = None


class PrepLot(Record):
    """A ViralPrepLots entry."""

    lot: str
    date_prepped: str | None = Field(None, alias="datePrepped")
    viral_prep: ViralPrep | None = Field(None, alias="viralPrep")
    titers: list[Titer] = []

    @property
    def virus_alias(self) -> str | None:
        """The preferred alias of the lot's virus: the key for the Viruses search."""
        virus = self.viral_prep.virus if self.viral_prep else None
        return preferred(virus.aliases) if virus else None


class Page(Record):
    """One page of any TARS search."""

    data: list[dict[str, Any]]
    more_pages: bool = Field(False, alias="morePages")
