"""Fixtures for MGI: demo apps with MGI's source and blueprint registered."""

from __future__ import annotations
