"""The Active Directory routes against a real OpenLDAP slapd on loopback, through the factory-built app."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from aind_metadata_service.app import create_app
from tests.active_directory.conftest import BIND_DN, BIND_PASSWORD, SUFFIX, Slapd, start_slapd

Ask = Callable[..., FlaskClient]


def _settings(url: str, **extra: Any) -> dict[str, Any]:
    """The app's settings for a directory at url."""
    return {"AD_URL": url, "AD_USERNAME": BIND_DN, "AD_PASSWORD": BIND_PASSWORD, "AD_SEARCH_BASE": SUFFIX, **extra}


@pytest.fixture
def ask(slapd: Slapd) -> Ask:
    """A test client of an app configured for the running slapd, with settings overridden as given."""

    def build(**extra: Any) -> FlaskClient:
        return create_app({"TESTING": True, **_settings(slapd.url, **extra)}).test_client()

    return build


def test_a_user_is_found_by_login(ask: Ask) -> None:
    response = ask().get("/api/v2/active_directory/jane.doe")
    assert response.status_code == 200
    assert response.json == {"username": "jane.doe", "full_name": "Jane Doe", "email": "jane.doe@example.test"}


def test_a_user_is_found_by_full_name_whatever_its_case(ask: Ask) -> None:
    response = ask().get("/api/v2/active_directory/rafael%20ORTIZ")
    assert response.status_code == 200
    assert response.json["username"] == "rafael.ortiz"


def test_an_unknown_user_is_404_not_found(ask: Ask) -> None:
    response = ask().get("/api/v2/active_directory/nobody.here")
    assert (response.status_code, response.json) == (404, {"detail": "Not found"})


@pytest.mark.parametrize(
    "attack", ["*", "*)(uid=*", "*)(|(objectClass=*)", "jane*", ")(cn=*", "\\2a", "*)(cn=*))(|(cn=*"]
)
def test_a_filter_injection_finds_nobody_and_dumps_no_directory(ask: Ask, attack: str) -> None:
    response = ask().get("/api/v2/active_directory/" + attack.replace("%", "%25").replace("*", "%2A"))
    assert (response.status_code, response.json) == (404, {"detail": "Not found"})
    assert b"example.test" not in response.data


def test_a_full_name_shared_by_two_people_asks_for_the_login(ask: Ask) -> None:
    response = ask().get("/api/v2/active_directory/Alex%20Kim")
    assert response.status_code == 409
    assert response.json == {"detail": "2 users are named 'Alex Kim'; ask by login instead"}
    assert ask().get("/api/v2/active_directory/alex.kim2").json["full_name"] == "Alex Kim"


def test_a_computer_account_is_not_a_user(ask: Ask) -> None:
    assert ask().get("/api/v2/active_directory/SPIM-ACQ-01").status_code == 404


def test_a_wrong_bind_password_is_503_naming_active_directory_without_the_password(ask: Ask) -> None:
    response = ask(AD_PASSWORD="wrong-Pa55").get("/api/v2/active_directory/jane.doe")
    assert (response.status_code, response.json) == (503, {"detail": "Active Directory credentials rejected"})
    assert b"wrong-Pa55" not in response.data and b"Traceback" not in response.data


def test_a_search_base_that_does_not_exist_is_500_naming_active_directory(ask: Ask) -> None:
    response = ask(AD_SEARCH_BASE="dc=elsewhere,dc=test").get("/api/v2/active_directory/jane.doe")
    assert response.status_code == 500
    assert response.json["detail"].startswith("Active Directory answered with an error")


def test_healthz_binds_and_reads_the_search_base(ask: Ask) -> None:
    assert ask().get("/healthz").json["sources"]["Active Directory"] == "ok"


@pytest.fixture
def stopped_slapd(tmp_path: Path) -> Iterator[Slapd]:
    """A slapd of its own, stopped before the test asks it anything."""
    server = start_slapd(tmp_path)
    server.stop()
    yield server


def test_a_stopped_slapd_is_503_unreachable(stopped_slapd: Slapd) -> None:
    client = create_app({"TESTING": True, **_settings(stopped_slapd.url)}).test_client()
    response = client.get("/api/v2/active_directory/jane.doe")
    assert (response.status_code, response.json) == (503, {"detail": "Active Directory is unreachable"})


def test_a_server_that_never_answers_is_503_within_the_timeout() -> None:
    with socket.socket() as silent:  # accepts connections (the backlog) and never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        url = f"ldap://127.0.0.1:{silent.getsockname()[1]}"
        client = create_app({"TESTING": True, **_settings(url, AD_TIMEOUT_S="0.5")}).test_client()
        response = client.get("/api/v2/active_directory/jane.doe")  # returns: the receive timeout ends the wait
    assert (response.status_code, response.json) == (503, {"detail": "Active Directory is unreachable"})
