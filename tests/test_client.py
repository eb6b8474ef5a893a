"""The Python client against the real app served on loopback: every method reaches a route that exists."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
import requests
import responses
from flask import Flask
from werkzeug.serving import make_server

from aind_metadata_service.client import AindMetadataServiceClient

NOT_A_ROUTE = "The requested URL was not found on the server."


@pytest.fixture
def service(app: Flask) -> Iterator[AindMetadataServiceClient]:
    """The demo app on a free loopback port, and a client pointed at it."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield AindMetadataServiceClient(domain=f"http://127.0.0.1:{server.server_port}", timeout=10)
    server.shutdown()


CALLS: list[tuple[str, Callable[[AindMetadataServiceClient], requests.Response]]] = [
    ("subject", lambda c: c.get_subject("775745")),
    ("procedures", lambda c: c.get_procedures("775745")),
    ("intended_measurements", lambda c: c.get_intended_measurements("775745")),
    ("tars_injection_materials", lambda c: c.get_injection_materials("VT3214G")),
    ("perfusions", lambda c: c.get_perfusions("775745")),
    ("protocols", lambda c: c.get_protocols("Injection of Viral Tracers by Nanoject V.4")),
    ("funding", lambda c: c.get_funding("Thalamus in the middle - Project 1")),
    ("project_names", lambda c: c.get_project_names()),
    ("mgi_allele", lambda c: c.get_mgi_allele("Ai93(TITL-GCaMP6f)")),
    ("ecephys_sessions", lambda c: c.get_ecephys_sessions(subject_id="775745")),
    ("smartspim_imaging", lambda c: c.get_smartspim_imaging(subject_id="775745")),
    ("histology", lambda c: c.get_histology(subject_id="775745")),
    ("water_restriction", lambda c: c.get_water_restriction(subject_id="775745")),
]


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
