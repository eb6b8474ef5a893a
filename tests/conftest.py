"""Fixtures shared by every test: one demo app per session, apps with their own settings, a clean environment."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from aind_metadata_service.app import create_app
from aind_metadata_service.registry import SOURCES
from aind_metadata_service.web.health import Checker

# Settings a developer's shell may hold; tests start from none of them. Every source's keys are in the registry.
_PREFIXES = ("AIND_", "AWS_", "REDIS_URL", *{key.split("_")[0] + "_" for s in SOURCES for key in s.settings.keys()})
# Settings the session's app must not take from a developer's shell (it is built before a test cleans the env).
DEMO: dict[str, Any] = {"TESTING": True, "DEMO": True, "DEMO_FAIL": "", "DEMO_LATENCY_MS": 0, "DEMO_DATA": None}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No source keys, demo switches or AWS settings leak in from the shell."""
    for key in list(os.environ):
        if key.startswith(_PREFIXES):
            monkeypatch.delenv(key)
    # MGI is public, so it is configured by default: point it at a host that cannot be the real one.
    monkeypatch.setenv("MGI_URL", "https://mgi.test/quicksearch/alleleBucket")
    monkeypatch.setenv("ORCID_API_URL", "https://pub.orcid.test/v3.0")  # ORCID is public too
    monkeypatch.setenv("ORCID_SUMMARY_URL", "https://orcid.test")


@pytest.fixture(autouse=True)
def stop_health_checks() -> Iterator[None]:
    """Every app's background health thread stops with its test."""
    yield
    Checker.stop_all()


@pytest.fixture
def make_app() -> Callable[..., Flask]:
    """A demo app of its own, for a test that needs its own settings: make_app(DEMO_FAIL="labtracks")."""

    def build(**config: Any) -> Flask:
        return create_app({**DEMO, **config})

    return build


@pytest.fixture(scope="session")
def app() -> Flask:
    """The demo app, built once for every test that only reads from it."""
    return create_app(DEMO)


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    """A test client of the session's demo app."""
    with app.test_client() as test_client:
        yield test_client


def served(app: Flask) -> Iterator[str]:
    """The app on a free loopback port, in a thread, for as long as the caller needs it (a generator: next() gives
    its base URL, closing it stops the server within 50 ms rather than serve_forever's default 0.5 s)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def serve() -> Iterator[Callable[[Flask], str]]:
    """serve(app) runs the app on a free loopback port in a thread and gives its base URL."""
    servers: list[Iterator[str]] = []

    def start(app: Flask) -> str:
        servers.append(served(app))
        return next(servers[-1])

    yield start
    for server in servers:
        next(server, None)


def redis_on(database: int) -> str:
    """The machine's Redis, one database of it (each test file its own, so parallel runs do not meet); skipped
    when Redis is unreachable, except in CI, which fails."""
    import redis

    url = f"redis://127.0.0.1:6379/{database}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")
    return url


@pytest.fixture
def redis_url() -> str:
    """Redis database 15, for the cache's tests."""
    return redis_on(15)


def azure_login(mock: Any, login: str, access_token: str = "token-1") -> None:
    """Azure AD's discovery and token endpoints for an authority (https://login.microsoftonline.com/<tenant>), as
    msal asks them before a client-credentials token."""
    config = {"authorization_endpoint": f"{login}/oauth2/v2.0/authorize", "token_endpoint": f"{login}/oauth2/v2.0/token"}
    mock.get(f"{login}/v2.0/.well-known/openid-configuration", json={"issuer": f"{login}/v2.0", **config})
    mock.post(config["token_endpoint"], json={"token_type": "Bearer", "expires_in": 3599, "access_token": access_token})
