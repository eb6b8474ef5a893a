"""The /api/v2 dialect's rules (reference/API-v2.md §2) where the published client cannot show them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient

from aind_metadata_service.contract import Outcome
from aind_metadata_service.render import v2
from aind_metadata_service.sources.smartsheet.mappers.funding import RAW_COLUMNS


def test_a_get_from_another_origin_may_read_the_error_header(client: FlaskClient) -> None:
    response = client.get("/api/v2/subject/640001", headers={"Origin": "https://notebooks.example.org"})
    assert response.status_code == 400
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-Error-Message" in response.headers["Access-Control-Expose-Headers"]


def test_several_labtracks_rows_for_one_subject_are_500_saying_so(client: FlaskClient) -> None:
    response = client.get("/api/v2/subject/640005")
    assert response.status_code == 500
    assert response.json == {"detail": "2 subject records found for 640005 where one was expected."}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v2/labtracks/subject?subject_id=999999999",
        "/api/v2/active_directory/%2A)(uid=%2A",  # an injection, escaped: the filter finds nobody
        "/api/v2/dataverse/water_restriction?mouse_id=632269",  # a mouse never restricted
        "/api/v2/dataverse/tables/no_such_things",
        "/api/v2/instrument/no_such_rig",
    ],
)
def test_what_a_v2_route_does_not_find_is_fastapis_404_not_found(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert (response.status_code, response.json) == (404, {"detail": "Not found"})


def test_an_unknown_path_is_fastapis_not_found(client: FlaskClient) -> None:
    assert client.get("/api/v2/no_such_route").json == {"detail": "Not Found"}


def test_the_funding_sheet_raw_rows_have_the_v2_column_names(client: FlaskClient) -> None:
    rows = client.get("/api/v2/smartsheet/funding").json
    assert rows and set(rows[0]) == set(RAW_COLUMNS)  # the keys reference/API-v2.md §4 shows for a funding row
    assert any(r["project_name"] == "Thalamus in the middle" for r in rows)


def test_a_stale_complete_answer_is_served_while_a_source_is_down(make_app: Any) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0.001, STALE_TTL_S=3600)
    client = app.test_client()
    assert client.get("/api/v2/procedures/775745").status_code == 200
    app.extensions["aind_metadata_service"].demo = None  # keep the cache, break the sources
    for c in app.extensions["aind_metadata_service"].clients.values():
        setattr(c, "_session", _broken()) if hasattr(c, "_session") else None
    response = client.get("/api/v2/procedures/775745")
    assert response.status_code == 200 and response.headers["X-Cache"] == "stale"
    assert response.headers["Warning"] == '110 - "Response is Stale"'
    assert response.json["subject_id"] == "775745"


def _broken() -> Any:
    """A session whose every request fails as an unreachable host does."""
    import requests

    from aind_metadata_service.sources.base import http_session

    class Down(requests.adapters.BaseAdapter):
        def send(self, *args: Any, **kwargs: Any) -> requests.Response:
            raise requests.ConnectionError("down")

        def close(self) -> None:
            """Nothing to close."""

    return http_session(Down())


def test_the_error_header_is_compact_json_of_the_first_failing_item_only() -> None:
    first = [{"loc": ["fundee", 0, "name"], "msg": "Field required", "type": "missing"}]
    outcome = Outcome(406, "", [{"a": 1}, {"b": 2}], [*first, {"loc": [1], "msg": "x", "type": "y"}], first)
    with _request():
        response = v2.render(outcome, listed=True)
    assert response.status_code == 400 and response.json == [{"a": 1}, {"b": 2}]
    assert (
        response.headers["X-Error-Message"] == '[{"type":"missing","loc":["fundee",0,"name"],"msg":"Field required"}]'
    )


@pytest.mark.parametrize(("errors", "fixed"), [(40, False), (60, True)])
def test_past_3800_bytes_the_error_header_is_the_fixed_text(errors: int, fixed: bool) -> None:
    many = [{"loc": ["procedures", i, "x"], "msg": "Field required", "type": "missing"} for i in range(errors)]
    header = v2.error_header(many)
    assert (header == v2.TOO_MANY) is fixed
    if not fixed:
        assert len(json.loads(header)) == errors and len(header.encode()) < 3800


def _request() -> Any:
    """A request context of a demo app, for rendering outside a route."""
    from aind_metadata_service.app import create_app

    return create_app({"TESTING": True, "DEMO": True}).test_request_context("/api/v2/x")


def test_the_healthcheck_has_exactly_the_keys_the_client_reads(client: FlaskClient) -> None:
    from aind_metadata_service import __version__

    assert client.get("/api/v2/healthcheck").json == {"status": "OK", "service_version": __version__}
