"""The search page: a form for every data route, and colours that follow the status-code contract."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def data_routes(client: FlaskClient) -> set[str]:
    """Every root GET route that answers in the envelope, as the page writes paths ("subject/{subject_id}").

    /api/v2 routes are the same paths, reached through the page's V1/V2 switch.
    """
    found = set()
    for path, operations in client.get("/openapi.json").json["paths"].items():
        ok = operations.get("get", {}).get("responses", {}).get("200", {})
        schema = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if not path.startswith("/api/") and {"message", "data"} <= set(schema.get("required", [])):
            found.add(path[1:])
    return found


def test_every_data_route_has_a_form_on_the_search_page(client: FlaskClient) -> None:
    forms = set(re.findall(r'data-path="([^"]+)"', client.get("/").get_data(as_text=True)))
    routes = data_routes(client)
    assert len(routes) >= 14 and "investigators/{project_name}" in routes
    assert routes - forms == set()


def test_the_page_offers_the_v1_and_v2_dialects(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'name="dialect" value="" checked' in page and 'name="dialect" value="api/v2/"' in page


def test_every_route_only_api_v2_has_gets_a_form_that_always_asks_in_v2(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").json["paths"]
    only_v2 = {p.removeprefix("/api/v2/") for p, ops in paths.items() if p.startswith("/api/v2/") and "get" in ops}
    only_v2 -= {p[1:] for p in paths if not p.startswith("/api/")} | {"healthcheck"}
    only_v2 -= {p for p in only_v2 if p.startswith("instrument")}  # the root /instrument form has the V1/V2 switch
    page = client.get("/").get_data(as_text=True)
    forced = set(re.findall(r'data-path="([^"]+)" data-query="[^"]*" data-v2="1"', page))
    assert len(only_v2) >= 10 and only_v2 - forced == set()
