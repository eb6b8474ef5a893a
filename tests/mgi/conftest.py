"""Fixtures for MGI: demo apps with MGI's source and blueprint registered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from aind_metadata_service import app as factory
from aind_metadata_service.blueprints import mgi as mgi_bp
from aind_metadata_service.clients import mgi


@pytest.fixture
def make_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Flask]:
    """Apps with MGI registered (once, whether or not app.py lists it yet); demo unless told otherwise."""
    monkeypatch.setattr(factory, "SOURCES", [s for s in factory.SOURCES if s.name != "mgi"] + [mgi.SPEC])
    monkeypatch.setattr(factory, "BLUEPRINTS", [b for b in factory.BLUEPRINTS if b.name != "mgi"] + [mgi_bp.bp])

    def build(**config: Any) -> Flask:
        return factory.create_app({"TESTING": True, "DEMO": True, **config})

    return build
