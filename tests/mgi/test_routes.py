"""GET /mgi_allele/{allele_name} on the demo: names with brackets and slashes, each status."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from aind_data_schema_models.pid_names import PIDName
from flask import Flask
from flask.testing import FlaskClient


@pytest.mark.parametrize(
    ("allele", "symbol", "mgi_id"),
    [
        ("Ai93(TITL-GCaMP6f)", "Igs7<tm93.1(tetO-GCaMP6f)Hze>", "5558086"),
        ("Slc17a7-IRES2-Cre", "Slc17a7<tm1.1(cre)Hze>", "5450492"),
        ("Camk2a-tTA", "Tg(Camk2a-tTA)1Mmay", "2179066"),
        ("Ai32(RCL-ChR2(H134R)_EYFP)", "Gt(ROSA)26Sor<tm32(CAG-COP4*H134R/EYFP)Hze>", "5013290"),
        # an official symbol with a '/', sent URL-encoded as %2F
        ("Gt(ROSA)26Sor<tm32(CAG-COP4*H134R/EYFP)Hze>", "Gt(ROSA)26Sor<tm32(CAG-COP4*H134R/EYFP)Hze>", "5013290"),
    ],
)
def test_a_known_allele_is_200_and_a_valid_pid_name(client: FlaskClient, allele: str, symbol: str, mgi_id: str) -> None:
    response = client.get("/mgi_allele/" + quote(allele, safe=""))
    assert (response.status_code, response.json["message"]) == (200, f"Valid MGI allele for {allele}.")
    found = PIDName.model_validate(response.json["data"])
    assert (found.name, found.registry, found.registry_identifier) == (symbol, "Mouse Genome Informatics (MGI)", mgi_id)


def test_an_encoded_slash_reaches_the_view_as_part_of_the_name(client: FlaskClient) -> None:
    response = client.get("/mgi_allele/Ai14%2Fwt")
    assert (response.status_code, response.json["message"]) == (404, "No MGI allele found for Ai14/wt.")


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("No-Such-Cre", 404, "No MGI allele found for No-Such-Cre."),
        ("%20%20", 400, "allele_name: must not be blank"),
        ("x" * 301, 400, "allele_name: must be 1 to 300 characters"),
    ],
)
def test_each_kind_of_name_gives_its_status(client: FlaskClient, path: str, status: int, message: str) -> None:
    response = client.get(f"/mgi_allele/{path}")
    assert (response.status_code, response.json["message"]) == (status, message)


def test_mgi_down_is_503_naming_mgi(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO_FAIL="mgi").test_client().get("/mgi_allele/Camk2a-tTA")
    assert response.status_code == 503
    assert response.json == {"message": "MGI is unreachable", "data": None}


def test_mgi_needs_no_settings_to_be_configured(make_app: Callable[..., Flask]) -> None:
    app = make_app(DEMO=False)
    assert app.extensions["aind_metadata_service"].clients["mgi"] is not None


def test_the_route_is_documented_with_its_statuses(client: FlaskClient) -> None:
    operation = client.get("/openapi.json").json["paths"]["/mgi_allele/{allele_name}"]["get"]
    assert {"200", "400", "404", "500", "503"} <= set(operation["responses"])
