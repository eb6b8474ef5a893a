"""Fixtures shared by every test: apps from the factory on the demo, and a clean environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from aind_metadata_service.app import create_app

# Settings a developer's shell may hold; tests start from none of them.
_PREFIXES = ("LABTRACKS_", "SHAREPOINT_", "SLIMS_", "SMARTSHEET_", "TARS_", "MGI_", "AIND_", "AWS_", "REDIS_URL")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No source keys, demo switches or AWS settings leak in from the shell."""
    for key in list(os.environ):
        if key.startswith(_PREFIXES):
            monkeypatch.delenv(key)
    # MGI is public, so it is configured by default: point it at a host that cannot be the real one.
    monkeypatch.setenv("MGI_URL", "https://mgi.test/quicksearch/alleleBucket")


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    """A factory-built demo app with extra settings: make_app(DEMO_FAIL="labtracks")."""

    def build(**config: Any) -> Flask:
        return create_app({"TESTING": True, "DEMO": True, **config})

    return build


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The demo app."""
    return make_app()


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A test client of the demo app."""
    with app.test_client() as test_client:
        yield test_client
