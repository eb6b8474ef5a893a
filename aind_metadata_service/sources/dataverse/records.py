"""Dataverse's rows, typed with their real column names as aliases, and the rows our routes answer with."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

FORMATTED = "@OData.Community.Display.V1.FormattedValue"  # the annotation Dataverse adds for a display value


class Row(BaseModel):
    """A Dataverse row: columns we do not read are ignored; a renamed column we do read fails here."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Table(Row):
    """A row of the `entities` entity set: one table."""

    entityid: str
    entitysetname: str | None = None
    name: str | None = None
    logicalname: str


class Attribute(Row):
    """One column of a table, from EntityDefinitions(...)/Attributes."""

    logical_name: str = Field(alias="LogicalName")
    attribute_type: str | None = Field(None, alias="AttributeType")
    attribute_of: str | None = Field(None, alias="AttributeOf")  # set on virtual sub-columns (…name, …yominame)


class Mouse(Row):
    """aibs_dim_mice: one mouse, keyed by its Dataverse id, with the LabTracks id as aibs_mouse_id."""

    row_id: str = Field(alias="aibs_dim_miceid")
    mouse_id: str = Field(alias="aibs_mouse_id")


class WaterRestrictionRecord(Row):
    """aibs_fact_mouse_water_restriction: a mouse's water-restriction record."""

    record_name: str | None = Field(None, alias="aibs_record_name")
    active_record: bool | None = Field(None, alias="aibs_active_record")
    baseline_weight: Decimal | None = Field(None, alias="aibs_baseline_weight")
    last_watered_datetime: datetime | None = Field(None, alias="aibs_last_watered_datetime")
    low_weight_threshold: Decimal | None = Field(None, alias="aibs_low_weight_threshold")
    target_weight: Decimal | None = Field(None, alias="aibs_target_weight")
    targeted_weight_percentage: Decimal | None = Field(None, alias="aibs_targeted_weight_percentage")
    water_restriction_status: int | None = Field(None, alias="aibs_water_restriction_status")


class ChangeLog(Row):
    """aibs_fact_mouse_water_restriction_change_log: one change of a mouse's restriction status."""

    change_date_time: datetime | None = Field(None, alias="aibs_change_date_time")
    new_value: str | None = Field(None, alias="aibs_new_value")
    old_value: str | None = Field(None, alias="aibs_old_value")


class MouseWeightRecord(Row):
    """aibs_fact_mouse_weight_records: one weighing, lookups read through their formatted values."""

    record_id: str | None = Field(None, alias="aibs_fact_mouse_weight_recordsid")
    mouse_id: str | None = Field(None, alias="_aibs_mouse_id_value@OData.Community.Display.V1.FormattedValue")
    weight: float | None = Field(None, alias="aibs_weight")
    weight_datetime: datetime | None = Field(None, alias="cr138_datetime")
    is_baseline_weight: bool | None = Field(None, alias="aibs_is_baseline_weight")
    operator: str | None = Field(None, alias="_aibs_operator_value@OData.Community.Display.V1.FormattedValue")
    workstation: str | None = Field(None, alias="aibs_workstation")
    software_version: str | None = Field(None, alias="aibs_software_version")
    software_source: str | None = Field(None, alias="aibs_software_source")
    status: str | None = Field(None, alias="statuscode@OData.Community.Display.V1.FormattedValue")
    notes: str | None = Field(None, alias="aibs_notes")


class SystemUser(Row):
    """systemuser, as expanded through an N:N relationship: a person's full name."""

    fullname: str | None = None


class Project(Row):
    """cr138_project, with its investigators expanded through cr138_projects_systemuser."""

    project_id: str = Field(alias="cr138_projectid")
    project: str | None = Field(None, alias="cr138_project")
    sub_project: str | None = Field(None, alias="cr138_sub_project")
    investigators: list[SystemUser] = Field(default_factory=list, alias="cr138_projects_systemuser")


class FundingCode(Row):
    """cr138_funding_code, with its projects and fundees expanded through their N:N relationships."""

    grant: str | None = Field(None, alias="cr138_grant")
    funding_code: str | None = Field(None, alias="cr138_funding_code")
    institution: str | None = Field(
        None, alias="_cr138_funding_institution_value@OData.Community.Display.V1.FormattedValue"
    )  # the lookup's display value: aibs_funding_institution's primary name, aibs_institutionname
    projects: list[Project] = Field(default_factory=list, alias="cr138_projects_cr138_funding_codes")
    fundees: list[SystemUser] = Field(default_factory=list, alias="cr138_funding_codes_systemuser")


class MouseWeightData(BaseModel):
    """A mouse weight as upstream's /dataverse/mouse_weight_records answers it; every field optional."""

    record_id: str | None = None
    mouse_id: str | None = None
    weight: float | None = None
    weight_datetime: datetime | None = None
    is_baseline_weight: bool | None = None
    operator: str | None = None
    workstation: str | None = None
    software_version: str | None = None
    software_source: str | None = None
    status: str | None = None
    notes: str | None = None


class WaterRestrictionRow(BaseModel):
    """One row of /dataverse/water_restriction: a restriction record joined with one of its change-log rows."""

    mouse_id: str
    protocol_id: str | None = None  # upstream's model has it; where Dataverse keeps it is unknown, so null
    record_name: str | None = None
    active_record: bool | None = None
    baseline_weight: str | None = None
    last_watered_datetime: datetime | None = None
    low_weight_threshold: str | None = None
    target_weight: str | None = None
    targeted_weight_percentage: str | None = None
    water_restriction_status: str | None = None
    change_date_time: datetime | None = None
    new_value: str | None = None
    old_value: str | None = None


class FundingRow(BaseModel):
    """One row of /dataverse/funding: one combination of project, funding code, investigator and fundee."""

    project_name: str | None = None
    subproject: str | None = None
    project_code: str | None = None
    funding_institution: str | None = None
    grant_number: str | None = None
    fundees: str | None = None
    investigators: str | None = None
