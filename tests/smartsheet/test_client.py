"""The Smartsheet client at the HTTP boundary: requests, parsing, the TTL cache, and every failure mode."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import responses
from pydantic import SecretStr

from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.smartsheet.client import (
    API_URL,
    SheetRef,
    SmartsheetClient,
    SmartsheetError,
    SmartsheetSettings,
)

TOKENS = {"funding": "fund-t0ken", "perfusions": "perf-t0ken", "protocols": "prot-t0ken"}
IDS = {"funding": 101, "perfusions": 202, "protocols": 303}
SETTINGS = {
    **{f"SMARTSHEET_{n.upper()}_API_TOKEN": t for n, t in TOKENS.items()},
    **{f"SMARTSHEET_{n.upper()}_ID": str(i) for n, i in IDS.items()},
}
PROTOCOL_ROW = {"Protocol name": "Perfusion V.5", "DOI": "dx.doi.org/10.17504/protocols.io.abc", "Version": 5.0}

SheetJson = Callable[..., dict[str, Any]]


def url(name: str, tail: str = "") -> str:
    """Where Smartsheet serves one of our sheets."""
    return f"{API_URL}/sheets/{IDS[name]}{tail}"


def make_client(cache: Cache | None = None, ttl_s: float = 300.0) -> SmartsheetClient:
    """A client on the real API URL (responses intercepts every call)."""
    sheets = {n: SheetRef(IDS[n], SecretStr(TOKENS[n])) for n in IDS}
    return SmartsheetClient(sheets, timeout_s=7.5, cache_ttl_s=ttl_s, cache=cache or Cache())


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """HTTP mocks that fail on any unexpected call."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_a_sheet_is_fetched_with_its_own_bearer_token_and_a_timeout(
    mocked: responses.RequestsMock, sheet_json: SheetJson
) -> None:
    mocked.get(url("protocols"), json=sheet_json("protocols", [PROTOCOL_ROW], IDS["protocols"]))
    make_client().sheet("protocols")
    request = mocked.calls[0].request
    assert request.url == url("protocols")
    assert request.headers["Authorization"] == "Bearer prot-t0ken"
    assert request.req_kwargs["timeout"] == 7.5  # type: ignore[attr-defined]


def test_rows_are_keyed_by_column_title_and_empty_rows_are_dropped(
    mocked: responses.RequestsMock, sheet_json: SheetJson
) -> None:
    mocked.get(url("protocols"), json=sheet_json("protocols", [{}, PROTOCOL_ROW, {}], IDS["protocols"]))
    rows = make_client().sheet("protocols")
    assert rows == [
        {
            "Protocol Type": None,
            "Procedure name": None,
            "Protocol name": "Perfusion V.5",
            "DOI": "dx.doi.org/10.17504/protocols.io.abc",
            "Version": 5.0,
            "Protocol collection": None,
        }
    ]


def test_a_cell_without_a_value_falls_back_to_its_display_value(mocked: responses.RequestsMock) -> None:
    titles = ("Protocol Type", "Procedure name", "DOI", "Version", "Protocol name", "Protocol collection")
    columns = [{"id": 6 + i, "title": t} for i, t in enumerate(titles)]
    cells = [{"columnId": 10, "displayValue": "Shown only"}, {"columnId": 11, "value": True}]
    mocked.get(url("protocols"), json={"id": 303, "columns": columns, "rows": [{"id": 1, "cells": cells}]})
    [row] = make_client().sheet("protocols")
    assert (row["Protocol name"], row["Protocol collection"]) == ("Shown only", True)


def test_requests_within_the_ttl_fetch_the_sheet_once(mocked: responses.RequestsMock, sheet_json: SheetJson) -> None:
    mocked.get(url("funding"), json=sheet_json("funding", [{"Project Name": "P"}], IDS["funding"]))
    client = make_client()
    answers = [client.sheet("funding") for _ in range(5)]
    assert len(mocked.calls) == 1
    assert all(a == answers[0] for a in answers)


def test_a_sheet_is_fetched_again_once_its_ttl_has_passed(
    mocked: responses.RequestsMock, sheet_json: SheetJson
) -> None:
    mocked.get(url("funding"), json=sheet_json("funding", [{"Project Name": "P"}], IDS["funding"]))
    client = make_client(ttl_s=0.05)
    client.sheet("funding")
    time.sleep(0.1)
    client.sheet("funding")
    assert len(mocked.calls) == 2


def test_concurrent_misses_fetch_the_sheet_once(mocked: responses.RequestsMock, sheet_json: SheetJson) -> None:
    body = sheet_json("funding", [{"Project Name": "P"}], IDS["funding"])

    def slow(_: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        time.sleep(0.2)
        return 200, {}, __import__("json").dumps(body)

    mocked.add_callback(responses.GET, url("funding"), callback=slow, content_type="application/json")
    client = make_client()
    threads = [threading.Thread(target=client.sheet, args=("funding",)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(mocked.calls) == 1


def test_clients_sharing_a_cache_share_each_sheet_but_not_between_sheets(
    mocked: responses.RequestsMock, sheet_json: SheetJson
) -> None:
    mocked.get(url("funding"), json=sheet_json("funding", [{"Project Name": "P"}], IDS["funding"]))
    mocked.get(url("protocols"), json=sheet_json("protocols", [PROTOCOL_ROW], IDS["protocols"]))
    shared = Cache()
    make_client(shared).sheet("funding")
    make_client(shared).sheet("funding")
    make_client(shared).sheet("protocols")
    assert [c.request.url for c in mocked.calls] == [url("funding"), url("protocols")]


FAILURES = [
    (requests.ConnectTimeout(), 503, "Smartsheet timed out after 7.5 s"),
    (requests.ReadTimeout(), 503, "Smartsheet timed out after 7.5 s"),
    (requests.ConnectionError(), 503, "Smartsheet is unreachable"),
    (401, 503, "Smartsheet credentials rejected"),
    (403, 503, "Smartsheet credentials rejected"),
    (429, 503, "Smartsheet is rate limiting requests (HTTP 429)"),
    (503, 503, "Smartsheet is unavailable (HTTP 503)"),
    (404, 500, "Smartsheet answered with HTTP 404"),
    (500, 500, "Smartsheet answered with HTTP 500"),
]


@pytest.mark.parametrize(("upstream", "status", "message"), FAILURES)
def test_each_failure_becomes_a_smartsheet_error_with_the_contract_status(
    mocked: responses.RequestsMock, upstream: Any, status: int, message: str
) -> None:
    if isinstance(upstream, Exception):
        mocked.get(url("funding"), body=upstream)
    else:
        mocked.get(url("funding"), status=upstream, json={"errorCode": 1002, "message": "no", "refId": "x"})
    with pytest.raises(SmartsheetError) as e:
        make_client().sheet("funding")
    assert (e.value.status, e.value.message) == (status, message)
    assert "fund-t0ken" not in e.value.message


def test_an_answer_that_is_not_json_is_a_500(mocked: responses.RequestsMock) -> None:
    mocked.get(url("funding"), body="<html>maintenance</html>", content_type="text/html")
    with pytest.raises(SmartsheetError) as e:
        make_client().sheet("funding")
    assert (e.value.status, e.value.message) == (500, "Smartsheet answered with unreadable data")


MALFORMED = [
    ({"id": 101, "rows": []}, "sent a malformed funding sheet (no columns or rows)"),
    ({"id": 101, "columns": []}, "sent a malformed funding sheet (no columns or rows)"),
    ([], "sent a malformed funding sheet (no columns or rows)"),
    (
        {"columns": [{"id": 1, "title": "Project Name"}], "rows": []},
        "missing columns 'Subproject', 'Funding Institution'",
    ),
]


@pytest.mark.parametrize(("body", "why"), MALFORMED)
def test_a_malformed_sheet_is_a_500_naming_the_sheet(mocked: responses.RequestsMock, body: Any, why: str) -> None:
    mocked.get(url("funding"), json=body)
    with pytest.raises(SmartsheetError) as e:
        make_client().sheet("funding")
    assert e.value.status == 500
    assert e.value.message.startswith("Smartsheet sent a malformed funding sheet")
    assert why in e.value.message


def test_a_row_without_cells_is_a_500_naming_the_sheet(mocked: responses.RequestsMock, sheet_json: SheetJson) -> None:
    body = sheet_json("perfusions", [{"subject id": 1.0}], IDS["perfusions"])
    body["rows"].append({"id": 9, "rowNumber": 2})
    mocked.get(url("perfusions"), json=body)
    with pytest.raises(SmartsheetError, match="malformed perfusions sheet .a row without cells."):
        make_client().sheet("perfusions")


def test_a_failed_fetch_is_not_cached(mocked: responses.RequestsMock, sheet_json: SheetJson) -> None:
    mocked.get(url("funding"), body=requests.ConnectionError())
    client = make_client()
    with pytest.raises(SmartsheetError):
        client.sheet("funding")
    mocked.replace(responses.GET, url("funding"), json=sheet_json("funding", [{"Project Name": "P"}], IDS["funding"]))
    assert client.sheet("funding")[0]["Project Name"] == "P"
    assert len(mocked.calls) == 2


def test_ping_asks_each_sheet_for_its_version_with_its_own_token(mocked: responses.RequestsMock) -> None:
    for name in IDS:
        mocked.get(url(name, "/version"), json={"version": 7})
    make_client().ping()
    sent = {c.request.url: c.request.headers["Authorization"] for c in mocked.calls}
    assert sent == {url(n, "/version"): f"Bearer {TOKENS[n]}" for n in IDS}


def test_ping_fails_when_one_token_is_rejected(mocked: responses.RequestsMock) -> None:
    mocked.get(url("funding", "/version"), json={"version": 7})
    mocked.get(url("perfusions", "/version"), status=403, json={"errorCode": 1004})
    with pytest.raises(SmartsheetError, match="credentials rejected"):
        make_client().ping()


def test_an_unknown_sheet_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown sheet 'animals'"):
        make_client().sheet("animals")


def test_settings_read_the_original_keys_and_build_one_ref_per_sheet() -> None:
    settings = SmartsheetSettings.from_values({**SETTINGS, "SMARTSHEET_CACHE_TTL_S": "60"})
    assert settings is not None
    refs = settings.sheets()
    assert {n: r.id for n, r in refs.items()} == IDS
    assert {n: r.token.get_secret_value() for n, r in refs.items()} == TOKENS
    assert (settings.api_url, settings.cache_ttl_s, settings.timeout_s) == (API_URL, 60.0, 20.0)
    assert not any(t in repr(settings) for t in TOKENS.values())


def test_settings_are_absent_without_keys_and_refused_when_partial() -> None:
    assert SmartsheetSettings.from_values({}) is None
    partial = {k: v for k, v in SETTINGS.items() if k != "SMARTSHEET_PROTOCOLS_API_TOKEN"}
    with pytest.raises(ConfigError, match="SMARTSHEET_PROTOCOLS_API_TOKEN missing"):
        SmartsheetSettings.from_values(partial)
