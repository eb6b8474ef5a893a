"""The filter grammar and column lists as tables: what passes (and is re-spelt), and what each refusal says."""

from __future__ import annotations

import pytest

from aind_metadata_service.sources.dataverse.odata import FilterError, checked_columns, checked_filter

KNOWN = {"cr138_project", "cr138_sub_project", "aibs_weight", "cr138_datetime", "_aibs_mouse_id_value", "active"}


@pytest.mark.parametrize(
    ("text", "sent"),
    [
        ("cr138_project eq 'Cell Type LUT'", "cr138_project eq 'Cell Type LUT'"),
        ("cr138_project eq 'O''Brien''s lab'", "cr138_project eq 'O''Brien''s lab'"),
        ("cr138_project eq 'x'' or 1 eq 1 or ''a'", "cr138_project eq 'x'' or 1 eq 1 or ''a'"),
        ("aibs_weight ge 20.5 and aibs_weight lt -1", "aibs_weight ge 20.5 and aibs_weight lt -1"),
        ("cr138_datetime ge 2025-04-01T00:00:00Z", "cr138_datetime ge 2025-04-01T00:00:00Z"),
        ("cr138_datetime lt 2025-04-01", "cr138_datetime lt 2025-04-01"),
        ("active eq true or cr138_sub_project eq null", "active eq true or cr138_sub_project eq null"),
        (
            "_aibs_mouse_id_value eq 0b5a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b",
            "_aibs_mouse_id_value eq 0b5a7c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b",
        ),
        (
            "  (aibs_weight gt 1   or aibs_weight lt 0) and active ne false",
            "(aibs_weight gt 1 or aibs_weight lt 0) and active ne false",
        ),
        ("((cr138_project eq 'a'))", "cr138_project eq 'a'"),
    ],
)
def test_a_filter_in_the_grammar_is_sent_as_rebuilt_from_its_tree(text: str, sent: str) -> None:
    assert checked_filter(text, KNOWN) == sent


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "cr138_project eq 'x') or contains(cr138_project,'y'",
            "functions are not allowed: contains(...) at position 26",
        ),
        ("cr138_project eq 'x' or 1 eq 1", "expected a column name at position 25, found '1'"),
        ("cr138_project eq 'unclosed", "the text literal starting at position 18 is not closed"),
        ("cr138_project eq 'x' or secret_column eq 'y'", "unknown column 'secret_column' in filter"),
        ("aibs_mouse_id/aibs_mouse_id eq '775745'", "unknown column 'aibs_mouse_id/aibs_mouse_id' in filter"),
        ("(cr138_project eq 'x'", "the '(' at position 1 is not closed"),
        ("cr138_project eq 'x')", "expected 'and' or 'or' at position 21, found ')'"),
        ("cr138_project eq 'x' cr138_project eq 'y'", "expected 'and' or 'or' at position 22, found 'cr138_project'"),
        ("not active eq true", "'not' is not supported (position 1); use ne"),
        ("cr138_project eq", "expected a literal (a 'text', number, date, true, false or null) at the end"),
        ("cr138_project has 'x'", "expected one of eq, ne, gt, ge, lt, le at position 15, found 'has'"),
        (
            "cr138_project eq cr138_sub_project",
            "expected a literal (a 'text', number, date, true, false or null) "
            "at position 18, found 'cr138_sub_project'",
        ),
        ("aibs_weight eq 1; drop", "unexpected ';' at position 17"),
        ("aibs_weight eq 12abc", "unexpected '1' at position 16"),
        ('cr138_project eq "x"', "unexpected '\"' at position 18"),
        ("any(x: x eq 1)", "functions are not allowed: any(...) at position 1"),
        ("", "the filter is empty"),
        ("aibs_weight eq 1 and", "the filter ends where a column name was expected"),
        ("aibs_weight eq " + "1" * 2000, "the filter is longer than 2000 characters"),
    ],
)
def test_a_filter_outside_the_grammar_is_refused_saying_what_and_where(text: str, message: str) -> None:
    with pytest.raises(FilterError) as e:
        checked_filter(text, KNOWN)
    assert str(e.value) == message


@pytest.mark.parametrize(
    ("text", "sent"),
    [("cr138_project", "cr138_project"), (" cr138_project , aibs_weight,cr138_project", "cr138_project,aibs_weight")],
)
def test_known_columns_are_sent_each_once(text: str, sent: str) -> None:
    assert checked_columns(text, KNOWN) == sent


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cr138_project,", "columns has an empty item; give names separated by commas"),
        ("cr138_project,password", "unknown column 'password' in columns"),
        ("cr138_project&$expand=owninguser", "column 'cr138_project&$expand=owninguser' is not a column name"),
        ("aibs_weight)", "column 'aibs_weight)' is not a column name"),
    ],
)
def test_a_column_list_with_an_unknown_or_malformed_name_is_refused(text: str, message: str) -> None:
    with pytest.raises(FilterError) as e:
        checked_columns(text, KNOWN)
    assert str(e.value) == message
