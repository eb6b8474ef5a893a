"""Fixtures for the Smartsheet source: demo apps with its spec and blueprints registered, and sheet builders."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aind_metadata_service import app as app_module
from aind_metadata_service.app import create_app
from aind_metadata_service.blueprints import funding, perfusions, protocols
from aind_metadata_service.clients import smartsheet

_OURS = [funding.bp, perfusions.bp, protocols.bp]


def _register(monkeypatch: pytest.MonkeyPatch) -> None:
    """Add Smartsheet to the factory's lists (once, whether or not app.py lists it yet)."""
    sources = [s for s in app_module.SOURCES if s.name != smartsheet.SPEC.name] + [smartsheet.SPEC]
    names = {bp.name for bp in _OURS}
    blueprints = [bp for bp in app_module.BLUEPRINTS if bp.name not in names] + _OURS
    monkeypatch.setattr(app_module, "SOURCES", sources)
    monkeypatch.setattr(app_module, "BLUEPRINTS", blueprints)


# Settings a developer's shell could set through AIND_*; module-scoped apps are built before the env is cleaned.
_DEMO = {"TESTING": True, "DEMO": True, "DEMO_FAIL": "", "DEMO_LATENCY_MS": 0, "DEMO_DATA": None}


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """A fresh factory-built demo app with Smartsheet registered: make_app(DEMO_FAIL="smartsheet")."""
    _register(monkeypatch)

    def build(**config: Any) -> Flask:
        return create_app({**_DEMO, **config})

    return build


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    """One demo app per module for read-only route tests (building an app costs about half a second)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _register(monkeypatch)
        yield create_app(_DEMO)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A test client of the module's demo app."""
    with app.test_client() as test_client:
        yield test_client


def native_sheet(sheet_id: int, titles: list[str], records: list[dict[str, Any]]) -> dict[str, Any]:
    """A whole-sheet answer in Smartsheet's shape: columns with ids, rows of cells keyed by columnId."""
    ids = itertools.count(1000)
    columns = [{"id": next(ids), "index": i, "title": t, "type": "TEXT_NUMBER"} for i, t in enumerate(titles)]
    rows = []
    for number, record in enumerate(records, 1):
        cells = []
        for column in columns:
            cell: dict[str, Any] = {"columnId": column["id"]}
            value = record.get(str(column["title"]))
            if value is not None:
                cell.update(value=value, displayValue=str(value))
            cells.append(cell)
        rows.append({"id": 5000 + number, "rowNumber": number, "expanded": True, "cells": cells})
    return {"id": sheet_id, "name": f"sheet {sheet_id}", "version": 3, "columns": columns, "rows": rows}


@pytest.fixture
def sheet_json() -> Callable[..., dict[str, Any]]:
    """Build a native whole-sheet answer for one of our sheets: sheet_json("protocols", [{...}], sheet_id=3)."""

    def build(name: str, records: list[dict[str, Any]], sheet_id: int = 1) -> dict[str, Any]:
        return native_sheet(sheet_id, list(smartsheet.COLUMNS[name]), records)

    return build
