"""Fixtures for SharePoint: demo apps with its source and blueprint registered, and the demo's list items."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.sources.sharepoint import client as sharepoint


def _demo_items(list_key: str, subject_id: str) -> list[dict[str, Any]]:
    """The demo file's items for a subject, as the client returns them (the LAS match is exact)."""
    items = json.loads((DEMO_DATA / "sharepoint" / f"{list_key}.json").read_text(encoding="utf-8"))
    if list_key == "las2020":
        return [i for i in items if sharepoint.las_holds(i, subject_id)]
    column = sharepoint.SUBJECT_COLUMNS[list_key]
    return [i for i in items if i.get(column) == subject_id]


@pytest.fixture
def demo_items() -> Callable[[str, str], list[dict[str, Any]]]:
    """The demo's items of a subject in a list."""
    return _demo_items


@pytest.fixture
def demo_item() -> Callable[[str, str], dict[str, Any]]:
    """The one demo item of a subject in a list."""

    def one(list_key: str, subject_id: str) -> dict[str, Any]:
        (found,) = _demo_items(list_key, subject_id)
        return found

    return one
