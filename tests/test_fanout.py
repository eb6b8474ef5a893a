"""Concurrent source calls: latency is the slowest call's, failures are named, deadlines hold."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from aind_metadata_service.demo import transport as sources
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.fanout import Call, Fanout
from aind_metadata_service.sources.base import SourceError


@pytest.fixture
def fanout() -> Fanout:
    """A small pool."""
    return Fanout(8)


def test_independent_calls_run_at_the_same_time(fanout: Fanout) -> None:
    together = threading.Barrier(5, timeout=5)  # breaks unless all five calls are in flight at once

    def call(i: int) -> int:
        together.wait()
        return i

    gathered = fanout.gather({f"s{i}": Call(f"s{i}", lambda i=i: call(i)) for i in range(5)}, deadline_s=10)
    assert gathered.failures == {}
    assert gathered.results == {"s0": 0, "s1": 1, "s2": 2, "s3": 3, "s4": 4}


def test_a_failing_call_is_named_and_the_others_still_answer(fanout: Fanout) -> None:
    def down() -> None:
        raise SourceError("SLIMS is unreachable", 503)

    gathered = fanout.gather({"LabTracks": Call("labtracks", lambda: "rows"), "SLIMS": Call("slims", down)}, deadline_s=5)
    assert gathered.results == {"LabTracks": "rows"}
    assert gathered.failures["SLIMS"].message == "SLIMS is unreachable"


def test_a_call_past_the_deadline_is_a_503_naming_it(fanout: Fanout) -> None:
    gathered = fanout.gather({"TARS": Call("tars", lambda: time.sleep(1))}, deadline_s=0.1)
    assert (gathered.failures["TARS"].status, gathered.failures["TARS"].message) == (503, "TARS timed out after 0.1 s")


def test_a_bug_in_one_call_is_a_500_naming_it_not_a_crash(fanout: Fanout) -> None:
    gathered = fanout.gather({"SharePoint NSB 2019": Call("sharepoint", lambda: 1 / 0)}, deadline_s=1)
    assert gathered.failures["SharePoint NSB 2019"].message == "SharePoint NSB 2019 could not be read"


def test_map_asks_each_distinct_key_once(fanout: Fanout) -> None:
    asked: list[str] = []
    gathered = fanout.map(lambda k: asked.append(k) or k.lower(), ["VT1", "VT2", "VT1"], deadline_s=1, source="tars")
    assert sorted(asked) == ["VT1", "VT2"] and gathered.results == {"VT1": "vt1", "VT2": "vt2"}


def test_the_demo_latency_is_paid_once_per_source_call_however_many_requests(
    fanout: Fanout, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[float] = []
    monkeypatch.setattr(sources.time, "sleep", waits.append)
    demo = Demo(Path("."), latency_ms=100)

    def three_requests() -> None:
        for _ in range(3):
            demo.call("slims")

    fanout.gather({"SLIMS": Call("slims", three_requests), "TARS": Call("tars", lambda: demo.call("tars"))}, deadline_s=5)
    assert waits == [0.1, 0.1]  # one per source call
    three_requests()  # outside a source call, each request pays
    assert waits == [0.1] * 5
