"""The service's own routes: the search page, /healthz and the OpenAPI description."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def test_the_search_page_has_a_box_per_data_route(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    for path in ("subject/{subject_id}", "procedures/{subject_id}", "slims/histology", "project_names"):
        assert f'data-path="{path}"' in page
    assert "<script>" in page and "cdn" not in page.lower()


def test_healthz_reports_each_source_and_the_version(client: FlaskClient) -> None:
    body = client.get("/healthz").json
    assert body["status"] == "ok" and body["version"]
    assert body["sources"]["LabTracks"] == "ok"


def test_healthz_names_a_source_that_is_down(make_app: Any) -> None:
    body = make_app(DEMO_FAIL="labtracks").test_client().get("/healthz").json
    assert body["status"] == "degraded"
    assert body["sources"]["LabTracks"] == "LabTracks is unreachable"


def test_healthz_says_which_sources_are_not_configured(make_app: Any) -> None:
    body = make_app(DEMO=False).test_client().get("/healthz").json
    assert body["sources"]["LabTracks"] == "not configured"


def test_the_openapi_description_documents_the_contract(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").json
    subject = spec["paths"]["/subject/{subject_id}"]["get"]
    assert {"200", "300", "400", "404", "406", "500", "503"} <= set(subject["responses"])
    assert "Subject" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200
