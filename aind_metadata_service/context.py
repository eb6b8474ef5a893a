"""Tiny accessors for what the factory built: source clients, the fan-out pool, the cache."""

from __future__ import annotations

from typing import Any

from flask import current_app

from aind_metadata_service.cache import Cache
from aind_metadata_service.fanout import Fanout
from aind_metadata_service.sources.base import NotConfigured

EXTENSION = "aind_metadata_service"


def state() -> dict[str, Any]:
    """This app's state, as the factory stored it."""
    return current_app.extensions[EXTENSION]


def client(name: str) -> Any:
    """The named source's client.

    :raises NotConfigured: 503 naming the source when this deployment has no settings for it.
    """
    found = state()["clients"].get(name)
    if found is None:
        raise NotConfigured(state()["titles"][name])
    return found


def optional_client(name: str) -> Any | None:
    """The named source's client, or None when it is not configured."""
    return state()["clients"].get(name)


def fanout() -> Fanout:
    """The pool that runs independent source calls concurrently."""
    return state()["fanout"]


def cache() -> Cache:
    """The cache for slow-changing source data."""
    return state()["cache"]
