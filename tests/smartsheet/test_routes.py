"""The Smartsheet routes on the demo: funding, project names, investigators, protocols and perfusions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from requests import PreparedRequest
from werkzeug.test import TestResponse

from aind_metadata_service.sources.smartsheet.demo import SmartsheetDemoAdapter
from aind_metadata_service.sources.smartsheet.mappers.protocols import PERFUSION

NANOJECT = "Injection of Viral Tracers by Nanoject V.4"


def body(response: TestResponse) -> dict[str, Any]:
    """The JSON envelope of an answer."""
    found = response.get_json()
    assert isinstance(found, dict)
    return found


def funders(envelope: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(funder abbreviation or raw text, grant number) for each funding item."""
    return [
        (f["funder"]["abbreviation"] if isinstance(f["funder"], dict) else f["funder"], f["grant_number"])
        for f in envelope["data"]
    ]


def test_a_bare_project_gives_the_funding_of_all_its_subprojects(client: FlaskClient) -> None:
    response = client.get("/funding/Thalamus%20in%20the%20middle")
    assert response.status_code == 200
    assert funders(body(response)) == [("AI", None), ("NINDS", "1R01NS129473"), ("NIMH", "1U01MH131052")]


def test_a_subproject_gives_only_its_own_funding(client: FlaskClient) -> None:
    response = client.get("/funding/Thalamus%20in%20the%20middle%20-%20Project%201")
    assert response.status_code == 200
    assert funders(body(response)) == [("AI", None), ("NINDS", "1R01NS129473")]
    assert [p["name"] for p in body(response)["data"][1]["fundee"]] == ["Sofia Marchetti", "Daniel Osei"]


def test_a_funder_missing_from_the_schema_answers_406_with_the_data(client: FlaskClient) -> None:
    response = client.get("/funding/Cell%20Type%20LUT")
    assert response.status_code == 406
    assert funders(body(response)) == [("AI", None), ("NIH", "1RF1MH133790")]
    assert body(response)["errors"][0]["loc"][:2] == [1, "funder"]


def test_project_names_are_the_sorted_names_funding_answers_for(client: FlaskClient) -> None:
    response = client.get("/project_names")
    assert response.status_code == 200
    assert body(response)["data"] == [
        "Brain Computer Interface",
        "Cell Type LUT",
        "Thalamus in the middle - Project 1",
        "Thalamus in the middle - Project 2",
    ]


def test_investigators_of_a_project_are_listed_as_people(client: FlaskClient) -> None:
    response = client.get("/investigators/Brain%20Computer%20Interface")
    assert response.status_code == 200
    assert [p["name"] for p in body(response)["data"]] == ["Hannah Adeyemi", "Lucas Brandt"]


@pytest.mark.parametrize(
    "url",
    [
        "/funding/No%20such%20project",
        "/funding/Thalamus%20in%20the%20middle%20-%20Project%203",
        "/investigators/No%20such%20project",
        "/protocols/No%20such%20protocol",
        "/perfusions/632269",
    ],
)
def test_an_unknown_key_answers_404(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert body(response)["data"] is None


def test_a_protocol_is_found_by_its_exact_name(client: FlaskClient) -> None:
    response = client.get(f"/protocols/{NANOJECT.replace(' ', '%20')}")
    assert response.status_code == 200
    data = body(response)["data"]
    assert (data["protocol_name"], data["version"], data["protocol_type"]) == (NANOJECT, "4", "Surgical Procedures")
    assert data["doi"].startswith("dx.doi.org/10.17504/protocols.io.")


def test_a_protocol_collection_is_flagged(client: FlaskClient) -> None:
    name = "Whole Mouse Brain Delipidation, Immunolabeling, and Expansion Microscopy"
    response = client.get(f"/protocols/{name}")
    assert response.status_code == 200
    assert body(response)["data"]["protocol_collection"] is True


def test_a_protocol_name_on_two_rows_answers_300_with_both(client: FlaskClient) -> None:
    response = client.get("/protocols/SmartSPIM%20setup%20and%20alignment")
    assert response.status_code == 300
    assert [p["version"] for p in body(response)["data"]] == ["1", "2"]


@pytest.mark.parametrize("url", ["/protocols/A%2FB%20staining", "/funding/A%2FB%20project"])
def test_a_name_with_an_encoded_slash_reaches_the_route(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "A/B" in body(response)["message"]


def test_a_perfusion_is_a_surgery_with_the_sheet_protocol_doi(client: FlaskClient) -> None:
    response = client.get("/perfusions/775745")
    assert response.status_code == 200
    [surgery] = body(response)["data"]
    assert (surgery["start_date"], surgery["ethics_review_id"], surgery["experimenters"]) == (
        "2025-06-02",
        "2109",
        ["Nadia Ferreira"],
    )
    [perfusion] = surgery["procedures"]
    assert perfusion["output_specimen_ids"] == ["775745"]
    doi = body(client.get(f"/protocols/{PERFUSION}"))["data"]["doi"]
    assert perfusion["protocol_id"] == doi


@pytest.mark.parametrize("subject_id", ["689418", "545378"])
def test_perfusions_are_found_despite_a_text_subject_cell_in_the_sheet(client: FlaskClient, subject_id: str) -> None:
    response = client.get(f"/perfusions/{subject_id}")
    assert response.status_code == 200
    assert body(response)["data"][0]["procedures"][0]["output_specimen_ids"] == [subject_id]


def test_a_non_numeric_subject_id_answers_400(client: FlaskClient) -> None:
    assert client.get("/perfusions/pilot%20B").status_code == 400


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/funding/%20%20", "project_name: must not be blank"),
        ("/investigators/%20", "project_name: must not be blank"),
        ("/protocols/" + "x" * 301, "protocol_name: must be 1 to 300 characters"),
    ],
)
def test_a_blank_or_overlong_name_answers_400_saying_why(client: FlaskClient, url: str, message: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert body(response)["message"] == message


@pytest.mark.parametrize(
    "url", ["/funding/Cell%20Type%20LUT", "/project_names", "/protocols/X", "/perfusions/775745", "/investigators/X"]
)
def test_every_route_answers_503_naming_smartsheet_when_it_is_down(make_app: Callable[..., Flask], url: str) -> None:
    response = make_app(DEMO_FAIL="smartsheet").test_client().get(url)
    assert response.status_code == 503
    assert body(response) == {"message": "Smartsheet is unreachable", "data": None}


def test_healthz_reports_smartsheet(make_app: Callable[..., Flask]) -> None:
    assert body(make_app().test_client().get("/healthz"))["sources"]["Smartsheet"] == "ok"
    down = body(make_app(DEMO_FAIL="smartsheet").test_client().get("/healthz"))
    assert down["sources"]["Smartsheet"] == "Smartsheet is unreachable"


def test_routes_answer_503_when_smartsheet_is_not_configured(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO=False).test_client().get("/project_names")
    assert response.status_code == 503
    assert body(response)["message"] == "Smartsheet is not configured"


def test_the_demo_fetches_each_sheet_once_across_requests(
    make_app: Callable[..., Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[str] = []
    answer = SmartsheetDemoAdapter.answer

    def spy(adapter: SmartsheetDemoAdapter, request: PreparedRequest) -> tuple[int, Any]:
        served.append(request.url or "")
        return answer(adapter, request)

    monkeypatch.setattr(SmartsheetDemoAdapter, "answer", spy)
    client = make_app().test_client()
    for _ in range(3):
        assert client.get("/perfusions/775745").status_code == 200
        assert client.get("/funding/Brain%20Computer%20Interface").status_code == 200
    assert len(served) == 3  # the perfusions, protocols and funding sheets, once each
