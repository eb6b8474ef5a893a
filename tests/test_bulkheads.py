"""Bulkheads: each source's calls in its own bounded pool, so one slow source cannot starve the others."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from aind_metadata_service.fanout import Call, Fanout, Gathered
from aind_metadata_service.settings import ConfigError


def until(condition: Callable[[], bool]) -> None:
    """Wait (at most 5 s) until the condition holds; what is asserted is the condition, not the time."""
    done = threading.Event()
    for _ in range(500):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("the condition never held")


def in_background(fanout: Fanout, calls: dict[str, Call], deadline_s: float) -> dict[str, Gathered]:
    """Gather on another thread (a request waiting on its sources); the result appears in the dict."""
    found: dict[str, Gathered] = {}
    threading.Thread(target=lambda: found.update(g=fanout.gather(calls, deadline_s)), daemon=True).start()
    return found


def test_a_stuck_source_fills_only_its_own_slots_and_the_others_answer() -> None:
    fanout, gate = Fanout(per_source=2), threading.Event()
    stuck = {f"SharePoint {i}": Call("sharepoint", gate.wait) for i in range(3)}
    found = in_background(fanout, stuck, deadline_s=30)
    until(lambda: fanout.in_flight("sharepoint") == 2)
    gathered = fanout.gather({"LabTracks": Call("labtracks", lambda: "rows")}, deadline_s=5)
    assert gathered.results == {"LabTracks": "rows"}
    assert (fanout.in_flight("sharepoint"), fanout.started["sharepoint"]) == (2, 2)  # the third waits its turn
    gate.set()
    until(lambda: "g" in found)
    assert fanout.started["sharepoint"] == 3 and not found["g"].failures


def test_a_call_still_queued_at_the_deadline_gives_up_its_place_and_never_runs() -> None:
    fanout, gate, ran = Fanout(per_source=1), threading.Event(), []

    def first() -> None:
        ran.append("first")
        gate.wait()

    calls = {"SLIMS 1": Call("slims", first), "SLIMS 2": Call("slims", lambda: ran.append("second"))}
    gathered = fanout.gather(calls, deadline_s=0.2)
    assert {k: e.status for k, e in gathered.failures.items()} == {"SLIMS 1": 503, "SLIMS 2": 503}
    assert gathered.failures["SLIMS 2"].message == "SLIMS 2 timed out after 0.2 s"
    gate.set()
    until(lambda: fanout.in_flight("slims") == 0)
    assert ran == ["first"]  # the queued call was dropped, not run late


def test_each_source_has_its_own_limit_and_unnamed_ones_the_default() -> None:
    fanout = Fanout(per_source=16, limits={"labtracks": 4})
    assert (fanout.limit("labtracks"), fanout.limit("sharepoint")) == (4, 16)


def test_the_concurrency_setting_reads_per_source_limits(make_app: Any) -> None:
    app = make_app(SOURCE_CONCURRENCY="labtracks=3, SharePoint=40", FANOUT_WORKERS=12)
    fanout = app.extensions["aind_metadata_service"].fanout
    assert (fanout.limit("labtracks"), fanout.limit("sharepoint"), fanout.limit("tars")) == (3, 40, 12)


def test_a_concurrency_setting_naming_no_source_stops_startup(make_app: Any) -> None:
    with pytest.raises(ConfigError, match="AIND_SOURCE_CONCURRENCY names no source: sharepint"):
        make_app(SOURCE_CONCURRENCY="sharepint=4")


def test_a_concurrency_setting_that_does_not_parse_stops_startup(make_app: Any) -> None:
    with pytest.raises(ConfigError, match="AIND_SOURCE_CONCURRENCY is invalid"):
        make_app(SOURCE_CONCURRENCY="labtracks")


def test_a_forked_worker_makes_its_own_pools(monkeypatch: pytest.MonkeyPatch) -> None:
    fanout = Fanout(per_source=2)
    parent = fanout._pool("tars")
    monkeypatch.setattr("aind_metadata_service.fanout.os.getpid", lambda: -1)  # as in a child after fork
    assert fanout._pool("tars") is not parent
