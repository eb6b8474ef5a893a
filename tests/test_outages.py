"""Outages do not multiply load: a failing source is skipped for a cool-down, a partial answer is reused briefly."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask import Flask

from aind_metadata_service import breakers
from aind_metadata_service.breakers import CLOSED, OPEN, PROBING, Breaker
from aind_metadata_service.demo.transport import Demo


class Clock:
    """The breakers' clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The breakers' clock."""
    found = Clock()
    monkeypatch.setattr(breakers, "clock", found)
    return found


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Requests the demo sources received, by source."""
    found: Counter[str] = Counter()
    original = Demo.call

    def counted(self: Demo, source: str, *args: Any) -> None:
        found[source] += 1
        original(self, source, *args)

    monkeypatch.setattr(Demo, "call", counted)
    return found


def switch(app: Flask, failing: set[str]) -> None:
    """Turn demo sources off or back on in a running app."""
    object.__setattr__(app.extensions["aind_metadata_service"].demo, "failing", frozenset(failing))


def test_a_breaker_opens_after_n_failures_in_a_row_and_a_success_resets_the_count(clock: Clock) -> None:
    breaker = Breaker(failures_to_open=3, cooldown_s=10)
    breaker.failed(), breaker.failed(), breaker.succeeded(), breaker.failed(), breaker.failed()
    assert breaker.state == CLOSED and breaker.allow()
    breaker.failed()
    assert breaker.state == OPEN and not breaker.allow()


def test_after_the_cool_down_one_probe_goes_through_and_its_result_decides(clock: Clock) -> None:
    breaker = Breaker(failures_to_open=1, cooldown_s=10)
    breaker.failed()
    clock.now += 10
    assert [breaker.allow(), breaker.allow()] == [True, False]  # one probe at a time
    assert breaker.state == PROBING
    breaker.failed()
    assert breaker.state == OPEN and not breaker.allow()  # the probe failed: another cool-down
    clock.now += 10
    assert breaker.allow()
    breaker.succeeded()
    assert breaker.state == CLOSED and breaker.failures == 0


def test_a_failing_source_is_skipped_and_answers_say_since_when(
    make_app: Any, clock: Clock, calls: Counter[str]
) -> None:
    app = make_app(DEMO_FAIL="sharepoint", BREAKER_FAILURES=4, BREAKER_COOLDOWN_S=30, ANSWER_CACHE_TTL_S=0)
    client = app.test_client()
    first = client.get("/procedures/775745")
    asked = calls["sharepoint"]
    assert first.status_code == 207 and asked >= 4  # four lists failed: the breaker opens
    assert app.extensions["aind_metadata_service"].breakers.states()["SharePoint"] == OPEN
    second = client.get("/procedures/775745")
    assert second.status_code == 207 and calls["sharepoint"] == asked  # SharePoint was not asked at all
    assert "skipped: SharePoint failing since 20" in second.json["message"]
    assert calls["labtracks"] == 2  # the others still were


def test_after_the_cool_down_a_probe_finds_the_source_back_and_it_is_asked_again(
    make_app: Any, clock: Clock, calls: Counter[str]
) -> None:
    app = make_app(DEMO_FAIL="sharepoint", BREAKER_FAILURES=4, BREAKER_COOLDOWN_S=30, ANSWER_CACHE_TTL_S=0)
    client = app.test_client()
    client.get("/procedures/775745")
    switch(app, set())
    clock.now += 30
    # One list's call probes; the other three are skipped unless the probe has already closed the breaker when
    # they ask (they run concurrently), so the probing answer is 207 or 200: the breaker is closed either way.
    probed = client.get("/procedures/775745")
    assert probed.status_code in (200, 207)
    assert app.extensions["aind_metadata_service"].breakers.states()["SharePoint"] == CLOSED
    assert client.get("/procedures/775745").status_code == 200


def test_a_source_answering_about_one_question_is_not_a_failure(make_app: Any) -> None:
    app = make_app(BREAKER_FAILURES=1, ANSWER_CACHE_TTL_S=0)
    client = app.test_client()
    assert client.get("/subject/999999999").status_code == 404
    assert app.extensions["aind_metadata_service"].breakers.states().get("LabTracks", CLOSED) == CLOSED


@pytest.mark.parametrize(
    ("down", "status"),
    [
        ("sharepoint", 207),  # a partial answer
        ("sharepoint,labtracks,slims,smartsheet,dataverse", 503),  # the only source with records is down
    ],
)
def test_an_answer_missing_a_source_is_reused_for_a_few_seconds(
    make_app: Any, calls: Counter[str], down: str, status: int
) -> None:
    app = make_app(DEMO_FAIL=down, PARTIAL_CACHE_TTL_S=5)
    client = app.test_client()
    first = client.get("/procedures/775745")
    asked = sum(calls.values())
    again = client.get("/procedures/775745")
    assert (first.status_code, first.headers["X-Cache"]) == (status, "miss")
    assert (again.status_code, again.headers["X-Cache"]) == (status, "hit")
    assert sum(calls.values()) == asked  # no source was asked again


def test_a_zero_partial_ttl_keeps_partial_answers_out_of_the_cache(make_app: Any) -> None:
    app = make_app(DEMO_FAIL="sharepoint", PARTIAL_CACHE_TTL_S=0)
    client = app.test_client()
    assert [client.get("/procedures/775745").headers["X-Cache"] for _ in range(2)] == ["miss", "miss"]


def test_a_complete_answer_kept_earlier_is_still_served_stale_rather_than_a_partial_one(make_app: Any) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0.001)
    client = app.test_client()
    assert client.get("/procedures/775745").status_code == 200
    switch(app, {"sharepoint"})
    stale = client.get("/procedures/775745")
    assert (stale.status_code, stale.headers["X-Cache"]) == (200, "stale")
