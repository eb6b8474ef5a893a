"""ExaSPIM on the demo: the raw bundle in /api/v2, its procedures in /procedures (both dialects), failures named."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

BUNDLE_KEYS = ["mouse_tracker_info", "sample_tracking_info", "imaging_queue_info", "qc_sheet_info"]
SPECIMEN_TYPES = ["Delipidation", "Immunolabeling", "Gelation", "Expansion", "Mounting"]


def specimen_types(data: dict[str, Any]) -> list[str]:
    """The specimen procedures' types, in order."""
    return [p["procedure_type"] for p in data["specimen_procedures"]]


def test_the_raw_bundle_holds_the_specimens_rows_of_the_four_sheets(client: FlaskClient) -> None:
    response = client.get("/api/v2/smartsheet/exaspim_procedures/760450")
    assert response.status_code == 200
    found = response.json
    assert isinstance(found, dict) and list(found) == BUNDLE_KEYS
    [tracker] = found["mouse_tracker_info"]
    assert (tracker["num"], tracker["mouse_id"], tracker["virus1_id"]) == (212, "760450", "VT6118g")
    assert tracker["virus_mix_total_volume_injected_ro_ul"] == "100"  # numbers as text, as upstream
    assert found["sample_tracking_info"][0]["primary_antibody1_catalog_num"] == "ab13970"
    assert [len(found[k]) for k in BUNDLE_KEYS] == [1, 1, 1, 1]


def test_an_unknown_specimen_gives_200_with_four_empty_lists(client: FlaskClient) -> None:
    response = client.get("/api/v2/smartsheet/exaspim_procedures/123456")
    assert response.status_code == 200
    assert response.json == dict.fromkeys(BUNDLE_KEYS, [])


def test_the_raw_bundle_has_no_root_dialect_route(client: FlaskClient) -> None:
    assert client.get("/smartsheet/exaspim_procedures/760450").status_code == 404


def test_an_exaspim_only_specimen_gets_its_procedures_from_exaspim_alone(client: FlaskClient) -> None:
    response = client.get("/procedures/790233")
    assert response.status_code == 200
    data = response.json["data"]  # type: ignore[index]
    [surgery] = data["subject_procedures"]
    [injection] = surgery["procedures"]
    material = injection["injection_materials"][0]
    assert (material["name"], material["titer"], injection["dynamics"][0]["volume"]) == (
        "AAV-PHP.eB-Slc17a7-EGFP",
        46 * 10**12,
        50_000.0,
    )
    assert specimen_types(data) == SPECIMEN_TYPES


@pytest.mark.parametrize("path", ["/procedures/760450", "/api/v2/procedures/760450"])
def test_a_specimen_in_the_colony_has_exaspim_procedures_with_its_other_sources(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    data = response.json if path.startswith("/api/v2") else response.json["data"]  # type: ignore[index]
    assert isinstance(data, dict)
    dates = sorted(s["start_date"] for s in data["subject_procedures"])
    assert dates == ["2024-11-04", "2024-11-18"]  # ExaSPIM's RO injection, and the LAS IP dosing
    assert specimen_types(data) == SPECIMEN_TYPES
    labeling = data["specimen_procedures"][1]
    assert [d["target"]["protein"]["name"] for d in labeling["procedure_details"]][:2] == ["GFP", "tdTomato"]
    assert labeling["experimenters"] == ["Priya Natarajan", "Owen Castellano"]


def test_a_specimen_in_processing_has_only_the_steps_that_are_done(client: FlaskClient) -> None:
    data = client.get("/procedures/768802").json["data"]  # type: ignore[index]
    assert specimen_types(data) == ["Delipidation"]
    [surgery] = data["subject_procedures"]
    assert len(surgery["procedures"]) == 1  # virus 2 has a stereotaxic volume of 0: not injected


def test_exaspim_down_gives_207_naming_its_sheets_with_the_rest(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="smartsheet").test_client().get("/procedures/760450")
    assert response.status_code == 207
    assert "ExaSPIM sheets could not be read (Smartsheet is unreachable)" in response.json["message"]
    data = response.json["data"]
    assert data["specimen_procedures"] == []  # nothing from ExaSPIM: never half of it
    assert [s["start_date"] for s in data["subject_procedures"]] == ["2024-11-18"]  # LAS still answers


def test_exaspim_down_is_a_503_on_the_raw_route(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="smartsheet").test_client().get("/api/v2/smartsheet/exaspim_procedures/760450")
    assert response.status_code == 503
    assert response.json["detail"] == "ExaSPIM sheets could not be read (Smartsheet is unreachable)"


def test_exaspim_down_leaves_a_specimen_only_it_knows_as_a_503_naming_it(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="smartsheet").test_client().get("/procedures/790233")
    assert response.status_code == 503
    assert "ExaSPIM sheets could not be read" in response.json["message"]
