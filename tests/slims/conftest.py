"""SLIMS fixtures: a client on a fake host with `responses`, the demo client, and the demo app with SLIMS registered."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from aind_metadata_service import app as factory
from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.blueprints import slims as slims_routes
from aind_metadata_service.clients import slims
from aind_metadata_service.clients.slims import SlimsClient, demo_client
from aind_metadata_service.clients.slims_entities import Ref
from aind_metadata_service.clients.slims_records import Content, ExperimentRun, ExperimentRunStep, Linked, Run
from aind_metadata_service.demo.transport import Demo

URL = "https://slims.test"
LA = ZoneInfo("America/Los_Angeles")
SPECIMEN = Content(pk=2001, cntn_barCode="BRN00000231", cntn_cf_parentBarcode="775745")
USER, PASSWORD = "reader", "s3cr3t-Pa55"


def advanced(table: str) -> str:
    """The REST advanced fetch URL of a table on the fake host."""
    return f"{URL}/rest/{table}/advanced"


def column(name: str, value: Any, **extra: Any) -> dict[str, Any]:
    """One column as SLIMS sends it."""
    return {"name": name, "value": value, "datatype": "STRING", "title": name, **extra}


def entity(table: str, pk: int, **columns: Any) -> dict[str, Any]:
    """One entity with plain columns (values only)."""
    return {"pk": pk, "tableName": table, "columns": [column(k, v) for k, v in columns.items()]}


def answer(*entities: dict[str, Any]) -> dict[str, Any]:
    """The advanced fetch's JSON answer."""
    return {"entities": list(entities)}


def body(call: Any) -> Any:
    """The JSON body a recorded call sent."""
    return json.loads(call.request.body)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A lab-time moment."""
    return datetime(year, month, day, hour, minute, tzinfo=LA)


def step(
    pk: int, name: str, start: datetime | None = None, end: datetime | None = None, **more: Any
) -> ExperimentRunStep:
    """A step of run 1, typed as the client types it."""
    return ExperimentRunStep(
        pk=pk, xprs_fk_experimentRun=1, xprs_name=name, xprs_cf_startTime=start, xprs_cf_endTime=end, **more
    )


def run(template: str, steps: list[ExperimentRunStep], contents: list[Content] | None = None, **linked: Any) -> Run:
    """Run 1 of a template, on 775745's brain unless told, with the linked records given."""
    record = ExperimentRun(
        pk=1, xprn_fk_experimentTemplate=Ref(pk=1, display=f"{template} (v. 2)"), xprn_createdOn=None
    )
    return Run(record, steps, [SPECIMEN] if contents is None else contents, [], Linked(**linked))


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """HTTP mocked at the transport; a call nobody expected fails, and so does an expected call never made."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def make_client() -> Callable[..., SlimsClient]:
    """A client on the fake host: make_client(page_size=2)."""

    def build(**options: Any) -> SlimsClient:
        return SlimsClient(URL, USER, PASSWORD, **{"timeout_s": 3, **options})

    return build


@pytest.fixture
def demo() -> SlimsClient:
    """The demo's client: the real client code on the demo's SLIMS."""
    return demo_client(Demo(DEMO_DATA))


def _register(monkeypatch: pytest.MonkeyPatch) -> None:
    """The factory builds SLIMS and registers its blueprint (until the lead adds them to the lists)."""
    if slims.SPEC not in factory.SOURCES:
        monkeypatch.setattr(factory, "SOURCES", [*factory.SOURCES, slims.SPEC])
    if slims_routes.bp not in factory.BLUEPRINTS:
        monkeypatch.setattr(factory, "BLUEPRINTS", [*factory.BLUEPRINTS, slims_routes.bp])


@pytest.fixture
def with_slims(monkeypatch: pytest.MonkeyPatch) -> None:
    """SLIMS in the apps this test builds with make_app."""
    _register(monkeypatch)


@pytest.fixture(scope="module")
def slims_app() -> Iterator[Flask]:
    """The demo app with SLIMS, shared by a module's read-only tests (building an app takes a good half second)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _register(monkeypatch)
        yield factory.create_app(
            {"TESTING": True, "DEMO": True, "DEMO_DATA": None, "DEMO_FAIL": "", "DEMO_LATENCY_MS": 0}
        )


@pytest.fixture
def web(slims_app: Flask) -> Iterator[FlaskClient]:
    """A test client of the demo app with SLIMS."""
    with slims_app.test_client() as test_client:
        yield test_client
