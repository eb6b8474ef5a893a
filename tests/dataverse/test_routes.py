"""/api/v2/dataverse/... on the demo: bare bodies, 404/400/422/503 in FastAPI's shapes, injection refused early."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
import responses
from flask import Flask
from flask.testing import FlaskClient

from aind_metadata_service.app import create_app
from tests.conftest import azure_login


def test_the_table_list_names_each_demo_table(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/tables")
    assert response.status_code == 200
    assert {"aibs_fact_mouse_weight_recordses", "cr138_projects"} <= {t["entitysetname"] for t in response.json}
    assert set(response.json[0]) == {"entityid", "entitysetname", "name", "logicalname"}


def test_table_rows_are_filtered_selected_and_stripped_of_metadata(client: FlaskClient) -> None:
    where = quote("cr138_project eq 'Cell Type LUT' or cr138_sub_project eq 'Project 2'")
    response = client.get(
        f"/api/v2/dataverse/tables/cr138_projects?columns=cr138_project,cr138_sub_project&filter={where}"
    )
    assert response.status_code == 200
    assert response.json == [
        {"cr138_project": "Thalamus in the middle", "cr138_sub_project": "Project 2"},
        {"cr138_project": "Cell Type LUT", "cr138_sub_project": None},
    ]


def test_every_page_of_a_table_is_read_and_formatted_values_are_kept(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/tables/aibs_fact_mouse_weight_recordses")
    assert len(response.json) == 11  # the demo pages five rows at a time
    first = response.json[0]
    assert first["_aibs_mouse_id_value@OData.Community.Display.V1.FormattedValue"] == "775745"
    assert "_aibs_mouse_id_value" not in first and "@odata.etag" not in first


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        (
            "filter=" + quote("cr138_project eq 'x') or contains(cr138_project,'y'"),
            "filter: functions are not allowed: contains(...) at position 26",
        ),
        (
            "filter=" + quote("cr138_project eq 'x' or 1 eq 1"),
            "filter: expected a column name at position 25, found '1'",
        ),
        ("filter=" + quote("password eq 'x'"), "filter: unknown column 'password' in filter"),
        (
            "columns=" + quote("cr138_project,$expand=owninguser"),
            "columns: column '$expand=owninguser' is not a column name",
        ),
    ],
)
def test_an_injection_in_filter_or_columns_is_400_saying_what_is_wrong(
    client: FlaskClient, query: str, detail: str
) -> None:
    response = client.get(f"/api/v2/dataverse/tables/cr138_projects?{query}")
    assert (response.status_code, response.json) == (400, {"detail": detail})


def test_an_injection_never_reaches_the_tables_rows_on_a_real_deployment(monkeypatch: pytest.MonkeyPatch) -> None:
    env, tenant = "https://org.test.dynamics.com", "t"
    app = create_app(
        {
            "TESTING": True,
            "DATAVERSE_TENANT_ID": tenant,
            "DATAVERSE_CLIENT_ID": "c",
            "DATAVERSE_CLIENT_SECRET": "s",
            "DATAVERSE_ENVIRONMENT_URL": env,
        }
    )
    login = f"https://login.microsoftonline.com/{tenant}"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        azure_login(mock, login, "x")
        mock.get(
            f"{env}/api/data/v9.2/entities",
            json={
                "value": [
                    {"entityid": "e", "entitysetname": "cr138_projects", "name": "P", "logicalname": "cr138_project"}
                ]
            },
        )
        mock.get(
            f"{env}/api/data/v9.2/EntityDefinitions(LogicalName='cr138_project')/Attributes",
            json={"value": [{"LogicalName": "cr138_project", "AttributeType": "String", "AttributeOf": None}]},
        )
        rows = mock.get(f"{env}/api/data/v9.2/cr138_projects", json={"value": []})
        response = app.test_client().get(
            "/api/v2/dataverse/tables/cr138_projects?filter=" + quote("cr138_project eq '' or ''=''")
        )
    assert response.status_code == 400 and response.json["detail"].startswith("filter: ")
    assert rows.call_count == 0


def test_mouse_weights_of_the_acquisition_day_as_mouse_weight_data(client: FlaskClient) -> None:
    response = client.get(
        "/api/v2/dataverse/mouse_weight_records/775745?acquisition_datetime=2025-03-10T09:00:00-07:00"
    )
    assert response.status_code == 200
    assert [(w["weight"], w["notes"]) for w in response.json] == [(24.8, "pre-surgery"), (24.1, "post-surgery")]
    assert set(response.json[0]) == {
        "record_id",
        "mouse_id",
        "weight",
        "weight_datetime",
        "is_baseline_weight",
        "operator",
        "workstation",
        "software_version",
        "software_source",
        "status",
        "notes",
    }


@pytest.mark.parametrize(
    ("path", "status", "count"),
    [("775745", 200, 8), ("632269", 200, 2), ("775745?acquisition_datetime=2024-01-01", 404, 0), ("999999", 404, 0)],
)
def test_each_mouse_has_its_weighings_or_404(client: FlaskClient, path: str, status: int, count: int) -> None:
    response = client.get(f"/api/v2/dataverse/mouse_weight_records/{path}")
    assert response.status_code == status
    assert len(response.json) == count if status == 200 else response.json == {"detail": "Not found"}


def test_a_bad_acquisition_datetime_is_422_in_fastapis_shape(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/mouse_weight_records/775745?acquisition_datetime=yesterday")
    assert response.status_code == 422
    assert response.json["detail"][0]["loc"] == ["query", "acquisition_datetime"]


def test_water_restriction_of_775745_is_one_row_per_restriction_change(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/water_restriction?mouse_id=775745")
    assert response.status_code == 200
    assert [(r["change_date_time"], r["new_value"], r["old_value"]) for r in response.json] == [
        ("2025-04-02T16:55:00Z", "active water restriction", "adlib: baseline weight establishment"),
        ("2025-04-30T17:01:44Z", "adlib: water restriction complete", "active water restriction"),
    ]
    assert list(response.json[0]) == [
        "mouse_id",
        "protocol_id",
        "record_name",
        "active_record",
        "baseline_weight",
        "last_watered_datetime",
        "low_weight_threshold",
        "target_weight",
        "targeted_weight_percentage",
        "water_restriction_status",
        "change_date_time",
        "new_value",
        "old_value",
    ]


def test_water_restriction_without_mouse_id_is_fastapis_422(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/water_restriction")
    assert response.status_code == 422
    assert response.json == {
        "detail": [{"type": "missing", "loc": ["query", "mouse_id"], "msg": "Field required", "input": None}]
    }


def test_funding_rows_cover_the_smartsheet_demo_projects(client: FlaskClient) -> None:
    response = client.get("/api/v2/dataverse/funding")
    assert response.status_code == 200
    grants = {(r["project_name"], r["subproject"], r["grant_number"]) for r in response.json}
    assert ("Thalamus in the middle", "Project 1", "1R01NS129473") in grants
    assert ("Cell Type LUT", None, "1RF1MH133790") in grants
    assert {"Mei Tanaka"} <= {r["fundees"] for r in response.json}


@pytest.mark.parametrize(
    "path",
    ["tables", "tables/cr138_projects", "mouse_weight_records/775745", "water_restriction?mouse_id=775745", "funding"],
)
def test_dataverse_down_is_503_naming_it_on_every_route(make_app: Callable[..., Flask], path: str) -> None:
    response = make_app(DEMO_FAIL="dataverse").test_client().get(f"/api/v2/dataverse/{path}")
    assert (response.status_code, response.json) == (503, {"detail": "Dataverse is unreachable"})


def test_without_settings_dataverse_is_503_not_configured() -> None:
    response = create_app({"TESTING": True}).test_client().get("/api/v2/dataverse/funding")
    assert (response.status_code, response.json) == (503, {"detail": "Dataverse is not configured"})


def test_healthz_lists_dataverse(client: FlaskClient) -> None:
    assert client.get("/healthz").json["sources"]["Dataverse"] == "ok"
