"""SLIMS: the lab's LIMS, read over its REST advanced fetch with every filter sent to the server."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import Field, SecretStr, ValidationInfo, field_validator

from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import SourceSettings
from aind_metadata_service.sources.base import SourceError, http_session, shaped, translated
from aind_metadata_service.sources.slims.criteria import (
    Criterion,
    all_of,
    any_of,
    date_range,
    equals,
    in_set,
)
from aind_metadata_service.sources.slims.entities import Answer, Entity, SlimsRecord
from aind_metadata_service.sources.slims.records import (
    Content,
    ContentEvent,
    ExperimentRun,
    ExperimentRunStep,
    ExperimentRunStepContent,
    ExperimentTemplate,
    Linked,
    Order,
    OrderContent,
    ReferenceDataRecord,
    Result,
    Run,
    Sop,
    WaterRestrictionEvent,
    attach_results,
    group_runs,
)

R = TypeVar("R", bound=SlimsRecord)

ECEPHYS_TEMPLATES = ("In Vivo Electrophysiology Recording",)
IMAGING_TEMPLATES = ("SPIM Imaging",)
HISTOLOGY_TEMPLATES = ("SmartSPIM Labeling", "SmartSPIM Delipidation", "SmartSPIM Refractive Index Matching")
WATER_RESTRICTION = "Water Restriction"
CHUNK = 500  # pks per inSet: SQL back ends cap IN lists (Oracle at 1000)
MAX_PAGES = 200  # a server that ignores endRow must not keep us paging forever


class SlimsError(SourceError):
    """SLIMS could not answer."""

    source = "SLIMS"


class SlimsSettings(SourceSettings):
    """SLIMS settings. The original read the base URL from SLIMS_HOST; SLIMS_URL is accepted as well."""

    title = "SLIMS"
    host: str | None = Field(None, alias="SLIMS_HOST", exclude=True)
    url: str | None = Field(None, alias="SLIMS_URL", validate_default=True)
    username: str = Field(alias="SLIMS_USERNAME")
    password: SecretStr = Field(alias="SLIMS_PASSWORD")
    timeout_s: float = Field(30.0, alias="SLIMS_TIMEOUT_S", gt=0)

    @field_validator("url", mode="after")
    @classmethod
    def _base_url(cls, value: str | None, info: ValidationInfo) -> str:
        """SLIMS_URL, else SLIMS_HOST, as an http(s) base URL without a trailing slash."""
        url = (value or info.data.get("host") or "").rstrip("/")
        if urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("SLIMS_URL (or SLIMS_HOST) must be an http(s) URL")
        return url


class SlimsClient:
    """Reads SLIMS through one reused session: HTTP Basic auth and a timeout on every call."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        timeout_s: float = 30.0,
        session: requests.Session | None = None,
        page_size: int = 500,
    ) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self.page_size = page_size
        self.session = session or http_session()
        self.session.auth = (username, password)
        self.session.headers["Accept"] = "application/json"

    @classmethod
    def from_settings(cls, settings: SlimsSettings, cache: Cache | None = None) -> SlimsClient:
        """A client from the deployment's settings."""
        return cls(str(settings.url), settings.username, settings.password.get_secret_value(), settings.timeout_s)

    # ---- the public questions; every filter travels to SLIMS in the criteria ----

    def ecephys_sessions(
        self, subject_id: str | None, session_name: str | None, start: datetime | None, end: datetime | None
    ) -> list[Run]:
        """Electrophysiology recording runs, with results and the reward and module records they name.

        :raises SlimsError: 503 when SLIMS is out of reach or rejects the credentials, 500 otherwise.
        """
        mice = self._contents(subject_id, specimens=False)
        named = self._runs_with_session(session_name) if session_name else None
        runs = self._collect(ECEPHYS_TEMPLATES, start, end, mice, named)
        results = self._by(Result, "rslt_fk_experimentRunStep", [s.pk for r in runs for s in r.steps])
        first = self._by(
            ReferenceDataRecord,
            "rdrc_pk",
            [x.rslt_cf_fk_rewardDelivery.pk for x in results]
            + [pk for x in results for pk in x.rslt_cf_fk_modulesinStream.pks],
        )
        spouts = self._by(ReferenceDataRecord, "rdrc_pk", [pk for d in first for pk in d.rdrc_cf_fk_rewardSpouts.pks])
        return attach_results(runs, results, Linked(references={d.pk: d for d in first + spouts}))

    def smartspim_imaging(self, subject_id: str | None, start: datetime | None, end: datetime | None) -> list[Run]:
        """SmartSPIM imaging runs with their results, protocol, instrument, orientation and order channels.

        :raises SlimsError: 503 when SLIMS is out of reach or rejects the credentials, 500 otherwise.
        """
        runs = self._collect(IMAGING_TEMPLATES, start, end, self._contents(subject_id, specimens=True))
        results = self._by(Result, "rslt_fk_experimentRunStep", [s.pk for r in runs for s in r.steps])
        references = self._by(
            ReferenceDataRecord,
            "rdrc_pk",
            [x.rslt_cf_fk_instrumentJson.pk for x in results] + [x.rslt_cf_fk_spimBrainOrientation.pk for x in results],
        )
        placed = self._by(OrderContent, "rdcn_fk_content", [c.pk for r in runs for c in r.contents])
        orders = {o.pk: o for o in self._by(Order, "ordr_pk", [p.rdcn_fk_order for p in placed])}
        by_content: dict[int, list[Order]] = {}
        for p in placed:
            if p.rdcn_fk_order in orders:
                by_content.setdefault(p.rdcn_fk_content, []).append(orders[p.rdcn_fk_order])
        linked = Linked(references={d.pk: d for d in references}, sops=self._sops(runs), orders=by_content)
        return attach_results(runs, results, linked)

    def histology(self, subject_id: str | None, start: datetime | None, end: datetime | None) -> list[Run]:
        """SmartSPIM delipidation, labeling and refractive index matching runs, with protocols and reagents.

        :raises SlimsError: 503 when SLIMS is out of reach or rejects the credentials, 500 otherwise.
        """
        runs = self._collect(HISTOLOGY_TEMPLATES, start, end, self._contents(subject_id, specimens=True))
        reagents = self._by(Content, "cntn_pk", [pk for r in runs for s in r.steps for pk in s.xprs_cf_fk_reagent.pks])
        details = self._by(ReferenceDataRecord, "rdrc_pk", [c.cntn_cf_fk_reagentCatalogNumber.pk for c in reagents])
        linked = Linked(
            references={d.pk: d for d in details}, sops=self._sops(runs), reagents={c.pk: c for c in reagents}
        )
        return attach_results(runs, [], linked)

    def water_restrictions(
        self, subject_id: str | None, start: datetime | None = None, end: datetime | None = None
    ) -> list[WaterRestrictionEvent]:
        """Water restriction events (created within the range), each with its mouse.

        :raises SlimsError: 503 when SLIMS is out of reach or rejects the credentials, 500 otherwise.
        """
        mice = self._contents(subject_id, specimens=False)
        if mice == []:
            return []
        where = all_of(equals("cnvt_name", WATER_RESTRICTION), date_range("cnvn_createdOn", start, end))
        if mice is None:
            events = self._records(ContentEvent, where)
            mice = self._by(Content, "cntn_pk", [e.cnvn_fk_content for e in events])
        else:
            events = self._by(ContentEvent, "cnvn_fk_content", [m.pk for m in mice], where)
        by_pk = {m.pk: m for m in mice}
        return [WaterRestrictionEvent(e, by_pk[e.cnvn_fk_content]) for e in events if e.cnvn_fk_content in by_pk]

    def ping(self) -> None:
        """One row of a small table, for /healthz.

        :raises SlimsError: as every call.
        """
        self._page(ExperimentTemplate.table, {"sortBy": [ExperimentTemplate.key], "startRow": 0, "endRow": 1})

    # ---- the fetch chains ----

    def _contents(self, subject_id: str | None, specimens: bool) -> list[Content] | None:
        """The mouse's contents (with specimens=True, the specimens taken from it too); None without a subject."""
        if not subject_id:
            return None
        mouse = equals("cntn_barCode", subject_id)
        return self._records(
            Content, any_of(mouse, equals("cntn_cf_parentBarcode", subject_id)) if specimens else mouse
        )

    def _runs_with_session(self, session_name: str) -> set[int]:
        """The runs holding a mouse session of that name."""
        results = self._records(Result, equals("rslt_cf_sessionName", session_name))
        steps = self._by(ExperimentRunStep, "xprs_pk", [x.rslt_fk_experimentRunStep for x in results])
        return {s.xprs_fk_experimentRun for s in steps}

    def _collect(
        self,
        templates: Sequence[str],
        start: datetime | None,
        end: datetime | None,
        contents: list[Content] | None,
        run_pks: set[int] | None = None,
    ) -> list[Run]:
        """Runs of the templates within the dates: from the subject's contents when given, else by date alone."""
        links: list[ExperimentRunStepContent] = []
        if contents is not None:
            links = self._by(ExperimentRunStepContent, "xrsc_fk_content", [c.pk for c in contents])
            steps = self._by(ExperimentRunStep, "xprs_pk", [x.xrsc_fk_experimentRunStep for x in links])
            mine = {s.xprs_fk_experimentRun for s in steps}
            run_pks = mine if run_pks is None else mine & run_pks
        runs = self._runs(templates, start, end, run_pks)
        steps = self._by(ExperimentRunStep, "xprs_fk_experimentRun", [r.pk for r in runs])
        if contents is None:
            links = self._by(ExperimentRunStepContent, "xrsc_fk_experimentRunStep", [s.pk for s in steps])
            contents = self._by(Content, "cntn_pk", [x.xrsc_fk_content for x in links])
        return group_runs(runs, steps, links, contents)

    def _runs(
        self, templates: Sequence[str], start: datetime | None, end: datetime | None, run_pks: set[int] | None
    ) -> list[ExperimentRun]:
        """Runs of the named templates created within the dates, among run_pks when given."""
        if run_pks is not None and not run_pks:
            return []
        template_pks = [t.pk for t in self._records(ExperimentTemplate, in_set("xptm_name", templates))]
        if not template_pks:
            return []
        where = all_of(in_set("xprn_fk_experimentTemplate", template_pks), date_range("xprn_createdOn", start, end))
        if run_pks is None:
            return self._records(ExperimentRun, where)
        return self._by(ExperimentRun, "xprn_pk", run_pks, where)

    def _sops(self, runs: list[Run]) -> dict[int, Sop]:
        """The protocols the runs' steps name."""
        return {p.pk: p for p in self._by(Sop, "stop_pk", [s.xprs_cf_fk_protocol.pk for r in runs for s in r.steps])}

    # ---- transport: typed records, chunked inSet, paging ----

    def _by(self, model: type[R], name: str, values: Iterable[Any], *where: Criterion | None) -> list[R]:
        """Records whose field is one of the values: one inSet per chunk of values, with the extra criteria."""
        wanted = sorted({v for v in values if v is not None})
        found: list[R] = []
        for i in range(0, len(wanted), CHUNK):
            found += self._records(model, all_of(in_set(name, wanted[i : i + CHUNK]), *where))
        return found

    def _records(self, model: type[R], criteria: Criterion | None) -> list[R]:
        """Every record of the model's table matching the criteria, typed."""
        entities = self._entities(model.table, criteria, model.key)
        with shaped(SlimsError, f"returned {model.table} records"):
            return [model.from_entity(e) for e in entities]

    def _entities(self, table: str, criteria: Criterion | None, key: str) -> list[Entity]:
        """Every matching entity, page by page (sorted on the key so pages do not overlap) until a short page."""
        found: list[Entity] = []
        for start in range(0, MAX_PAGES * self.page_size, self.page_size):
            body: dict[str, Any] = {"sortBy": [key], "startRow": start, "endRow": start + self.page_size}
            if criteria is not None:
                body["criteria"] = criteria
            page = self._page(table, body)
            found += page
            if len(page) != self.page_size:
                return found
        raise SlimsError.failed(f"answered with more than {len(found)} {table} records")

    def _page(self, table: str, body: dict[str, Any]) -> list[Entity]:
        """One page: a GET with a JSON body, as SLIMS' own Python client sends it."""
        with translated(SlimsError, self.timeout_s) as timeout:
            response = self.session.get(f"{self.url}/rest/{table}/advanced", json=body, timeout=timeout)
            response.raise_for_status()
            return Answer.model_validate(response.json()).entities
