"""The Python client against the real app served on loopback: every method reaches a route that exists."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from urllib.parse import unquote

import pytest
import requests
import responses
from flask import Flask

from aind_metadata_service.client import AindMetadataServiceClient

NOT_A_ROUTE = "The requested URL was not found on the server."


@pytest.fixture
def service(app: Flask, serve: Callable[[Flask], str]) -> AindMetadataServiceClient:
    """A client of the demo app on a free loopback port."""
    return AindMetadataServiceClient(domain=serve(app), timeout=10)


CALLS: list[tuple[str, Callable[[AindMetadataServiceClient], requests.Response]]] = [
    ("subject", lambda c: c.get_subject("775745")),
    ("procedures", lambda c: c.get_procedures("775745")),
    ("intended_measurements", lambda c: c.get_intended_measurements("775745")),
    ("tars_injection_materials", lambda c: c.get_injection_materials("VT3214G")),
    ("perfusions", lambda c: c.get_perfusions("775745")),
    ("protocols", lambda c: c.get_protocols("Injection of Viral Tracers by Nanoject V.4")),
    ("funding", lambda c: c.get_funding("Thalamus in the middle - Project 1")),
    ("investigators", lambda c: c.get_investigators("Thalamus in the middle - Project 1")),
    ("project_names", lambda c: c.get_project_names()),
    ("mgi_allele", lambda c: c.get_mgi_allele("Ai93(TITL-GCaMP6f)")),
    ("ecephys_sessions", lambda c: c.get_ecephys_sessions(subject_id="775745")),
    ("smartspim_imaging", lambda c: c.get_smartspim_imaging(subject_id="775745")),
    ("histology", lambda c: c.get_histology(subject_id="775745")),
    ("water_restriction", lambda c: c.get_water_restriction(subject_id="775745")),
    ("instrument", lambda c: c.get_instrument("440_SmartSPIM1_20240327")),
]


def test_the_v2_active_directory_and_healthcheck_routes_are_reached(service: AindMetadataServiceClient) -> None:
    response = service.get_active_directory_user("jane.doe")
    assert response.status_code == 200 and response.json()["username"] == "jane.doe"
    assert service.get_healthcheck().json()["status"] == "OK"


@pytest.mark.parametrize(("route", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_every_method_reaches_its_route_and_gets_the_envelope(
    service: AindMetadataServiceClient, route: str, call: Callable[[AindMetadataServiceClient], requests.Response]
) -> None:
    response = call(service)
    assert route in response.url
    body: dict[str, Any] = response.json()
    assert body["message"] != NOT_A_ROUTE
    assert response.status_code == 200, body["message"]


def test_path_segments_are_quoted_so_slashes_and_spaces_arrive_whole() -> None:
    client = AindMetadataServiceClient(domain="http://metadata.test/")
    with responses.RequestsMock() as mocked:
        mocked.get("http://metadata.test/funding/A%2FB%20-%20C%3F", json={"message": "ok", "data": []})
        assert client.get_funding("A/B - C?").status_code == 200


def test_dates_are_sent_as_iso_and_unset_filters_are_left_out() -> None:
    client = AindMetadataServiceClient(domain="http://metadata.test")
    with responses.RequestsMock() as mocked:
        mocked.get("http://metadata.test/slims/histology", json={"message": "ok", "data": []})
        client.get_histology(subject_id="775745", start_date_gte=date(2025, 6, 1))
        assert mocked.calls[0].request.params == {"subject_id": "775745", "start_date_gte": "2025-06-01"}


def test_every_call_has_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    client = AindMetadataServiceClient(domain="http://metadata.test", timeout=3)
    monkeypatch.setattr(client.session, "get", lambda url, **kw: seen.update(kw))
    client.get_subject("1")
    assert seen["timeout"] == 3


def test_a_client_without_a_domain_says_which_domains_exist() -> None:
    with pytest.raises(TypeError, match="aind-metadata-service"):
        AindMetadataServiceClient(domain="")


TEST_DOMAIN = "http://metadata.test"
NEWER: list[tuple[str, Callable[[AindMetadataServiceClient], requests.Response], str, dict[str, str]]] = [
    ("dataverse_tables", lambda c: c.get_dataverse_tables(), "/api/v2/dataverse/tables", {}),
    (
        "dataverse_table",
        lambda c: c.get_dataverse_table("cr138_projects", columns="cr138_project", filter="cr138_project eq 'A'"),
        "/api/v2/dataverse/tables/cr138_projects",
        {"columns": "cr138_project", "filter": "cr138_project eq 'A'"},
    ),
    (
        "mouse_weight_records",
        lambda c: c.get_mouse_weight_records("775745", acquisition_datetime=datetime(2025, 3, 10, 9, 0)),
        "/api/v2/dataverse/mouse_weight_records/775745",
        {"acquisition_datetime": "2025-03-10T09:00:00"},
    ),
    (
        "dataverse_water_restriction",
        lambda c: c.get_dataverse_water_restriction("775745"),
        "/api/v2/dataverse/water_restriction",
        {"mouse_id": "775745"},
    ),
    ("dataverse_funding", lambda c: c.get_dataverse_funding(), "/api/v2/dataverse/funding", {}),
    ("smartsheet_funding", lambda c: c.get_smartsheet_funding(), "/api/v2/smartsheet/funding", {}),
    ("orcid", lambda c: c.get_orcid("Ana María Ruiz"), "/api/v2/orcid/Ana%20Mar%C3%ADa%20Ruiz", {}),
    ("active_directory", lambda c: c.get_active_directory_user("ana.ruiz"), "/api/v2/active_directory/ana.ruiz", {}),
    ("instrument", lambda c: c.get_instrument("440_SmartSPIM1_20240327"), "/instrument/440_SmartSPIM1_20240327", {}),
    (
        "instrument_partial",
        lambda c: c.get_instrument("SmartSPIM1", partial_match=True),
        "/instrument/SmartSPIM1",
        {"partial_match": "true"},
    ),
]


@pytest.mark.parametrize(("name", "call", "path", "query"), NEWER, ids=[n for n, *_ in NEWER])
def test_the_newer_routes_are_called_at_their_paths_with_their_query(
    name: str, call: Callable[[AindMetadataServiceClient], requests.Response], path: str, query: dict[str, str]
) -> None:
    client = AindMetadataServiceClient(domain=TEST_DOMAIN)
    with responses.RequestsMock() as mocked:
        mocked.get(f"{TEST_DOMAIN}{path}", json=[])
        call(client)
        request = mocked.calls[0].request
        assert request.url.split("?")[0] == f"{TEST_DOMAIN}{path}"
        assert request.params == query


def test_posting_an_instrument_sends_the_record_the_replace_flag_and_the_bearer_token() -> None:
    client = AindMetadataServiceClient(domain=TEST_DOMAIN, timeout=7)
    record = {"instrument_id": "440_SmartSPIM1_20240327", "modification_date": "2024-03-27"}
    with responses.RequestsMock() as mocked:
        mocked.post(f"{TEST_DOMAIN}/api/v2/instrument", json={"message": "success"})
        client.post_instrument(record, replace=True, token="t0ken")
        client.post_instrument(record)
        sent, plain = (call.request for call in mocked.calls)
    assert json.loads(sent.body) == record
    assert sent.params == {"replace": "true"} and sent.headers["Authorization"] == "Bearer t0ken"
    assert plain.params == {} and "Authorization" not in plain.headers


@pytest.mark.parametrize(("name", "path"), [(n, p) for n, _, p, _ in NEWER], ids=[n for n, *_ in NEWER])
def test_the_newer_paths_are_routes_the_service_serves(app: Flask, name: str, path: str) -> None:
    endpoint, _ = app.url_map.bind("metadata.test").match(unquote(path), method="GET")
    assert endpoint != "static"


def test_posting_an_instrument_reaches_the_services_post_route(app: Flask) -> None:
    endpoint, _ = app.url_map.bind("metadata.test").match("/api/v2/instrument", method="POST")
    assert "instrument" in endpoint
