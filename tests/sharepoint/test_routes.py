"""GET /intended_measurements/{subject_id} on the demo: each status of the contract, as a user meets it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from aind_metadata_service.sources.sharepoint.client import SharePointClient, SharePointError

MakeApp = Callable[..., Flask]


def test_a_subject_with_fibers_gets_each_fibers_measurements_named_as_in_its_procedures(make_app: MakeApp) -> None:
    response = make_app().test_client().get("/intended_measurements/775745")
    assert response.status_code == 200
    assert response.json == {
        "message": "Valid intended measurements for 775745 (2).",
        "data": [
            {"fiber_name": "Fiber_0", "intended_measurement_R": "dopamine", "intended_measurement_G": None,
             "intended_measurement_B": None, "intended_measurement_Iso": "control"},
            {"fiber_name": "Fiber_1", "intended_measurement_R": None, "intended_measurement_G": "calcium",
             "intended_measurement_B": None, "intended_measurement_Iso": "control"},
        ],
    }  # fmt: skip


def test_sharepoint_switched_off_gives_503_naming_both_lists(make_app: MakeApp) -> None:
    response = make_app(DEMO_FAIL="sharepoint").test_client().get("/intended_measurements/775745")
    assert response.status_code == 503
    assert response.json == {
        "message": "No intended measurements could be found for 775745: SharePoint is unreachable (NSB 2023 list); "
        "SharePoint is unreachable (NSB present list).",
        "data": None,
    }


def test_one_list_failing_gives_207_with_the_other_lists_fibers(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_items = SharePointClient.items

    def archive_down(self: SharePointClient, list_key: str, subject_id: str) -> list[dict[str, Any]]:
        if list_key == "nsb2023":
            raise SharePointError("SharePoint is unreachable (NSB 2023 list)", 503)
        return real_items(self, list_key, subject_id)

    monkeypatch.setattr(SharePointClient, "items", archive_down)
    response = make_app().test_client().get("/intended_measurements/775745")
    assert response.status_code == 207
    assert (
        response.json["message"]
        == "Partial intended measurements for 775745: SharePoint is unreachable (NSB 2023 list)."
    )
    assert [m["fiber_name"] for m in response.json["data"]] == ["Fiber_0", "Fiber_1"]


def test_the_route_is_documented_with_its_model(make_app: MakeApp) -> None:
    spec = make_app().test_client().get("/openapi.json").json
    assert "/intended_measurements/{subject_id}" in spec["paths"]
    assert set(spec["components"]["schemas"]["IntendedMeasurementModel"]["properties"]) == {
        "fiber_name", "intended_measurement_R", "intended_measurement_G", "intended_measurement_B", "intended_measurement_Iso"
    }  # fmt: skip


def test_healthz_reports_sharepoint_and_its_failure(make_app: MakeApp) -> None:
    assert make_app().test_client().get("/healthz").json["sources"]["SharePoint"] == "ok"
    down = make_app(DEMO_FAIL="sharepoint").test_client().get("/healthz").json
    assert down["sources"]["SharePoint"] == "SharePoint is unreachable"
