"""One rule for the IACUC protocol number, whichever source writes it (SharePoint, SLIMS, Smartsheet)."""

from __future__ import annotations

from typing import Any

import pytest

from aind_metadata_service.mappers.iacuc import protocol_number


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("2115", "2115"),
        (2115, "2115"),
        ("2414 - Electrophysiological and optical interrogation", "2414"),
        (" 2109 - Analysis of brain-wide neural activity", "2109"),
        ("Select...", None),
        ("pending approval", None),
        (" Pending ", None),
        ("", None),
        (None, None),
        (True, None),
        ("12", None),
        ("2115a", None),
    ],
)
def test_the_protocol_number_is_the_leading_number_and_nothing_is_guessed(value: Any, number: str | None) -> None:
    assert protocol_number(value) == number
