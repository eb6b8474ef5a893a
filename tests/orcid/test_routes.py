"""/api/v2/orcid/{name} on the demo: an iD when definitive, 404 otherwise, 400 for one word, 503 naming ORCID."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient

V2 = "/api/v2/orcid/"


@pytest.mark.parametrize(
    ("name", "orcid"),
    [
        ("Sofia Marchetti", "0000-0000-0000-1012"),  # search 1: the one Allen-affiliated match
        ("Daniel Osei", "0000-0000-0000-1020"),  # a namesake elsewhere is not at Allen
        ("Priya Raman", "0000-0000-0000-1047"),  # search 2: the summary with the Allen e-mail domain
        ("Lucas Brandt", "0000-0000-0000-108X"),  # through another name; check character X
        ("Rafael Quintero", "0000-0000-0000-1098"),  # Rafaël, unaccented
        ('"Sofia" Marchetti\\', "0000-0000-0000-1012"),  # quotes and backslashes are ignored
    ],
)
def test_a_definitive_match_answers_the_orcid(client: FlaskClient, name: str, orcid: str) -> None:
    response = client.get(V2 + quote(name))
    assert (response.status_code, response.json) == (200, {"orcid": orcid})


@pytest.mark.parametrize("name", ["Tomasz Wieczorek", "Mei Tanaka"])
def test_no_definitive_match_is_404_not_found(client: FlaskClient, name: str) -> None:
    response = client.get(V2 + quote(name))
    assert (response.status_code, response.json) == (404, {"detail": "Not found"})


@pytest.mark.parametrize("name", ["Madonna", quote('"\\" Smith"'.replace("Smith", ""))])
def test_a_name_of_one_word_is_400_not_upstreams_500(client: FlaskClient, name: str) -> None:
    response = client.get(V2 + name)
    assert response.status_code == 400
    assert response.json["detail"].startswith("name must have at least two words")


def test_orcid_down_is_503_naming_orcid(make_app: Callable[..., Flask]) -> None:
    response = make_app(DEMO_FAIL="orcid").test_client().get(V2 + "Sofia%20Marchetti")
    assert (response.status_code, response.json) == (503, {"detail": "ORCID is unreachable"})


def test_orcid_needs_no_settings_to_be_configured(make_app: Callable[..., Flask]) -> None:
    app = make_app(DEMO=False)
    assert app.extensions["aind_metadata_service"].clients["orcid"].settings.api_url == "https://pub.orcid.test/v3.0"
