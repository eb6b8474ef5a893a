"""The pure rules of the instrument store: record ids, DocDB filters, missing fields and body problems."""

from __future__ import annotations

from typing import Any

import pytest

from aind_metadata_service.sources.instruments.client import find_filter, record_id
from aind_metadata_service.sources.instruments.mappers import missing_field, parse_body


def test_the_record_id_is_the_uuid_of_md5_of_id_and_date_as_upstream() -> None:
    assert record_id("abc", "2025-10-10") == "e9851dd4-297a-4fc6-91ec-5665823326a5"


@pytest.mark.parametrize(
    ("partial", "expected"),
    [
        (False, {"instrument_id": "440_SmartSPIM1_20240327"}),
        (True, {"instrument_id": {"$regex": "440_SmartSPIM1_20240327"}}),
    ],
)
def test_the_filter_matches_the_whole_id_or_a_substring(partial: bool, expected: dict[str, Any]) -> None:
    assert find_filter("440_SmartSPIM1_20240327", partial) == expected


def test_a_partial_match_is_a_substring_never_a_pattern() -> None:
    assert find_filter("(a+)+$.*", True) == {"instrument_id": {"$regex": r"\(a\+\)\+\$\.\*"}}


@pytest.mark.parametrize(
    ("body", "missing"),
    [
        ({"instrument_id": "a", "modification_date": "2025-10-10"}, None),
        ({"modification_date": "2025-10-10"}, "instrument_id"),
        ({"instrument_id": "  ", "modification_date": "2025-10-10"}, "instrument_id"),
        ({"instrument_id": 7, "modification_date": "2025-10-10"}, "instrument_id"),
        ({"instrument_id": "a"}, "modification_date"),
        ({"instrument_id": "a", "modification_date": ""}, "modification_date"),
        ({}, "instrument_id"),
    ],
)
def test_the_first_absent_or_blank_required_field_is_named(body: dict[str, Any], missing: str | None) -> None:
    assert missing_field(body) == missing


@pytest.mark.parametrize(
    ("raw", "kind", "given"),
    [
        (b"", "missing", None),
        (b"{not json", "json_invalid", None),
        (b"[1, 2]", "dict_type", [1, 2]),
        (b'"x"', "dict_type", "x"),
    ],
)
def test_a_body_that_is_not_a_json_object_gives_fastapis_problem(raw: bytes, kind: str, given: Any) -> None:
    body, problems = parse_body(raw)
    assert body is None
    assert [(p["type"], p["loc"], p["input"]) for p in problems] == [(kind, ["body"], given)]


def test_a_json_object_is_the_body() -> None:
    assert parse_body(b'{"instrument_id": "a"}') == ({"instrument_id": "a"}, [])
