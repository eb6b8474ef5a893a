"""GET /slims/... on the demo: each status of the contract as a user meets it, through the real client."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

ROUTES = ["/slims/ecephys_sessions", "/slims/smartspim_imaging", "/slims/histology", "/slims/water_restriction"]
NEEDS_A_FILTER = "Give subject_id, or start_date_gte and/or end_date_lte: SLIMS is not read whole."


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ("/slims/ecephys_sessions", "Valid ecephys sessions for subject 775745 (1)."),
        ("/slims/smartspim_imaging", "Valid SmartSPIM imaging records for subject 775745 (1)."),
        ("/slims/histology", "Valid histology procedures for subject 775745 (4)."),
        ("/slims/water_restriction", "Valid water restrictions for subject 775745 (1)."),
    ],
)
def test_the_demo_subject_has_valid_records_on_every_slims_route(web: FlaskClient, route: str, message: str) -> None:
    response = web.get(route, query_string={"subject_id": "775745"})
    assert (response.status_code, response.json["message"]) == (200, message)
    assert all(item.get("subject_id") == "775745" for item in response.json["data"])


def test_histology_is_newest_first_with_primary_and_secondary_antibodies(web: FlaskClient) -> None:
    data = web.get("/slims/histology?subject_id=775745").json["data"]
    assert [(p["procedure_type"], p["start_date"]) for p in data] == [
        ("Refractive index matching", "2025-06-18"),
        ("Immunolabeling", "2025-06-14"),
        ("Immunolabeling", "2025-06-10"),
        ("Delipidation", "2025-06-04"),
    ]
    assert [p["protocol_parameters"] for p in data[1:3]] == [
        {"immunolabel_class": "Secondary"},
        {"immunolabel_class": "Primary"},
    ]


def test_water_restriction_carries_the_iacuc_protocol_and_a_whole_percent(web: FlaskClient) -> None:
    [restriction] = web.get("/slims/water_restriction?subject_id=775745").json["data"]
    assert {k: restriction[k] for k in ("ethics_review_id", "target_fraction_weight", "start_date", "weight_unit")} == {
        "ethics_review_id": "2414",
        "target_fraction_weight": 85,
        "start_date": "2025-04-01",
        "weight_unit": "gram",
    }


def test_an_ecephys_session_reads_its_modules_with_decoded_units(web: FlaskClient) -> None:
    [session] = web.get("/slims/ecephys_sessions?subject_id=775745").json["data"]
    assert session["session_name"] == "ecephys_775745_2025-04-22_14-03-12"
    modules = session["streams"][0]["modules"]
    assert [(m["probe_name"], m["manipulator_unit"]) for m in modules] == [("45883", "μm"), ("45901", "μm")]
    assert [s["spout_side"] for s in session["reward_delivery"]["reward_spouts"]] == ["Left", "Right"]


def test_a_session_name_alone_finds_its_session(web: FlaskClient) -> None:
    response = web.get("/slims/ecephys_sessions?session_name=ecephys_632269_2022-10-05_10-15-40")
    assert response.status_code == 200
    assert [s["subject_id"] for s in response.json["data"]] == ["632269"]


@pytest.mark.parametrize(
    ("query", "subjects"),
    [
        ({"start_date_gte": "2025-05-01"}, ["700812"]),
        ({"end_date_lte": "2025-04-30"}, ["775745"]),
        ({"start_date_gte": "2025-04-01", "end_date_lte": "2025-04-01"}, ["775745"]),  # that whole day
        ({"start_date_gte": "2025-01-01T00:00:00Z", "end_date_lte": "2025-12-31T23:59:59Z"}, ["700812", "775745"]),
    ],
)
def test_dates_alone_choose_records_across_subjects(web: FlaskClient, query: dict, subjects: list[str]) -> None:
    data = web.get("/slims/water_restriction", query_string=query).json["data"]
    assert [w["subject_id"] for w in data] == subjects


def test_a_histology_run_without_washes_is_406_with_its_data_and_the_unknown_dates(web: FlaskClient) -> None:
    response = web.get("/slims/histology?subject_id=689418")
    assert response.status_code == 406
    assert [p["procedure_type"] for p in response.json["data"]] == ["Immunolabeling", "Immunolabeling", "Delipidation"]
    assert {(e["loc"][0], e["loc"][1]) for e in response.json["errors"]} == {(2, "start_date"), (2, "end_date")}


@pytest.mark.parametrize("route", ROUTES)
def test_a_subject_slims_does_not_hold_is_404(web: FlaskClient, route: str) -> None:
    response = web.get(route, query_string={"subject_id": "999999"})
    assert response.status_code == 404
    assert response.json["data"] is None and response.json["message"].endswith("found for subject 999999.")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start_date_gte": "2025-13-01"}, "start_date_gte: must be an ISO 8601 date or date-time"),
        ({"end_date_lte": "yesterday"}, "end_date_lte: must be an ISO 8601 date or date-time"),
        ({"subject_id": "77-5745"}, "subject_id: must be a LabTracks id"),
        (
            {"start_date_gte": "2025-06-01", "end_date_lte": "2025-05-01"},
            "start_date_gte: must not be after end_date_lte",
        ),
        ({}, NEEDS_A_FILTER),
    ],
)
def test_malformed_or_missing_filters_are_400_saying_what_is_wrong(
    web: FlaskClient, route: str, query: dict, message: str
) -> None:
    response = web.get(route, query_string=query)
    assert response.status_code == 400
    assert message in response.json["message"] and response.json["data"] is None


@pytest.mark.parametrize("route", ROUTES)
def test_slims_switched_off_in_the_demo_is_503_naming_slims(make_app: Callable[..., Flask], route: str) -> None:
    response = make_app(DEMO_FAIL="slims").test_client().get(route, query_string={"subject_id": "775745"})
    assert (response.status_code, response.json) == (503, {"message": "SLIMS is unreachable", "data": None})


def test_without_slims_settings_the_routes_are_503_not_configured(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO=False).test_client().get("/slims/histology?subject_id=775745")
    assert (response.status_code, response.json["message"]) == (503, "SLIMS is not configured")


def test_healthz_pings_slims(web: FlaskClient) -> None:
    assert web.get("/healthz").json["sources"]["SLIMS"] == "ok"


def test_openapi_documents_every_slims_route_and_its_model(web: FlaskClient) -> None:
    spec = web.get("/openapi.json").json
    assert set(ROUTES) <= set(spec["paths"])
    assert {"EcephysSession", "SmartSpimImaging", "SlimsSpecimenProcedure", "SlimsWaterRestriction"} <= set(
        spec["components"]["schemas"]
    )
