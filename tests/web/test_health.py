"""/livez, /readyz and /healthz: read from background checks, never from a ping per request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.base import EXTENSION, SourceError
from aind_metadata_service.web.health import Checker


def checkers_alive() -> int:
    """How many health threads run in this process."""
    return sum(1 for t in threading.enumerate() if t.name == "health-checker" and t.is_alive())


def count_pings(app: Flask, name: str) -> list[float]:
    """Record each ping of one source (its time) while keeping what the ping does."""
    checks: Checker = app.extensions[EXTENSION].extras["health"]
    seen: list[float] = []
    original = checks.pings[name]
    assert original is not None

    def ping() -> None:
        seen.append(time.monotonic())
        original()

    checks.pings[name] = ping
    return seen


def test_livez_answers_with_every_source_down_and_pings_none(make_app: Callable[..., Flask]) -> None:
    app = make_app(DEMO_FAIL="labtracks,sharepoint,slims,smartsheet,tars,mgi")
    pings = count_pings(app, "labtracks")
    client = app.test_client()
    answers = [client.get("/livez") for _ in range(20)]
    assert {a.status_code for a in answers} == {200} and answers[0].json == {"status": "alive"}
    Checker.stop_all()
    assert len(pings) <= 1  # at most the background round the first request started, never one per call


def test_readyz_is_503_naming_a_required_source_the_demo_switches_off(make_app: Callable[..., Flask]) -> None:
    answer = make_app(DEMO_FAIL="sharepoint", REQUIRED_SOURCES="sharepoint").test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["failing"] == {"SharePoint": "SharePoint is unreachable"}
    assert "SharePoint is unreachable" in answer.json["message"]


def test_readyz_is_200_when_the_required_sources_answer_even_if_another_is_down(make_app: Callable[..., Flask]) -> None:
    answer = make_app(DEMO_FAIL="tars", REQUIRED_SOURCES="labtracks, SharePoint").test_client().get("/readyz")
    assert answer.status_code == 200 and answer.json["status"] == "ready"


def test_readyz_is_200_with_no_required_source_and_every_source_down(make_app: Callable[..., Flask]) -> None:
    assert make_app(DEMO_FAIL="labtracks,sharepoint").test_client().get("/readyz").status_code == 200


def test_a_required_source_that_is_not_configured_keeps_readyz_at_503(make_app: Callable[..., Flask]) -> None:
    answer = make_app(DEMO=False, REQUIRED_SOURCES="labtracks").test_client().get("/readyz")
    assert answer.status_code == 503 and answer.json["failing"] == {"LabTracks": "not configured"}


def test_an_unknown_required_source_stops_startup_naming_it(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ConfigError, match="AIND_REQUIRED_SOURCES names no source: labtrack"):
        make_app(REQUIRED_SOURCES="labtrack")


def test_readyz_recovers_once_the_failing_source_answers_its_next_check(make_app: Callable[..., Flask]) -> None:
    app = make_app(REQUIRED_SOURCES="sharepoint", HEALTH_INTERVAL_S=0.05)
    checks: Checker = app.extensions[EXTENSION].extras["health"]
    healthy = checks.pings["sharepoint"]
    down = threading.Event()
    down.set()

    def ping() -> None:
        if down.is_set():
            raise SourceError("SharePoint is down", 503)
        assert healthy is not None
        healthy()

    checks.pings["sharepoint"] = ping
    client = app.test_client()
    assert client.get("/readyz").status_code == 503
    down.clear()
    deadline = time.monotonic() + 5
    while client.get("/readyz").status_code != 200 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.get("/readyz").status_code == 200


def test_healthz_reads_the_last_checks_and_never_pings_per_request(make_app: Callable[..., Flask]) -> None:
    app = make_app(HEALTH_INTERVAL_S=3600)
    pings = count_pings(app, "mgi")
    client = app.test_client()
    answers = [client.get("/healthz").json for _ in range(10)]
    assert len(pings) == 1
    assert answers[-1]["sources"]["MGI"] == "ok" and answers[-1]["status"] == "ok"


def test_healthz_says_when_each_source_was_last_checked(make_app: Callable[..., Flask]) -> None:
    body = make_app(DEMO_FAIL="tars").test_client().get("/healthz").json
    assert body["status"] == "degraded" and body["sources"]["TARS"] == "TARS is unreachable"
    assert set(body["checked_at"]) == set(body["sources"])
    assert all(at and at.endswith("+00:00") for at in body["checked_at"].values())


def test_a_ping_that_hangs_counts_as_failing_after_the_health_timeout(make_app: Callable[..., Flask]) -> None:
    app = make_app(HEALTH_TIMEOUT_S=0.2, REQUIRED_SOURCES="slims")
    release, returned = threading.Event(), threading.Event()
    app.extensions[EXTENSION].extras["health"].pings["slims"] = lambda: release.wait(5) and returned.set()
    client = app.test_client()
    try:
        ready = client.get("/readyz")
        assert not returned.is_set()  # /readyz answered while the ping still hangs: it never waits on a source
        assert ready.status_code == 503
        assert client.get("/healthz").json["sources"]["SLIMS"] == "SLIMS did not answer its check within 0.2 s"
    finally:
        release.set()


def test_the_checker_runs_once_per_process_and_stops_without_leaving_a_thread(make_app: Callable[..., Flask]) -> None:
    before = checkers_alive()
    app = make_app()
    assert checkers_alive() == before  # building the app (as gunicorn's master does) starts nothing
    client = app.test_client()
    for _ in range(5):
        client.get("/livez")
    assert checkers_alive() == before + 1
    checks: Checker = app.extensions[EXTENSION].extras["health"]
    checks._pid = -1  # as in a worker forked after the app was built: the parent's thread is not there
    client.get("/livez")
    assert checkers_alive() == before + 2
    Checker.stop_all()
    assert checkers_alive() == 0


def test_health_routes_are_never_cached(client: Any) -> None:
    for path in ("/livez", "/readyz", "/healthz"):
        assert client.get(path).headers["Cache-Control"] == "no-store"
