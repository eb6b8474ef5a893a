"""/funding and /investigators on the demo: people carry ORCID iDs when definitive; ORCID down never fails them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

PROJECT_1 = "Thalamus%20in%20the%20middle%20-%20Project%201"
MISSING = "ORCID iDs are missing: ORCID could not be asked for every person."


def ids(people: list[dict]) -> dict[str, str | None]:
    """Each person's iD by name."""
    return {p["name"]: p.get("registry_identifier") for p in people}


def test_funding_lists_fundees_with_their_orcid_ids(client: FlaskClient) -> None:
    response = client.get(f"/funding/{PROJECT_1}")
    assert response.status_code == 200 and "ORCID" not in response.json["message"]
    fundees = [p for f in response.json["data"] for p in f["fundee"]]
    assert ids(fundees) == {
        "Sofia Marchetti": "0000-0000-0000-1012",
        "Daniel Osei": "0000-0000-0000-1020",
        "Priya Raman": "0000-0000-0000-1047",
    }
    assert {p["registry"] for p in fundees} == {"Open Researcher and Contributor ID (ORCID)"}


def test_investigators_without_a_definitive_match_have_no_id(client: FlaskClient) -> None:
    response = client.get("/api/v2/investigators/Thalamus%20in%20the%20middle%20-%20Project%202")
    assert response.status_code == 200
    assert ids(response.json) == {"Priya Raman": "0000-0000-0000-1047", "t.wieczorek@example.org": None}


@pytest.mark.parametrize("route", ["funding", "investigators"])
def test_orcid_down_still_answers_200_saying_ids_are_missing(make_app: Callable[..., Flask], route: str) -> None:
    client = make_app(DEMO_FAIL="orcid").test_client()
    response = client.get(f"/{route}/{PROJECT_1}")
    assert response.status_code == 200
    assert response.json["message"].endswith(MISSING)
    people = [p for f in response.json["data"] for p in f["fundee"]] if route == "funding" else response.json["data"]
    assert people and all(p["registry_identifier"] is None for p in people)
    v2 = {"funding": f"/api/v2/funding/{PROJECT_1}", "investigators": f"/api/v2/investigators/{PROJECT_1}"}
    assert client.get(v2[route]).status_code == 200
