"""The instrument routes: upstream's odd v2 answers, the root route's envelope, and writes for token holders only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from aind_metadata_service.app import create_app
from aind_metadata_service.sources.instruments.demo import DEMO_WRITE_TOKEN
from tests.instruments.conftest import BASE, SETTINGS, TOKEN, demo_instrument

WRITER = {"Authorization": f"Bearer {DEMO_WRITE_TOKEN}"}


@pytest.fixture
def writable(make_app: Callable[..., Flask]) -> FlaskClient:
    """A demo app of its own, whose in-memory store the test may change (the session's app is shared)."""
    return make_app().test_client()


def _new_version(**changes: Any) -> dict[str, Any]:
    """The demo SmartSPIM1 with a later modification date: a new version of it."""
    return {**demo_instrument(), "modification_date": "2025-06-30", **changes}


def _dates(client: FlaskClient) -> list[str]:
    """The modification dates of SmartSPIM1's stored versions."""
    return sorted(r["modification_date"] for r in client.get("/api/v2/instrument/440_SmartSPIM1_20240327").json)


def test_a_v2_get_answers_400_with_the_raw_records_and_upstreams_header(client: FlaskClient) -> None:
    response = client.get("/api/v2/instrument/440_SmartSPIM1_20240327")
    assert response.status_code == 400
    assert response.headers["X-Error-Message"] == "Models have not been validated."
    assert response.json == [demo_instrument()]


def test_a_v2_partial_match_finds_every_instrument_whose_id_holds_the_text(client: FlaskClient) -> None:
    response = client.get("/api/v2/instrument/SmartSPIM?partial_match=true")
    assert [r["instrument_id"] for r in response.json] == ["440_SmartSPIM1_20240327", "440_SmartSPIM2_20240514"]
    assert client.get("/api/v2/instrument/SmartSPIM").status_code == 404  # without it, the whole id


def test_the_root_route_answers_200_with_the_validated_instrument(client: FlaskClient) -> None:
    response = client.get("/instrument/440_SmartSPIM1_20240327")
    assert response.status_code == 200
    assert response.json["message"] == "Valid instrument for 440_SmartSPIM1_20240327."
    assert response.json["data"]["instrument_id"] == "440_SmartSPIM1_20240327"


def test_the_root_route_answers_300_for_several_and_404_for_none(client: FlaskClient) -> None:
    several = client.get("/instrument/SmartSPIM?partial_match=true")
    assert several.status_code == 300 and len(several.json["data"]) == 2
    assert client.get("/instrument/no_such_rig").json == {
        "message": "No instrument found for no_such_rig.",
        "data": None,
    }


def test_a_post_without_a_token_is_401_and_nothing_is_stored(writable: FlaskClient) -> None:
    before = _dates(writable)
    response = writable.post("/api/v2/instrument", json=_new_version())
    assert response.status_code == 401
    assert "Bearer" in response.json["detail"]
    assert _dates(writable) == before == ["2024-03-27"]


def test_a_post_with_a_wrong_token_is_403_and_nothing_is_stored(writable: FlaskClient) -> None:
    response = writable.post("/api/v2/instrument", json=_new_version(), headers={"Authorization": "Bearer guess"})
    assert response.status_code == 403
    assert _dates(writable) == ["2024-03-27"]


def test_a_post_with_the_token_stores_the_instrument_and_a_get_then_shows_it(writable: FlaskClient) -> None:
    response = writable.post("/api/v2/instrument", json=_new_version(), headers=WRITER)
    assert response.status_code == 200
    assert response.json["inserted_id"]
    assert _dates(writable) == ["2024-03-27", "2025-06-30"]


def test_posting_a_stored_version_again_is_400_unless_replace_is_set(writable: FlaskClient) -> None:
    assert writable.post("/api/v2/instrument", json=_new_version(), headers=WRITER).status_code == 200
    again = writable.post("/api/v2/instrument", json=_new_version(notes="recalibrated"), headers=WRITER)
    assert (again.status_code, again.json) == (
        400,
        {"message": "Record for instrument_id and modification_date already exists!"},
    )
    replaced = writable.post("/api/v2/instrument?replace=true", json=_new_version(notes="recalibrated"), headers=WRITER)
    assert replaced.status_code == 200
    versions = writable.get("/api/v2/instrument/440_SmartSPIM1_20240327").json
    assert [v["notes"] for v in versions if v["modification_date"] == "2025-06-30"] == ["recalibrated"]


@pytest.mark.parametrize("field", ["instrument_id", "modification_date"])
def test_a_post_missing_a_key_field_is_406_naming_it(client: FlaskClient, field: str) -> None:
    body = {k: v for k, v in _new_version().items() if k != field}
    response = client.post("/api/v2/instrument", json=body, headers=WRITER)
    assert (response.status_code, response.json) == (406, {"message": f"Missing {field}."})


def test_a_post_invalid_against_the_schema_is_400_listing_the_errors_and_stores_nothing(writable: FlaskClient) -> None:
    body = _new_version(components="a microscope", temperature_control="sometimes")
    response = writable.post("/api/v2/instrument", json=body, headers=WRITER)
    assert response.status_code == 400
    assert response.json["message"].startswith("The instrument fails validation against aind-data-schema 2.9.2")
    assert {tuple(e["loc"][:1]) for e in response.json["errors"]} >= {("components",), ("temperature_control",)}
    assert _dates(writable) == ["2024-03-27"]


def test_a_body_that_crashes_one_of_the_schemas_validators_is_400_not_500(writable: FlaskClient) -> None:
    body = _new_version(modalities=[{"name": "Selective plane illumination microscopy"}])  # no abbreviation
    response = writable.post("/api/v2/instrument", json=body, headers=WRITER)
    assert response.status_code == 400
    assert response.json["errors"][0]["msg"] == "aind-data-schema could not read the body (KeyError)"


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b""])
def test_a_post_body_that_is_not_an_object_is_422_in_fastapis_shape(client: FlaskClient, body: bytes) -> None:
    response = client.post("/api/v2/instrument", data=body, headers={**WRITER, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json["detail"][0]["loc"] == ["body"]


def test_docdb_switched_off_is_503_naming_it_in_both_dialects(make_app: Callable[..., Flask]) -> None:
    client = make_app(DEMO_FAIL="instruments").test_client()
    v2 = client.get("/api/v2/instrument/440_SmartSPIM1_20240327")
    assert (v2.status_code, v2.json) == (503, {"detail": "DocDB is unreachable"})
    root = client.get("/instrument/440_SmartSPIM1_20240327")
    assert (root.status_code, root.json["message"]) == (503, "DocDB is unreachable")


def test_writes_are_refused_with_503_when_no_token_is_configured(gateway: responses.RequestsMock) -> None:
    settings = {k: v for k, v in SETTINGS.items() if k != "INSTRUMENT_WRITE_TOKEN"}
    client = create_app({"TESTING": True, **settings}).test_client()
    response = client.post("/api/v2/instrument", json=_new_version(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert (response.status_code, response.json) == (503, {"detail": "Instrument writes are not configured"})


def test_a_configured_deployment_writes_through_the_gateway_only_for_the_token(
    gateway: responses.RequestsMock,
) -> None:
    gateway.post(f"{BASE}/insert_one", json={"acknowledged": True, "inserted_id": "x"})
    client = create_app({"TESTING": True, **SETTINGS}).test_client()
    assert client.post("/api/v2/instrument", json=_new_version()).status_code == 401
    assert len(gateway.calls) == 0
    response = client.post("/api/v2/instrument", json=_new_version(), headers={"Authorization": f"Bearer {TOKEN}"})
    assert (response.status_code, response.json) == (200, {"acknowledged": True, "inserted_id": "x"})
    assert len(gateway.calls) == 1
