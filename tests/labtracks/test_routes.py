"""GET /subject/{subject_id} on the demo: each status of the contract, as a user meets it."""

from __future__ import annotations

import warnings
from typing import Any

from aind_data_schema.core.subject import Subject
from flask.testing import FlaskClient


def test_a_known_subject_is_200_and_a_valid_subject(client: FlaskClient) -> None:
    response = client.get("/subject/775745")
    assert response.status_code == 200
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        subject = Subject.model_validate(response.json["data"])
    assert subject.subject_id == "775745"
    assert subject.subject_details.genotype == "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt"  # type: ignore[union-attr]


def test_an_invalid_subject_still_returns_its_data_and_the_errors(client: FlaskClient) -> None:
    body: dict[str, Any] = client.get("/subject/640002").json
    assert body["data"]["subject_id"] == "640002"
    assert body["errors"] == [
        {"loc": ["subject_details", "Mouse subject", "sex"], "msg": "Field required", "type": "missing"}
    ]


def test_an_injection_attempt_is_refused_and_the_colony_is_untouched(client: FlaskClient) -> None:
    assert client.get("/subject/1; DROP TABLE ANIMALS_COMMON;--").status_code == 400
    assert client.get("/subject/775745").status_code == 200


def test_labtracks_switched_off_gives_503_naming_it(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="labtracks").test_client().get("/subject/775745")
    assert response.status_code == 503
    assert response.json == {"message": "LabTracks is unreachable", "data": None}
