"""Prometheus /metrics: per-route, per-source and cache series, in one process and summed over gunicorn workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from flask import Flask
from prometheus_client import REGISTRY


def value(name: str, **labels: str) -> float:
    """A sample's value now, 0 when the series does not exist yet."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_after_a_few_requests_the_route_source_and_cache_series_appear(make_app: Callable[..., Flask]) -> None:
    route = {"method": "GET", "route": "/subject/<subject_id>"}
    before = {
        "ok": value("aind_http_requests_total", **route, status="200"),
        "timed": value("aind_http_request_duration_seconds_count", **route),
        "mgi": value("aind_source_call_duration_seconds_count", source="mgi", outcome="ok"),
        "sp": value("aind_source_call_duration_seconds_count", source="sharepoint", outcome="unreachable"),
        "hit": value("aind_answer_cache_total", result="hit"),
        "miss": value("aind_answer_cache_total", result="miss"),
    }
    client = make_app(DEMO_FAIL="sharepoint").test_client()
    client.get("/subject/775745")
    client.get("/subject/775745")
    client.get("/procedures/775745")
    client.get("/healthz")  # waits for this app's first round of background checks
    text = client.get("/metrics").get_data(as_text=True)
    assert value("aind_http_requests_total", **route, status="200") == before["ok"] + 2
    assert value("aind_http_request_duration_seconds_count", **route) == before["timed"] + 2
    assert value("aind_source_call_duration_seconds_count", source="mgi", outcome="ok") == before["mgi"] + 3
    assert value("aind_source_call_duration_seconds_count", source="sharepoint", outcome="unreachable") \
        == before["sp"] + 4
    assert value("aind_answer_cache_total", result="hit") == before["hit"] + 1
    assert value("aind_answer_cache_total", result="miss") == before["miss"] + 2
    assert 'aind_http_requests_total{method="GET",route="/procedures/<subject_id>",status="207"}' in text
    assert 'aind_source_up{source="sharepoint"} 0.0' in text


def test_requests_are_counted_by_url_rule_not_by_raw_path(client: object) -> None:
    for subject in ("775745", "1", "2"):
        client.get(f"/subject/{subject}")  # type: ignore[attr-defined]
    text = client.get("/metrics").get_data(as_text=True)  # type: ignore[attr-defined]
    assert "/subject/775745" not in text and 'route="/subject/<subject_id>"' in text


def test_a_stale_answer_is_counted_as_stale(make_app: Callable[..., Flask]) -> None:
    before = value("aind_answer_cache_total", result="stale")
    app = make_app(ANSWER_CACHE_TTL_S=0.001)
    client = app.test_client()
    client.get("/subject/775745")
    time.sleep(0.01)
    app.extensions["aind_metadata_service"].clients["labtracks"] = None  # LabTracks now fails: 503
    answer = client.get("/subject/775745")
    assert answer.headers["X-Cache"] == "stale" and answer.headers["Cache-Control"] == "no-cache"
    assert value("aind_answer_cache_total", result="stale") == before + 1


def _free_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_metrics_are_summed_over_every_gunicorn_worker(tmp_path: Path) -> None:
    port, shared = _free_port(), tmp_path / "metrics"
    command = Path(sys.executable).parent / "aind-metadata-service"
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(shared), "AIND_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([str(command), "serve", "--demo", "--workers", "3", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/livez", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        statuses: list[int] = []
        for _ in range(10):  # batches of concurrent connections until more than one worker has answered
            with ThreadPoolExecutor(12) as pool:
                statuses += pool.map(lambda _: requests.get(f"{base}/subject/775745", timeout=10).status_code,
                                     range(24))
            if len({p.stem.rsplit("_", 1)[1] for p in shared.glob("counter_*.db")}) >= 2:
                break
        text = requests.get(f"{base}/metrics", timeout=10).text
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses == [200] * len(statuses)
    total = f'aind_http_requests_total{{method="GET",route="/subject/<subject_id>",status="200"}} {len(statuses)}.0'
    assert total in text
    writers = {p.stem.rsplit("_", 1)[1] for p in shared.glob("counter_*.db")}
    assert len(writers) >= 2  # several workers answered, and /metrics summed them all
    assert 'aind_source_up{source="labtracks"} 1.0' in text
