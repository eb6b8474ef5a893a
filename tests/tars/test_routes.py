"""GET /tars_injection_materials/{prep_lot_number} on the demo: each status, as a user meets it."""

from __future__ import annotations

import warnings
from collections.abc import Callable

from aind_data_schema.components.injection_procedures import ViralMaterial
from flask import Flask
from flask.testing import FlaskClient


def test_the_demo_colony_lot_is_200_and_a_valid_viral_material(client: FlaskClient) -> None:
    response = client.get("/tars_injection_materials/VT3214G")
    assert (response.status_code, response.json["message"]) == (200, "Valid injection material for VT3214G.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        material = ViralMaterial.model_validate(response.json["data"])
    assert material.name == "pAAV-hSyn-GRAB-DA2m"
    assert material.tars_identifiers is not None and material.tars_identifiers.virus_tars_id == "VIR300104_PHPeB"
    assert material.addgene_id is not None and material.addgene_id.registry_identifier == "140553"


def test_a_lot_is_found_whatever_its_case(client: FlaskClient) -> None:
    upper, lower = client.get("/tars_injection_materials/VT3214G"), client.get("/tars_injection_materials/vt3214g")
    assert lower.status_code == 200 and lower.json["data"] == upper.json["data"]


def test_a_lot_whose_number_is_inside_another_is_only_itself(client: FlaskClient) -> None:
    response = client.get("/tars_injection_materials/VT3214")
    assert response.status_code == 200
    assert response.json["data"]["tars_identifiers"]["prep_lot_number"] == "VT3214"


def test_a_lot_tars_holds_twice_is_300_listing_both_with_their_viruses(client: FlaskClient) -> None:
    response = client.get("/tars_injection_materials/VT2891")
    assert response.status_code == 300
    assert [m["name"] for m in response.json["data"]] == ["pSADdeltaG-mCherry", "pAAV-hSyn-EGFP"]


def test_a_lot_whose_virus_is_missing_is_406_with_what_tars_holds(client: FlaskClient) -> None:
    body = client.get("/tars_injection_materials/VT3388").json
    assert body["data"]["tars_identifiers"]["prep_lot_number"] == "VT3388"
    assert body["errors"] == [{"loc": ["name"], "msg": "Input should be a valid string", "type": "string_type"}]


def test_tars_down_is_503_naming_tars(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO_FAIL="tars").test_client().get("/tars_injection_materials/VT3214G")
    assert response.status_code == 503
    assert response.json == {"message": "TARS is unreachable", "data": None}


def test_tars_unconfigured_is_503_naming_tars(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO=False).test_client().get("/tars_injection_materials/VT3214G")
    assert response.json == {"message": "TARS is not configured", "data": None}


def test_healthz_signs_in_to_tars_and_reads_a_page(client: FlaskClient) -> None:
    assert client.get("/healthz").json["sources"]["TARS"] == "ok"


def test_the_route_is_documented_with_its_statuses(client: FlaskClient) -> None:
    operation = client.get("/openapi.json").json["paths"]["/tars_injection_materials/{prep_lot_number}"]["get"]
    assert {"200", "300", "400", "404", "406", "500", "503"} <= set(operation["responses"])
