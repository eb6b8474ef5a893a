"""The envelope and every status of the contract, from records and failures to answers."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from flask import Flask
from pydantic import BaseModel, model_validator

from aind_metadata_service import contract
from aind_metadata_service.render import root
from aind_metadata_service.sources.base import SourceError


class Mouse(BaseModel):
    """A tiny model to validate against."""

    name: str
    weight_g: float


GOOD: dict[str, Any] = {"name": "Ruby", "weight_g": 21.5}
BAD: dict[str, Any] = {"name": "Jade", "weight_g": "heavy"}
DOWN = {"LabTracks": SourceError("LabTracks is unreachable", 503)}
BROKEN = {"SLIMS": SourceError("SLIMS answered with HTTP 400", 500)}


def answer(app: Flask, build: Any) -> tuple[int, dict[str, Any]]:
    """Status and body of an answer built inside a request."""
    with app.test_request_context():
        response = root.render(contract.judge(build()))
        return response.status_code, response.get_json()


@pytest.mark.parametrize(
    ("build", "status", "message", "data"),
    [
        (lambda: contract.one(Mouse, [GOOD], "mouse", "1"), 200, "Valid mouse for 1.", GOOD),
        (lambda: contract.one(Mouse, [], "mouse", "1"), 404, "No mouse found for 1.", None),
        (
            lambda: contract.one(Mouse, [GOOD, GOOD], "mouse", "1"),
            300,
            "2 mouse records found for 1 where one was expected.",
            [GOOD, GOOD],
        ),
        (lambda: contract.many(Mouse, [GOOD, GOOD], "mice", "1"), 200, "Valid mice for 1 (2).", [GOOD, GOOD]),
        (lambda: contract.many(Mouse, [], "mice", "1"), 404, "No mice found for 1.", None),
        (
            lambda: contract.one(Mouse, [GOOD], "mouse", "1", DOWN),
            207,
            "Partial mouse for 1: LabTracks is unreachable.",
            GOOD,
        ),
        (
            lambda: contract.one(Mouse, [], "mouse", "1", DOWN),
            503,
            "No mouse could be found for 1: LabTracks is unreachable.",
            None,
        ),
        (
            lambda: contract.many(Mouse, [], "mice", "1", BROKEN),
            500,
            "No mice could be found for 1: SLIMS answered with HTTP 400.",
            None,
        ),
        (
            lambda: contract.many(Mouse, [GOOD], "mice", "1", BROKEN),
            207,
            "Partial mice for 1: SLIMS answered with HTTP 400.",
            [GOOD],
        ),
    ],
)
def test_each_outcome_gives_its_status_message_and_data(
    app: Flask, build: Any, status: int, message: str, data: Any
) -> None:
    assert answer(app, build) == (status, {"message": message, "data": data})


def test_invalid_data_gives_406_with_the_data_and_errors_that_never_echo_input(app: Flask) -> None:
    status, body = answer(app, lambda: contract.one(Mouse, [BAD], "mouse", "1"))
    assert status == 406
    assert body["data"] == BAD
    assert body["errors"] == [
        {
            "loc": ["weight_g"],
            "msg": "Input should be a valid number, unable to parse string as a number",
            "type": "float_parsing",
        }
    ]
    assert "heavy" not in str(body["errors"])


def test_errors_of_a_list_are_located_by_index(app: Flask) -> None:
    status, body = answer(app, lambda: contract.many(Mouse, [GOOD, BAD], "mice", "1"))
    assert status == 406
    assert [e["loc"] for e in body["errors"]] == [[1, "weight_g"]]


def test_a_partial_answer_that_is_also_invalid_stays_207_and_lists_the_errors(app: Flask) -> None:
    status, body = answer(app, lambda: contract.one(Mouse, [BAD], "mouse", "1", DOWN))
    assert status == 207
    assert (
        body["message"]
        == "Partial mouse for 1: LabTracks is unreachable. The rest fails validation against aind-data-schema 2.9.2 (1 error)."
    )
    assert len(body["errors"]) == 1


@pytest.mark.parametrize(("path", "status"), [("/no/such/route", 404), ("/subject/abc", 400)])
def test_http_errors_use_the_envelope(client: Any, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json) == {"message", "data"} and response.json["data"] is None


def test_a_wrong_method_uses_the_envelope(client: Any) -> None:
    response = client.post("/subject/775745")
    assert response.status_code == 405
    assert response.json["data"] is None and "method" in response.json["message"].lower()


def test_an_unexpected_error_gives_500_without_a_traceback(make_app: Any) -> None:
    app = make_app()
    app.extensions["aind_metadata_service"].clients["labtracks"].subject_rows = lambda _id: 1 / 0
    response = app.test_client().get("/subject/775745")
    assert response.status_code == 500
    assert response.json == {"message": "Internal server error; it has been logged.", "data": None}


class CountedMouse(Mouse):
    """A model that counts how often its validation runs."""

    runs: ClassVar[int] = 0

    @model_validator(mode="before")
    @classmethod
    def _count(cls, data: Any) -> Any:
        CountedMouse.runs += 1
        return data


def test_the_same_record_is_validated_once_and_each_caller_gets_its_own_copy() -> None:
    CountedMouse.runs = 0
    first, errors = contract.validate(CountedMouse, {"name": "Opal", "weight_g": 20.0})
    first["name"] = "changed by the first caller"
    again, _ = contract.validate(CountedMouse, {"name": "Opal", "weight_g": 20.0})
    assert (CountedMouse.runs, errors, again) == (1, [], {"name": "Opal", "weight_g": 20.0})
    contract.validate(CountedMouse, {"name": "Opal", "weight_g": 20.5})  # a changed source value is validated
    assert CountedMouse.runs == 2


def test_a_remembered_invalid_record_still_gives_its_errors() -> None:
    bad = {"name": "Onyx", "weight_g": "heavy"}
    assert contract.validate(Mouse, bad) == contract.validate(Mouse, bad)
    assert contract.validate(Mouse, bad)[1][0]["loc"] == ["weight_g"]


BAD_ID = "subject_id: must be a LabTracks id: 1 to 18 digits, nothing else"


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/subject/632269", 200, "Valid subject for 632269."),
        ("/subject/999999999", 404, "No subject found for 999999999."),
        ("/subject/640005", 300, "2 subject records found for 640005 where one was expected."),
        ("/subject/640002", 406, "Subject for 640002 fails validation against aind-data-schema 2.9.2 (1 error)."),
        ("/subject/abc", 400, BAD_ID),
        ("/subject/-5", 400, BAD_ID),
        ("/subject/7757451234567890123", 400, BAD_ID),
        ("/subject/1%3B%20DROP%20TABLE%20ANIMALS_COMMON%3B--", 400, BAD_ID),
        ("/intended_measurements/668123", 200, "Valid intended measurements for 668123 (2)."),
        ("/intended_measurements/632269", 404, "No intended measurements found for 632269."),
        ("/intended_measurements/999999", 404, "No intended measurements found for 999999."),
        ("/intended_measurements/1' or '1'='1", 400, BAD_ID),
        ("/tars_injection_materials/VT9999", 404, "No injection material found for VT9999."),
        ("/tars_injection_materials/VT2891", 300, "2 injection material records found for VT2891 where one was expected."),
        ("/tars_injection_materials/VT3388", 406,
         "Injection material for VT3388 fails validation against aind-data-schema 2.9.2 (1 error)."),
        ("/tars_injection_materials/%20", 400, "prep_lot_number: must not be blank"),
    ],
)
def test_each_route_gives_each_status_of_the_contract_its_message(
    client: Any, path: str, status: int, message: str
) -> None:
    response = client.get(path)
    assert (response.status_code, response.json["message"]) == (status, message)
