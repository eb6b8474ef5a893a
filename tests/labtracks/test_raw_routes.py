"""GET /api/v2/labtracks/subject and /subject_by_protocol_number on the demo: raw rows, as the client reads them."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

SUBJECT = "/api/v2/labtracks/subject"
BY_PROTOCOL = "/api/v2/labtracks/subject_by_protocol_number"
NOT_NUMERIC = "Subject ID {} is not valid. Please specify a numeric subject ID."


def test_a_known_subject_is_its_raw_labtracks_row(client: FlaskClient) -> None:
    response = client.get(SUBJECT, query_string={"subject_id": "775745"})
    assert (response.status_code, response.mimetype) == (200, "application/json")
    assert response.json == [
        {
            "id": "775745",
            "class_values": {
                "reserved_by": "S. Lee",
                "reserved_date": "2025-02-03T00:00:00-08:00",
                "reason": "Fiber photometry cohort",
                "solution": "1xPBS",
                "full_genotype": "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt",
                "phenotype": None,
                "additional_properties": {},
            },
            "sex": "M",
            "birth_date": "2025-01-08T00:00:00",
            "death_date": "2025-06-02T10:15:00",
            "species_name": "Mouse",
            "cage_id": "1415520",
            "room_id": "273",
            "paternal_id": "760012",
            "maternal_id": "760011",
            "group_name": "Experimental cohort 2025-01",
            "group_description": "C57BL/6J",
            "protocol_number": "2109",
            "protocol_title": "Analysis of brain-wide neural circuits",
        }
    ]


def test_a_purchased_animal_has_no_parents_protocol_or_death_date(client: FlaskClient) -> None:
    (row,) = client.get(SUBJECT, query_string={"subject_id": "632269"}).json
    assert [row[k] for k in ("paternal_id", "maternal_id", "group_description", "protocol_number", "death_date")] == [
        None
    ] * 5
    assert row["group_name"] == "Vendor C57BL/6J"


def test_data_entry_duplicates_come_back_as_every_row(client: FlaskClient) -> None:
    rows = client.get(SUBJECT, query_string={"subject_id": "640005"}).json
    assert [r["id"] for r in rows] == ["640005", "640005"]


def test_leading_zeros_name_the_same_animal(client: FlaskClient) -> None:
    assert client.get(SUBJECT, query_string={"subject_id": "00775745"}).json[0]["id"] == "775745"


@pytest.mark.parametrize("subject_id", ["abc", "-5", "", "7757451234567890123", "1; DROP TABLE ANIMALS_COMMON;--"])
def test_a_subject_id_that_is_not_digits_is_406_saying_so(client: FlaskClient, subject_id: str) -> None:
    response = client.get(SUBJECT, query_string={"subject_id": subject_id})
    assert (response.status_code, response.json) == (406, {"detail": NOT_NUMERIC.format(subject_id)})


@pytest.mark.parametrize(("url", "name"), [(SUBJECT, "subject_id"), (BY_PROTOCOL, "protocol_number")])
def test_a_missing_parameter_is_422_in_fastapis_shape(client: FlaskClient, url: str, name: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.json == {
        "detail": [{"type": "missing", "loc": ["query", name], "msg": "Field required", "input": None}]
    }


def test_every_animal_on_a_protocol_is_listed_in_id_order(client: FlaskClient) -> None:
    response = client.get(BY_PROTOCOL, query_string={"protocol_number": "2115"})
    assert response.status_code == 200
    rows: list[dict[str, Any]] = response.json
    assert [r["id"] for r in rows] == ["530012", "545378", "566781", "741203", "741204", "768802"]
    assert {(r["protocol_number"], r["protocol_title"]) for r in rows} == {
        ("2115", "Cortical circuits for visual behavior")
    }
    assert set(rows[0]) == set(client.get(SUBJECT, query_string={"subject_id": "530012"}).json[0])


@pytest.mark.parametrize("protocol_number", ["2414", "9999", "02115", "2115 OR 1=1"])
def test_a_protocol_without_animals_is_404_not_found(client: FlaskClient, protocol_number: str) -> None:
    response = client.get(BY_PROTOCOL, query_string={"protocol_number": protocol_number})
    assert (response.status_code, response.json) == (404, {"detail": "Not found"})


def test_a_blank_protocol_number_is_422_saying_so(client: FlaskClient) -> None:
    response = client.get(BY_PROTOCOL, query_string={"protocol_number": "  "})
    assert response.status_code == 422
    assert response.json["detail"][0] == {
        "type": "value_error",
        "loc": ["query", "protocol_number"],
        "msg": "must not be blank",
        "input": "  ",
    }


@pytest.mark.parametrize(
    ("url", "params"), [(SUBJECT, {"subject_id": "775745"}), (BY_PROTOCOL, {"protocol_number": "2115"})]
)
def test_labtracks_switched_off_gives_503_naming_it(make_app: Any, url: str, params: dict[str, str]) -> None:
    response = make_app(DEMO_FAIL="labtracks").test_client().get(url, query_string=params)
    assert response.status_code == 503
    assert "LabTracks is unreachable" in response.json["detail"]


def test_the_raw_routes_are_only_in_the_v2_dialect(client: FlaskClient) -> None:
    assert client.get("/labtracks/subject", query_string={"subject_id": "775745"}).status_code == 404
