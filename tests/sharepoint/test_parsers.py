"""The free-text parsers as tables of values typed into the NSB and LAS lists: a value, or None when unsure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from aind_metadata_service.sources.sharepoint.mappers import parsers as p

CASES: list[tuple[Callable[[Any], Any], Any, Any]] = [
    # coordinates (mm): a number with an optional mm, nothing else
    (p.coordinate, "-3.8 mm", -3.8),
    (p.coordinate, "-2.3mm", -2.3),
    (p.coordinate, "+1.8", 1.8),
    (p.coordinate, ".98", 0.98),
    (p.coordinate, "1.5mm ", 1.5),
    (p.coordinate, "0", 0.0),
    (p.coordinate, 4.3, 4.3),
    (p.coordinate, "- 0.58", None),
    (p.coordinate, "3.08 ANT", None),
    (p.coordinate, "-3.5mm (Posterior)", None),
    (p.coordinate, "calamus 0.2", None),
    (p.coordinate, "1.5 (TS)", None),
    (p.coordinate, "0.3, 0.6", None),
    (p.coordinate, "-2.95; -2.75", None),
    (p.coordinate, "~1.3", None),
    (p.coordinate, "3x3 grid", None),
    (p.coordinate, "Select...", None),
    (p.coordinate, None, None),
    (p.coordinate, True, None),
    # depths: the size of a DV, whichever sign the surgeon used
    (p.depth, "-4.0", 4.0),
    (p.depth, "+2.8", 2.8),
    (p.depth, "see comments", None),
    # angles (degrees)
    (p.angle, "0", 0.0),
    (p.angle, "-10 ", -10.0),
    (p.angle, "0 degree", 0.0),
    (p.angle, "15 degrees", 15.0),
    (p.angle, "0 and 30", None),
    (p.angle, "10 degree lateral", None),
    (p.angle, "normal", None),
    # weights (g): a plain number below 1000
    (p.weight, "30.6", 30.6),
    (p.weight, "30.", 30.0),
    (p.weight, 28.7, 28.7),
    (p.weight, "27.4/29", None),
    (p.weight, "1537", None),
    (p.weight, "20.5g", None),
    (p.weight, "N/A", None),
    (p.weight, "-", None),
    # isoflurane level (%)
    (p.iso_level, "1.50", 1.5),
    (p.iso_level, "2%", 2.0),
    (p.iso_level, 1.75, 1.75),
    (p.iso_level, "3.00+", None),
    # isoflurane duration: hours (below 5) or H:MM, in minutes
    (p.iso_minutes, "1", 60.0),
    (p.iso_minutes, ".75", 45.0),
    (p.iso_minutes, "2.40", 144.0),
    (p.iso_minutes, "1.1", 66.0),
    (p.iso_minutes, "1:45", 105.0),
    (p.iso_minutes, "0:30", 30.0),
    (p.iso_minutes, "2 hours", 120.0),
    (p.iso_minutes, "2.5 hour ", 150.0),
    (p.iso_minutes, 1.5, 90.0),
    (p.iso_minutes, "45", None),
    (p.iso_minutes, "11.5", None),
    (p.iso_minutes, "10:00", None),
    (p.iso_minutes, "1:75", None),
    (p.iso_minutes, "Na", None),
    # injection volume (nL): the unit must be there, unless the column is a number
    (p.volume_nl, "200 nL", 200.0),
    (p.volume_nl, "500nl", 500.0),
    (p.volume_nl, "50.6nl", 50.6),
    (p.volume_nl, 150.0, 150.0),
    (p.volume_nl, "300", None),
    (p.volume_nl, "2 ul", None),
    (p.volume_nl, "150uL", None),
    (p.volume_nl, "500nl/location", None),
    (p.volume_nl, "1uL (1000nl)", None),
    (p.volume_nl, "50n6nl", None),
    # durations (min)
    (p.minutes, "5min", 5.0),
    (p.minutes, "10  min", 10.0),
    (p.minutes, "1minute", 1.0),
    (p.minutes, "3 minutes", 3.0),
    (p.minutes, "2.5min", 2.5),
    (p.minutes, "5m", 5.0),
    (p.minutes, "5", None),
    (p.minutes, 5, None),
    (p.minutes, "30 sec", None),
    (p.minutes, "3min10sec", None),
    (p.minutes, "10-20 min", None),
    (p.minutes, "5min wait", None),
    (p.minutes, "slow", None),
    # currents (µA)
    (p.current_ua, "5uA", 5.0),
    (p.current_ua, "3 uA", 3.0),
    (p.current_ua, "3uAmp", 3.0),
    (p.current_ua, "5ua", 5.0),
    (p.current_ua, "5min", None),
    (p.current_ua, "N/A", None),
    # iontophoresis on/off times (s)
    (p.alternating, "7/7", (7.0, 7.0)),
    (p.alternating, "7", (7.0, 7.0)),
    (p.alternating, "7 s", (7.0, 7.0)),
    (p.alternating, "7sec", (7.0, 7.0)),
    (p.alternating, "7 seconds", (7.0, 7.0)),
    (p.alternating, "7s on/7s off", (7.0, 7.0)),
    (p.alternating, "5/10", (5.0, 10.0)),
    (p.alternating, "30sec", None),
    (p.alternating, "5min", None),
    (p.alternating, "0.3, 0.6", None),
    (p.alternating, "standard", None),
    # titers (gc/mL) as integers
    (p.titer, "2.10E+13", 21_000_000_000_000),
    (p.titer, "7.00E12", 7_000_000_000_000),
    (p.titer, "1.80E+13\t", 18_000_000_000_000),
    (p.titer, "1.07e10", 10_700_000_000),
    (p.titer, "2.5e12", 2_500_000_000_000),
    (p.titer, "50", 50),
    (p.titer, "50 gc/mL", 50),
    (p.titer, 2.1e13, 21_000_000_000_000),
    (p.titer, "1.5", None),
    (p.titer, "abc", None),
    (p.titer, "high titer", None),
    (p.titer, "0.5 mg/mL", None),
    (p.titer, "1e", None),
    # concentrations, with their unit
    (p.concentration, "1.5 mg/mL", (1.5, "mg/mL")),
    (p.concentration, "1 mg/mL", (1.0, "mg/mL")),
    (p.concentration, "0.5 mg/ml", (0.5, "mg/mL")),
    (p.concentration, "20mg/mL", (20.0, "mg/mL")),
    (p.concentration, "2.10E+13", None),
    (p.concentration, "75 mg/kg", None),
    (p.concentration, "see comments", None),
    # fiber lengths
    (p.length_mm, "4.5 mm", 4.5),
    (p.length_mm, "Select...", None),
    (p.length_mm, "long enough", None),
    # dates, protocol numbers, sides, text
    (p.day, "2025-03-10T07:00:00Z", date(2025, 3, 10)),
    (p.day, "2023-13-45T07:00:00Z", None),
    (p.day, "next tuesday", None),
    (p.side, "Left", "Left"),
    (p.side, "Behind Right", "Right"),
    (p.side, "Behind Either", None),
    (p.side, "Center", None),
    (p.side, "Both", None),
    (p.text, '<div class="ExternalClass">AAV1-hSyn-Cre</div>', "AAV1-hSyn-Cre"),
    (p.text, "Premixed &quot;\u200bdL+Cre&quot;", 'Premixed "dL+Cre"'),
    (p.text, "Select...", None),
    (p.text, "&nbsp;", None),
    (p.text, ["a list"], None),
]


@pytest.mark.parametrize(("parse", "value", "expected"), CASES, ids=[f"{f.__name__}:{v!r}" for f, v, _ in CASES])
def test_each_free_text_value_parses_to_its_value_or_none(
    parse: Callable[[Any], Any], value: Any, expected: Any
) -> None:
    assert parse(value) == expected
