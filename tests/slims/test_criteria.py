"""SLIMS criteria: the JSON the helpers build, and the demo's reading of it (filters, sort, paging, auth)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import requests

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.slims.criteria import (
    all_of,
    any_of,
    between_inclusive,
    date_range,
    epoch_ms,
    equals,
    greater_than_or_equal,
    in_set,
    less_than_or_equal,
)
from aind_metadata_service.sources.slims.demo import SlimsDemoAdapter, UnknownOperator, matches

APRIL = datetime(2025, 4, 1, tzinfo=timezone.utc)
MAY = datetime(2025, 5, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("built", "expected"),
    [
        (equals("cntn_barCode", "775745"), {"fieldName": "cntn_barCode", "operator": "equals", "value": "775745"}),
        (in_set("xprn_pk", (3, 1)), {"fieldName": "xprn_pk", "operator": "inSet", "value": [3, 1]}),
        (
            between_inclusive("xprn_createdOn", 1, 2),
            {"fieldName": "xprn_createdOn", "operator": "betweenInclusive", "start": 1, "end": 2},
        ),
        (greater_than_or_equal("f", 5), {"fieldName": "f", "operator": "greaterOrEqual", "value": 5}),
        (less_than_or_equal("f", 5), {"fieldName": "f", "operator": "lessOrEqual", "value": 5}),
    ],
)
def test_each_helper_builds_the_criterion_slims_expects(built: dict[str, Any], expected: dict[str, Any]) -> None:
    assert built == expected


def test_junctions_drop_missing_members_and_keep_a_single_member_bare() -> None:
    a, b = equals("a", 1), equals("b", 2)
    assert all_of(a, None, b) == {"operator": "and", "criteria": [a, b]}
    assert any_of(a, b) == {"operator": "or", "criteria": [a, b]}
    assert all_of(None, a) == a
    assert all_of(None, None) is None


def test_a_junction_inside_one_of_its_kind_is_spliced_in_but_not_inside_the_other_kind() -> None:
    a, b, c = equals("a", 1), equals("b", 2), equals("c", 3)
    assert all_of(a, all_of(b, c)) == {"operator": "and", "criteria": [a, b, c]}
    assert all_of(a, any_of(b, c)) == {"operator": "and", "criteria": [a, {"operator": "or", "criteria": [b, c]}]}


def test_dates_are_sent_as_epoch_milliseconds() -> None:
    assert epoch_ms(APRIL) == 1743465600000
    assert epoch_ms(APRIL + timedelta(milliseconds=1)) == 1743465600001


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (APRIL, MAY, between_inclusive("d", 1743465600000, 1746057600000)),
        (APRIL, None, greater_than_or_equal("d", 1743465600000)),
        (None, MAY, less_than_or_equal("d", 1746057600000)),
        (None, None, None),
    ],
)
def test_a_date_range_uses_the_narrowest_operator_for_its_open_ends(
    start: datetime | None, end: datetime | None, expected: dict[str, Any] | None
) -> None:
    assert date_range("d", start, end) == expected


ROW = {"cntn_barCode": "775745", "cntn_pk": 1001, "when": 1743465600000, "empty": None}


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        (None, True),
        (equals("cntn_barCode", "775745"), True),
        (equals("cntn_barCode", "775746"), False),
        (equals("cntn_pk", "1001"), True),  # numbers may arrive as text
        (in_set("cntn_pk", [1, 1001]), True),
        (in_set("cntn_pk", []), False),
        (between_inclusive("when", 1743465600000, 1743465600000), True),
        (between_inclusive("when", 1, 2), False),
        (greater_than_or_equal("when", 1743465600001), False),
        (less_than_or_equal("when", 1743465600000), True),
        (greater_than_or_equal("empty", 0), False),  # an empty column is in no range
        (less_than_or_equal("cntn_barCode", 5), False),  # text against a number is no match, not an error
        (all_of(equals("cntn_pk", 1001), equals("cntn_barCode", "x")), False),
        (any_of(equals("cntn_pk", 1001), equals("cntn_barCode", "x")), True),
    ],
)
def test_the_demo_applies_criteria_as_slims_does(criterion: dict[str, Any] | None, expected: bool) -> None:
    assert matches(ROW, criterion) is expected


def test_an_operator_the_demo_does_not_know_is_refused_not_ignored() -> None:
    with pytest.raises(UnknownOperator):
        matches(ROW, {"fieldName": "cntn_barCode", "operator": "iContains", "value": "77"})


def _demo_get(table: str, body: dict[str, Any], auth: tuple[str, str] | None = ("u", "p")) -> requests.Response:
    """One request to the demo's SLIMS."""
    session = http_session(SlimsDemoAdapter("slims", Demo(DEMO_DATA)))
    return session.get(f"https://slims.demo/rest/{table}/advanced", json=body, auth=auth, timeout=5)


def test_the_demo_pages_with_start_and_end_rows_in_the_order_asked() -> None:
    pages = [
        _demo_get("ExperimentTemplate", {"sortBy": ["-xptm_pk"], "startRow": start, "endRow": start + 3}).json()
        for start in (0, 3, 6)
    ]
    pks = [[e["pk"] for e in page["entities"]] for page in pages]
    assert pks == [[52, 49, 47], [45, 41, 40], [39, 38]]


def test_the_demo_refuses_a_request_without_basic_auth() -> None:
    assert _demo_get("Content", {}, auth=None).status_code == 401


@pytest.mark.parametrize("table", ["NoSuchTable", "..%2Fsecrets"])
def test_the_demo_answers_404_for_a_table_it_does_not_hold(table: str) -> None:
    assert _demo_get(table, {}).status_code == 404


def test_the_demo_answers_400_for_criteria_it_cannot_read() -> None:
    response = _demo_get("Content", {"criteria": {"fieldName": "cntn_barCode", "operator": "iContains", "value": "7"}})
    assert response.status_code == 400
