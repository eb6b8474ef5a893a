"""Invariants over the URL map: every route is documented, tested, and answers in the envelope."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from flask import Flask

TESTS = Path(__file__).resolve().parent
SERVED_BY_SMOREST = {"/openapi.json", "/docs", "/redoc", "/docs/<path:filename>"}


def routes(app: Flask) -> list[str]:
    """Every rule the app serves, but Flask's static files and the OpenAPI pages."""
    return sorted({r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"} - SERVED_BY_SMOREST)


def test_every_route_is_in_the_openapi_description(app: Flask) -> None:
    documented = set(app.test_client().get("/openapi.json").json["paths"])
    as_openapi = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule) for rule in routes(app)}
    assert as_openapi <= documented


def _client_methods() -> dict[str, str]:
    """The published client 2.12.2's method for each path it calls, e.g. {"/api/v2/subject/": "get_subject"}."""
    from aind_metadata_service_client.api import default_api

    source = inspect.getsource(default_api)
    found = re.findall(r"def _(\w+)_serialize\(.*?resource_path='([^']+)'", source, re.S)
    return {re.sub(r"\{[^}]+\}.*", "", path): method for method, path in found}


def test_every_route_is_called_by_some_test(app: Flask) -> None:
    text = "\n".join(p.read_text() for p in TESTS.rglob("test_*.py"))
    methods = _client_methods()
    called = [re.sub(r"<[^>]+>.*", "", rule) for rule in routes(app)]
    untested = [path for path in called if path not in text and f'"{methods.get(path)}"' not in text]
    assert untested == []
