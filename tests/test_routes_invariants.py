"""Invariants over the URL map: every route is documented, tested, and answers in the envelope."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

TESTS = Path(__file__).resolve().parent
SERVED_BY_SMOREST = {"/openapi.json", "/docs", "/docs/<path:filename>"}


def routes(app: Flask) -> list[str]:
    """Every rule the app serves, but Flask's static files and the OpenAPI pages."""
    return sorted({r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"} - SERVED_BY_SMOREST)


def test_every_route_is_in_the_openapi_description(app: Flask) -> None:
    documented = set(app.test_client().get("/openapi.json").json["paths"])
    as_openapi = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule) for rule in routes(app)}
    assert as_openapi <= documented


def test_every_route_is_called_by_some_test(app: Flask) -> None:
    text = "\n".join(p.read_text() for p in TESTS.rglob("test_*.py"))
    untested = [rule for rule in routes(app) if re.sub(r"<[^>]+>.*", "", rule) not in text]
    assert untested == []


def test_every_blueprint_module_defines_one_blueprint_and_imports_no_http_library() -> None:
    for module in (TESTS.parent / "aind_metadata_service" / "blueprints").glob("*.py"):
        source = module.read_text()
        if module.name != "__init__.py":
            assert source.count("Blueprint(") == 1, module.name
        assert "import requests" not in source and "pyodbc" not in source, module.name


def test_views_never_catch_errors_themselves() -> None:
    for module in (TESTS.parent / "aind_metadata_service" / "blueprints").glob("*.py"):
        assert "except" not in module.read_text(), module.name
