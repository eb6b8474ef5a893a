"""Fixtures for the Smartsheet source: demo apps with its spec and blueprints registered, and sheet builders."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from aind_metadata_service.sources.smartsheet import client as smartsheet


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
