"""Fixtures for TARS: demo apps with TARS' source and blueprint registered."""

from __future__ import annotations
