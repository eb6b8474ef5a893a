"""The published client's two LabTracks methods against the demo, as a notebook calls them."""

from __future__ import annotations

import json

import pytest
from aind_metadata_service_client import DefaultApi
from aind_metadata_service_client.exceptions import NotFoundException, UnprocessableEntityException


def test_get_labtracks_subject_returns_the_raw_rows(api: DefaultApi) -> None:
    (row,) = api.get_labtracks_subject("775745")
    assert (row["id"], row["maternal_id"], row["protocol_number"]) == ("775745", "760011", "2109")
    assert row["class_values"]["full_genotype"] == "Slc17a7-IRES2-Cre/wt;Camk2a-tTA/wt;Ai93(TITL-GCaMP6f)/wt"


def test_get_labtracks_subject_by_protocol_number_returns_every_animal_on_it(api: DefaultApi) -> None:
    rows = api.get_labtracks_subject_by_protocol_number("2115")
    assert len(rows) == 6 and {r["protocol_number"] for r in rows} == {"2115"}


@pytest.mark.parametrize(
    ("method", "arg"),
    [("get_labtracks_subject", "999999999"), ("get_labtracks_subject_by_protocol_number", "2414")],
)
def test_each_labtracks_method_for_something_unknown_raises_not_found(api: DefaultApi, method: str, arg: str) -> None:
    with pytest.raises(NotFoundException) as e:
        getattr(api, method)(arg)
    assert json.loads(e.value.body) == {"detail": "Not found"}


def test_a_blank_protocol_number_raises_unprocessable_entity_with_fastapis_body(api: DefaultApi) -> None:
    with pytest.raises(UnprocessableEntityException) as e:
        api.get_labtracks_subject_by_protocol_number(" ")
    assert e.value.data is not None and e.value.data.detail[0].loc[-1].actual_instance == "protocol_number"
