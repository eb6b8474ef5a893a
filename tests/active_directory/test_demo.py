"""The demo directory: the same client and mapper over ldap3's mock strategy, and AIND_DEMO_FAIL switching it off."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient


def test_the_demo_finds_a_user_by_login_and_by_full_name(client: FlaskClient) -> None:
    by_login = client.get("/api/v2/active_directory/jane.doe")
    by_name = client.get("/api/v2/active_directory/Jane%20Doe")
    assert by_login.status_code == by_name.status_code == 200
    assert (
        by_login.json
        == by_name.json
        == {
            "username": "jane.doe",
            "full_name": "Jane Doe",
            "email": "jane.doe@example.org",
        }
    )


def test_a_blank_username_is_422_in_fastapis_shape(client: FlaskClient) -> None:
    response = client.get("/api/v2/active_directory/%20")
    assert response.status_code == 422


def test_the_demo_switched_off_is_503_naming_active_directory(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO_FAIL="active_directory").test_client().get("/api/v2/active_directory/jane.doe")
    assert (response.status_code, response.json) == (503, {"detail": "Active Directory is unreachable"})


def test_healthz_lists_active_directory(client: FlaskClient, make_app: Callable[..., Flask]) -> None:
    assert client.get("/healthz").json["sources"]["Active Directory"] == "ok"
    down = make_app(DEMO_FAIL="active_directory").test_client().get("/healthz").json
    assert down["sources"]["Active Directory"] == "Active Directory is unreachable"


def test_a_failing_directory_is_skipped_by_its_circuit_breaker(make_app: Callable[..., Flask]) -> None:
    client = make_app(DEMO_FAIL="active_directory", BREAKER_FAILURES=1, ANSWER_CACHE_TTL_S=0).test_client()
    first, second = (client.get("/api/v2/active_directory/jdoe") for _ in range(2))
    assert (first.status_code, second.status_code) == (503, 503)
    assert "skipped: Active Directory failing since 20" in second.json["detail"]


def test_a_lookup_gets_only_the_time_left_in_the_request(make_app: Callable[..., Flask]) -> None:
    client = make_app(DEMO_LATENCY_MS=3000, REQUEST_DEADLINE_S=0.3, ANSWER_CACHE_TTL_S=0).test_client()
    response = client.get("/api/v2/active_directory/jdoe")
    assert response.status_code == 503 and "Active Directory" in response.json["detail"]
