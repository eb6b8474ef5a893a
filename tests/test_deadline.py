"""One deadline per request: every source call under it gets the time that is left, and none once it is gone."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from aind_metadata_service import deadline
from aind_metadata_service.demo import transport
from aind_metadata_service.sources.base import get_json, http_session
from aind_metadata_service.sources.slims.client import SlimsError


class Clock:
    """Time that moves only when the demo 'waits': tests assert what happened, never how long it took."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The deadline's clock, moved on by the demo's latency instead of sleeping."""
    found = Clock()
    monkeypatch.setattr(deadline, "clock", found)
    monkeypatch.setattr(transport.time, "sleep", found.sleep)
    return found


class Recording(BaseAdapter):
    """A transport that answers {} and notes each request's timeout."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list[Any] = []

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        self.timeouts.append(kwargs.get("timeout"))
        response = requests.Response()
        response.status_code, response._content, response.request = 200, b"{}", request
        return response

    def close(self) -> None:
        """Nothing to release."""


def test_a_call_gets_the_time_left_in_the_request_when_that_is_shorter(clock: Clock) -> None:
    adapter = Recording()
    session = http_session(adapter)
    with deadline.within(2.0):
        clock.now += 1.5
        get_json(session, SlimsError, "https://slims.test/rest/Content", 30)
    get_json(session, SlimsError, "https://slims.test/rest/Content", 30)  # outside a request: its own
    assert adapter.timeouts == [0.5, 30]


def test_no_call_is_made_once_the_request_has_no_time_left(clock: Clock) -> None:
    adapter = Recording()
    with deadline.within(2.0), pytest.raises(SlimsError) as e:
        clock.now += 2.0
        get_json(http_session(adapter), SlimsError, "https://slims.test/rest/Content", 30)
    assert (e.value.status, e.value.message) == (503, "SLIMS did not answer within the request's deadline (2 s)")
    assert adapter.timeouts == []


def test_slims_chained_requests_stop_at_the_deadline_and_the_answer_names_slims(make_app: Any, clock: Clock) -> None:
    app = make_app(DEMO_LATENCY_MS=5000, DEMO_CHARGE="request", REQUEST_DEADLINE_S=12, ANSWER_CACHE_TTL_S=0)
    started = clock.now
    response = app.test_client().get("/slims/histology?subject_id=775745")
    assert response.status_code == 503
    assert response.json["message"] == "SLIMS did not answer within the request's deadline (12 s)"
    assert clock.now - started == 12  # two requests of 5 s, the third cut at the 2 s left


def test_the_labtracks_query_is_cut_at_the_deadline_naming_labtracks(make_app: Any, clock: Clock) -> None:
    app = make_app(DEMO_LATENCY_MS=5000, REQUEST_DEADLINE_S=2, ANSWER_CACHE_TTL_S=0)
    response = app.test_client().get("/subject/775745")
    assert response.status_code == 503
    assert response.json["message"] == "LabTracks did not answer within the request's deadline (2 s)"


def test_each_request_starts_its_own_deadline(make_app: Any, clock: Clock) -> None:
    app = make_app(DEMO_LATENCY_MS=400, REQUEST_DEADLINE_S=2, ANSWER_CACHE_TTL_S=0)
    client = app.test_client()
    # LabTracks then MGI (this clock adds concurrent waits up): under 2 s each, over 2 s for the three
    assert [client.get("/subject/775745").status_code for _ in range(3)] == [200, 200, 200]
    assert deadline.current() is None  # nothing left behind in the thread that served them


def test_the_old_name_of_the_deadline_setting_still_works(monkeypatch: pytest.MonkeyPatch, make_app: Any) -> None:
    monkeypatch.setenv("AIND_SOURCE_DEADLINE_S", "7")
    assert make_app().config["REQUEST_DEADLINE_S"] == 7

