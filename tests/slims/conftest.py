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

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.slims.client import SlimsClient
from aind_metadata_service.sources.slims.demo import demo_client
from aind_metadata_service.sources.slims.entities import Ref
from aind_metadata_service.sources.slims.records import Content, ExperimentRun, ExperimentRunStep, Linked, Run

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


@pytest.fixture
def web(app: Flask) -> Iterator[FlaskClient]:
    """A test client of the demo app with SLIMS."""
    with app.test_client() as test_client:
        yield test_client
