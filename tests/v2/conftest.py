"""The published client 2.12.2 against the demo app served on loopback, as a notebook would reach it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from aind_metadata_service_client import ApiClient, Configuration, DefaultApi, HealthcheckApi
from flask import Flask

from tests.conftest import served


@pytest.fixture(scope="session")
def base_url(app: Flask) -> Iterator[str]:
    """The session's demo app on loopback."""
    yield from served(app)


def api_for(url: str) -> DefaultApi:
    """The published client's DefaultApi on a server."""
    return DefaultApi(ApiClient(Configuration(host=url)))


@pytest.fixture(scope="session")
def api(base_url: str) -> DefaultApi:
    """The published client's DefaultApi on the demo."""
    return api_for(base_url)


@pytest.fixture(scope="session")
def health(base_url: str) -> HealthcheckApi:
    """The published client's HealthcheckApi on the demo."""
    return HealthcheckApi(ApiClient(Configuration(host=base_url)))


@pytest.fixture
def api_with(make_app: Callable[..., Flask]) -> Iterator[Callable[..., DefaultApi]]:
    """The published client on a demo app of its own settings: api_with(DEMO_FAIL="sharepoint")."""
    servers: list[Iterator[str]] = []

    def build(**config: Any) -> DefaultApi:
        server = served(make_app(**config))
        servers.append(server)
        return api_for(next(server))

    yield build
    for server in servers:
        next(server, None)
