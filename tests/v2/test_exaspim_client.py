"""The published client's get_exaspim_procedures on the demo: the raw bundle, and four empty lists for an unknown id."""

from __future__ import annotations

from aind_metadata_service_client import DefaultApi

KEYS = ["mouse_tracker_info", "sample_tracking_info", "imaging_queue_info", "qc_sheet_info"]


def test_get_exaspim_procedures_returns_the_specimens_rows_parsed(api: DefaultApi) -> None:
    found = api.get_exaspim_procedures("790233")
    assert list(found) == KEYS
    assert found["mouse_tracker_info"][0]["num"] == 231
    assert found["imaging_queue_info"][0]["microscope"] == "ExA-SPIM Beta 1"


def test_get_exaspim_procedures_for_an_unknown_id_returns_four_empty_lists(api: DefaultApi) -> None:
    assert api.get_exaspim_procedures("123456") == dict.fromkeys(KEYS, [])
