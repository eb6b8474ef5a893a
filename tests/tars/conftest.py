"""Fixtures for TARS: demo apps with TARS' source and blueprint registered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from aind_metadata_service import app as factory
from aind_metadata_service.blueprints import tars as tars_bp
from aind_metadata_service.clients import tars


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """Demo apps with TARS registered (once, whether or not app.py lists it yet)."""
    monkeypatch.setattr(factory, "SOURCES", [s for s in factory.SOURCES if s.name != "tars"] + [tars.SPEC])
    monkeypatch.setattr(factory, "BLUEPRINTS", [b for b in factory.BLUEPRINTS if b.name != "tars"] + [tars_bp.bp])

    def build(**config: Any) -> Flask:
        return factory.create_app({"TESTING": True, "DEMO": True, **config})

    return build
