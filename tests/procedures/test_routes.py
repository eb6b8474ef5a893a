"""GET /procedures/{subject_id} on the demo: every source merged, partial answers named, nothing hidden."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures
from flask import Flask
from flask.testing import FlaskClient


def answer(client: FlaskClient, subject_id: str) -> tuple[int, dict[str, Any]]:
    """Status and body of /procedures for a subject."""
    response = client.get(f"/procedures/{subject_id}")
    return response.status_code, response.json


def surgical(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every procedure inside every surgery or non-surgical injection."""
    for item in data["subject_procedures"]:
        yield from item.get("procedures") or item.get("injections") or []


def kinds(data: dict[str, Any]) -> set[str]:
    """The object types of the subject procedures and of what the surgeries hold."""
    return {p["object_type"] for p in data["subject_procedures"]} | {p["object_type"] for p in surgical(data)}


@pytest.fixture(scope="module")
def demo_client() -> Iterator[FlaskClient]:
    """One demo app for the read-only questions of this module."""
    from aind_metadata_service.app import create_app

    with create_app({"TESTING": True, "DEMO": True}).test_client() as client:
        yield client


def test_775745_is_a_valid_procedures_with_injections_and_fiber_implants(demo_client: FlaskClient) -> None:
    status, body = answer(demo_client, "775745")
    assert status == 200, body["message"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        Procedures.model_validate(body["data"])
    assert {"Surgery", "Brain injection", "Probe implant", "Headframe", "Water restriction", "Perfusion"} <= kinds(
        body["data"]
    )
    assert body["data"]["specimen_procedures"]


def test_775745_has_protocol_dois_and_tars_identifiers_on_its_viral_materials(demo_client: FlaskClient) -> None:
    data = answer(demo_client, "775745")[1]["data"]
    neurosurgery = [
        s
        for s in data["subject_procedures"]
        if s["object_type"] == "Surgery" and s["experimenters"][0].startswith("NSB")
    ]
    assert neurosurgery and all(s["protocol_id"].startswith("dx.doi.org/10.17504/protocols.io.") for s in neurosurgery)
    assert all(p["protocol_id"] for p in surgical(data) if p["object_type"] in ("Perfusion", "Brain injection"))
    materials = [
        m for p in surgical(data) for m in p.get("injection_materials") or [] if m["object_type"] == "Viral material"
    ]
    lots = {m["tars_identifiers"]["prep_lot_number"]: m for m in materials if m.get("tars_identifiers")}
    assert "VT3214G" in lots and lots["VT3214G"]["titer"]


def test_the_perfusion_recorded_in_labtracks_and_smartsheet_is_listed_once(demo_client: FlaskClient) -> None:
    data = answer(demo_client, "775745")[1]["data"]
    assert sum(p["object_type"] == "Perfusion" for p in surgical(data)) == 1


def test_632269_has_a_craniotomy_and_a_headframe(demo_client: FlaskClient) -> None:
    status, body = answer(demo_client, "632269")
    assert status in (200, 406), body["message"]
    assert {"Craniotomy", "Headframe"} <= kinds(body["data"])


@pytest.mark.parametrize("subject_id", ["545378", "566781", "530012", "521234", "689418", "701234", "700812"])
def test_every_demo_surgery_subject_has_procedures(demo_client: FlaskClient, subject_id: str) -> None:
    status, body = answer(demo_client, subject_id)
    assert status in (200, 406), body["message"]
    assert body["data"]["subject_procedures"]


def test_a_garbled_list_item_gives_data_not_a_500(demo_client: FlaskClient) -> None:
    status, body = answer(demo_client, "640010")
    assert status in (200, 404, 406), body["message"]


@pytest.mark.parametrize(("subject_id", "status"), [("999999", 404), ("abc", 400), ("12 34", 400)])
def test_unknown_and_malformed_ids(demo_client: FlaskClient, subject_id: str, status: int) -> None:
    assert answer(demo_client, subject_id)[0] == status


@pytest.mark.parametrize(
    "subject_id",
    [
        "\uff17\uff17\uff15\uff17\uff14\uff15",
        "\u0667\u0667\u0665\u0667\u0664\u0665",
        "775745%0A",
        "775745%0D%0A",
        "+775745",
    ],
)
def test_an_id_of_anything_but_ascii_digits_is_400_naming_the_form_not_a_partial_200(
    demo_client: FlaskClient, subject_id: str
) -> None:
    status, body = answer(demo_client, subject_id)
    assert status == 400 and "1 to 18 digits, nothing else" in body["message"]


@pytest.mark.parametrize("route", ["procedures", "subject", "perfusions", "intended_measurements"])
def test_leading_zeros_give_exactly_the_answer_for_the_canonical_id(demo_client: FlaskClient, route: str) -> None:
    padded, canonical = demo_client.get(f"/{route}/00775745"), demo_client.get(f"/{route}/775745")
    assert padded.status_code == canonical.status_code == 200
    assert padded.get_data() == canonical.get_data()


@pytest.mark.parametrize(
    ("failing", "named", "kept"),
    [
        ("sharepoint", "SharePoint", "Perfusion"),
        ("slims", "SLIMS", "Brain injection"),
        ("smartsheet", "Smartsheet", "Brain injection"),
        ("tars", "TARS", "Brain injection"),
        ("labtracks", "LabTracks", "Brain injection"),
        ("dataverse", "Dataverse", "Brain injection"),
    ],
)
def test_one_source_down_gives_207_naming_it_with_the_rest(make_app: Any, failing: str, named: str, kept: str) -> None:
    status, body = answer(make_app(DEMO_FAIL=failing).test_client(), "775745")
    assert status == 207
    assert named in body["message"]
    assert kept in kinds(body["data"])


def test_every_source_down_gives_503_naming_them(make_app: Any) -> None:
    status, body = answer(
        make_app(DEMO_FAIL="labtracks,sharepoint,slims,smartsheet,tars,dataverse").test_client(), "775745"
    )
    assert status == 503 and body["data"] is None
    assert all(name in body["message"] for name in ("LabTracks", "SharePoint", "SLIMS", "Smartsheet"))


def test_dataverse_water_restriction_replaces_slims_and_takes_the_protocol_of_the_surgery_before_it(
    demo_client: FlaskClient,
) -> None:
    procedures = answer(demo_client, "775745")[1]["data"]["subject_procedures"]
    restrictions = [p for p in procedures if p["object_type"] == "Water restriction"]
    assert len(restrictions) == 1 and restrictions[0]["start_date"] == "2025-04-02"
    assert restrictions[0]["ethics_review_id"] == "2414"  # the headframe surgery of 2025-03-10, not the perfusion's


def test_dataverse_down_is_207_at_the_root_and_503_naming_it_in_v2(make_app: Any) -> None:
    client = make_app(DEMO_FAIL="dataverse").test_client()
    root, v2 = client.get("/procedures/775745"), client.get("/api/v2/procedures/775745")
    assert root.status_code == 207 and "Dataverse is unreachable" in root.json["message"]
    assert v2.status_code == 503 and "Dataverse is unreachable" in v2.json["detail"]


def test_sharepoint_down_leaves_subject_answering(make_app: Any) -> None:
    assert make_app(DEMO_FAIL="sharepoint").test_client().get("/subject/775745").status_code == 200


def test_the_answer_holds_no_secret_or_traceback(app: Flask) -> None:
    text = json.dumps(answer(app.test_client(), "775745")[1])
    assert "Traceback" not in text and "client_secret" not in text.lower()


def test_a_deployment_with_no_source_of_procedures_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    from aind_metadata_service.app import create_app

    response = create_app({"TESTING": True}).test_client().get("/procedures/775745")
    assert (response.status_code, response.json["message"]) == (503, "No source of procedures is configured")


def test_only_the_configured_sources_are_asked(make_app: Any) -> None:
    app = make_app()
    clients = app.extensions["aind_metadata_service"].clients
    for name in ("sharepoint", "slims", "smartsheet", "tars", "dataverse"):
        clients[name] = None
    status, body = answer(app.test_client(), "775745")
    assert status == 200 and kinds(body["data"]) == {"Surgery", "Perfusion"}
