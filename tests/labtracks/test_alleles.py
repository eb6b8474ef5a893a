"""GET /subject/{subject_id} fills alleles from MGI, and names MGI when it cannot."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def test_the_subject_has_an_allele_for_each_named_in_its_genotype(client: FlaskClient) -> None:
    alleles = client.get("/subject/775745").json["data"]["subject_details"]["alleles"]
    assert len(alleles) == 3
    assert all(a["registry"] == "Mouse Genome Informatics (MGI)" and a["registry_identifier"] for a in alleles)


def test_a_wild_type_subject_asks_mgi_nothing(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="mgi").test_client().get("/subject/632269")
    assert response.status_code == 200 and response.json["data"]["subject_details"]["alleles"] == []


def test_mgi_down_gives_207_naming_it_with_the_subject(make_app: Any) -> None:
    response = make_app(DEMO_FAIL="mgi").test_client().get("/subject/775745")
    assert response.status_code == 207
    assert "MGI" in response.json["message"]
    assert response.json["data"]["subject_id"] == "775745"
