"""The blueprints, one per data source plus the routes that combine sources; the factory registers this list."""

from __future__ import annotations

from aind_metadata_service.blueprints import (
    funding,
    meta,
    mgi,
    perfusions,
    procedures,
    protocols,
    sharepoint,
    slims,
    subject,
    tars,
)

BLUEPRINTS = [
    meta.bp,
    subject.bp,
    procedures.bp,
    sharepoint.bp,
    slims.bp,
    funding.bp,
    protocols.bp,
    perfusions.bp,
    tars.bp,
    mgi.bp,
]
