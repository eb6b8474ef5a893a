"""The search page: a form for every data route, and colours that follow the status-code contract."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

NOT_DATA = {"/", "/healthz", "/openapi.json", "/docs", "/redoc", "/docs/<path:filename>"}


def test_every_data_route_has_a_form_on_the_search_page(app: Flask, client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    forms = set(re.findall(r'data-path="([^"]+)"', page))
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"} - NOT_DATA
    # /api/v2 routes are the same paths, reached through the page's V1/V2 switch.
    root_routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule)[1:] for rule in rules if not rule.startswith("/api/")}
    assert root_routes - forms == set()
    assert "investigators/{project_name}" in forms


def test_the_page_offers_the_v1_and_v2_dialects(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    assert 'name="dialect" value="" checked' in page and 'name="dialect" value="api/v2/"' in page
