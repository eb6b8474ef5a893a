"""Structured logs: one JSON line per request with its fields, source failures named, and never a secret."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import responses
from flask import Flask

from aind_metadata_service.web import logs


class Lines:
    """What the service's formatter wrote while a test ran."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict[str, Any]]:
        """Every line, parsed."""
        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line.strip()]

    def requests(self) -> list[dict[str, Any]]:
        """The one-per-request lines."""
        return [line for line in self.all() if line["event"] == "request"]


@pytest.fixture
def lines() -> Iterator[Lines]:
    """Capture the root logger's records through the JSON formatter (ours and libraries')."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.formatter("json"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield Lines(stream)
    finally:
        root.removeHandler(handler)


def test_one_request_gives_one_json_line_with_every_field(make_app: Callable[..., Flask], lines: Lines) -> None:
    answer = make_app().test_client().get("/subject/775745")
    [line] = lines.requests()
    assert line["method"] == "GET" and line["path"] == "/subject/775745" and line["route"] == "/subject/<subject_id>"
    assert line["status"] == 200 and isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["request_id"] == answer.headers["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["client_ip"] == "127.0.0.1" and line["cache"] == "miss"
    assert {c["source"] for c in line["calls"]} == {"mgi"}
    assert all(c["outcome"] == "ok" and c["duration_ms"] >= 0 and c["name"] for c in line["calls"])
    assert line["level"] == "info" and line["timestamp"].endswith("Z")


def test_a_request_id_from_the_client_is_kept_and_echoed(client: Any, lines: Lines) -> None:
    answer = client.get("/livez", headers={"X-Request-ID": "nginx-4f2a.7"})
    assert answer.headers["X-Request-ID"] == "nginx-4f2a.7"
    unsafe = client.get("/livez", headers={"X-Request-ID": "<script> " + "x" * 200})
    assert len(unsafe.headers["X-Request-ID"]) == 32  # not an id a log reader should trust: a new one


def test_a_207_line_names_the_failed_source_and_each_failure_is_logged(make_app: Callable[..., Flask],
                                                                        lines: Lines) -> None:
    answer = make_app(DEMO_FAIL="sharepoint").test_client().get("/procedures/775745")
    assert answer.status_code == 207
    [line] = lines.requests()
    assert line["status"] == 207 and line["failed_sources"] == ["sharepoint"]
    assert "SharePoint is unreachable" in line["message"]
    failed = [c for c in line["calls"] if c["outcome"] != "ok"]
    assert failed and {c["source"] for c in failed} == {"sharepoint"}
    assert {c["source"] for c in line["calls"] if c["outcome"] == "ok"} >= {"labtracks", "slims", "smartsheet"}
    warnings = [x for x in lines.all() if x["event"].startswith("source call failed")]
    assert len(warnings) == len(failed) and all(w["source"] == "sharepoint" for w in warnings)
    assert all(w["request_id"] == line["request_id"] for w in warnings)


def test_a_compressed_answer_still_logs_its_message(make_app: Callable[..., Flask], lines: Lines) -> None:
    answer = make_app(DEMO_FAIL="sharepoint").test_client().get(
        "/procedures/775745", headers={"Accept-Encoding": "gzip"}
    )
    assert (answer.status_code, answer.headers["Content-Encoding"]) == (207, "gzip")
    [line] = lines.requests()
    assert "SharePoint is unreachable" in line["message"]


def test_a_v2_failure_logs_its_detail(make_app: Callable[..., Flask], lines: Lines) -> None:
    assert make_app(DEMO_FAIL="labtracks").test_client().get("/api/v2/subject/775745").status_code == 503
    [line] = lines.requests()
    assert "LabTracks" in line["message"]


def test_a_single_source_failure_is_named_in_the_line(make_app: Callable[..., Flask], lines: Lines) -> None:
    make_app(DEMO_FAIL="labtracks").test_client().get("/subject/775745")
    [line] = lines.requests()
    assert line["status"] == 503 and line["message"] == "LabTracks is unreachable" and line["level"] == "warning"


def test_behind_the_proxy_the_client_ip_is_the_forwarded_one(make_app: Callable[..., Flask], lines: Lines) -> None:
    headers = {"X-Forwarded-For": "10.20.30.40", "X-Forwarded-Proto": "https"}
    make_app(BEHIND_PROXY=True).test_client().get("/", headers=headers)
    make_app().test_client().get("/", headers=headers)  # not behind a proxy: forwarded headers are not trusted
    assert [line["client_ip"] for line in lines.requests()] == ["10.20.30.40", "127.0.0.1"]


def test_probes_log_at_debug_unless_they_fail(make_app: Callable[..., Flask], lines: Lines) -> None:
    app = make_app(DEMO_FAIL="sharepoint", REQUIRED_SOURCES="sharepoint")
    client = app.test_client()
    client.get("/livez")
    client.get("/readyz")
    assert [(line["path"], line["status"]) for line in lines.requests()] == [("/readyz", 503)]


SECRETS = {
    "SHAREPOINT_CLIENT_SECRET": "sp-Secret-7f3a9",
    "SMARTSHEET_FUNDING_API_TOKEN": "ss-Fund-Token-1b2c",
    "SMARTSHEET_PERFUSIONS_API_TOKEN": "ss-Perf-Token-3d4e",
    "SMARTSHEET_PROTOCOLS_API_TOKEN": "ss-Prot-Token-5f6a",
    "TARS_CLIENT_SECRET": "tars-Secret-8b9c",
    "SLIMS_PASSWORD": "slims-Pass-0d1e",
}
SETTINGS = {
    **SECRETS,
    "SHAREPOINT_TENANT_ID": "tenant-test", "SHAREPOINT_CLIENT_ID": "client-test",
    "SHAREPOINT_AIND_SITE_ID": "site-aind", "SHAREPOINT_LAS_SITE_ID": "site-las",
    "SHAREPOINT_GRAPH_API_URL": "https://graph.test/v1.0",
    "SHAREPOINT_NSB_2019_LIST_ID": "l1", "SHAREPOINT_NSB_2023_LIST_ID": "l2",
    "SHAREPOINT_NSB_PRESENT_LIST_ID": "l3", "SHAREPOINT_LAS_2020_LIST_ID": "l4",
    "SMARTSHEET_FUNDING_ID": "1", "SMARTSHEET_PERFUSIONS_ID": "2", "SMARTSHEET_PROTOCOLS_ID": "3",
    "SMARTSHEET_API_URL": "https://smartsheet.test/2.0",
    "TARS_TENANT_ID": "tenant-test", "TARS_CLIENT_ID": "tars-client", "TARS_SCOPE": "api://tars/.default",
    "TARS_RESOURCE": "https://tars.test",
    "SLIMS_URL": "https://slims.test/slimsrest", "SLIMS_USERNAME": "svc",
}


def test_no_configured_secret_ever_appears_in_a_log_line(make_app: Callable[..., Flask], lines: Lines) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        mocked.add(responses.GET, "https://smartsheet.test/2.0/sheets/2", status=401)
        app = make_app(DEMO=False, REQUIRED_SOURCES="smartsheet,sharepoint", **SETTINGS)
        client = app.test_client()
        for path in ("/procedures/775745", "/perfusions/775745", "/funding/x", "/readyz", "/healthz"):
            client.get(path, headers={"Authorization": "Bearer user-Own-Token-99"})
        # Code that slips: a secret in a message, in a field named like one, and in a traceback.
        slip = logging.getLogger("aind_metadata_service.slip")
        slip.warning("calling with %s", {"Authorization": f"Bearer {SECRETS['TARS_CLIENT_SECRET']}"})
        slip.warning("retrying", extra={"password": "some-Other-Pass", "token": "x"})
        try:
            raise RuntimeError(f"login failed for secret {SECRETS['SHAREPOINT_CLIENT_SECRET']}")
        except RuntimeError:
            slip.exception("unexpected")
    written = lines.stream.getvalue()
    assert len(lines.requests()) == 5 and "RuntimeError" in written
    for secret in [*SECRETS.values(), "some-Other-Pass", "user-Own-Token-99"]:
        assert secret not in written, secret
    assert "[redacted]" in written


def test_text_logs_are_readable_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen, pipe = Terminal(), io.StringIO()
    logs.configure("", stream=screen)
    logging.getLogger("aind_metadata_service.t").info("hello", extra={"status": 200})
    logs.configure("", stream=pipe)
    logging.getLogger("aind_metadata_service.t").info("hello", extra={"status": 200})
    logs.configure("text", stream=pipe)
    logging.getLogger("aind_metadata_service.t").info("again", extra={"status": 200})
    logs.configure("json")
    assert "hello" in screen.getvalue() and not screen.getvalue().lstrip().startswith("{")
    first, second = pipe.getvalue().splitlines()
    assert json.loads(first)["status"] == 200
    assert "again" in second and "status" in second and not second.startswith("{")


def test_an_unknown_log_format_stops_startup(make_app: Callable[..., Flask]) -> None:
    with pytest.raises(ValueError, match="LOG_FORMAT must be json or text"):
        make_app(LOG_FORMAT="xml")
