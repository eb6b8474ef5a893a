"""Parsers for the free text that surgeons and requesters type into SharePoint: a value, or None when unsure."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

# A plain decimal: "4", "-3.8", "+1.8", ".98", "30." (no space between a sign and its digits).
NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_EMPTY = {"", "select...", "select", "select if applicable...", "n/a", "na", "none", "null", "-", "."}
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff"))


def _full(pattern: str) -> re.Pattern[str]:
    """A pattern that must match the whole value (spaces around it allowed), case-insensitively."""
    return re.compile(rf"^\s*(?:{pattern})\s*$", re.IGNORECASE)


COORDINATE = _full(rf"({NUM})\s*(?:mm)?")
ANGLE = _full(rf"({NUM})\s*(?:°|deg|degs|degree|degrees)?")
PLAIN = _full(rf"({NUM})")
PERCENT = _full(rf"({NUM})\s*%?")
VOLUME_NL = _full(rf"({NUM})\s*nl")
LENGTH_MM = _full(rf"({NUM})\s*mm")
MINUTES = _full(rf"({NUM})\s*(?:m|min|mins|minute|minutes)")
CURRENT_UA = _full(rf"({NUM})\s*(?:ua|µa|uamp|uamps)")
SECONDS = r"(?:s|sec|secs|second|seconds)"
ALTERNATING = _full(rf"(\d+(?:\.\d+)?)\s*{SECONDS}?(?:\s*on)?(?:\s*/\s*(\d+(?:\.\d+)?)\s*{SECONDS}?(?:\s*off)?)?")
ISO_HOURS = _full(rf"({NUM})\s*(?:h|hr|hrs|hour|hours)?")
ISO_CLOCK = _full(r"(\d{1,2}):(\d{2})")
TITER = _full(r"(\d+(?:\.\d+)?(?:\s*[eE]\s*\+?\d+)?)\s*(?:gc/ml|vg/ml|gc|vg)?")
CONCENTRATION = _full(rf"({NUM})\s*(mg/ml|ug/ul|µg/µl|ug/ml)")
_UNITS = {"mg/ml": "mg/mL", "ug/ul": "ug/uL", "µg/µl": "ug/uL", "ug/ml": "ug/mL"}  # a dose (mg/kg) is not one
MAX_ISO_MINUTES = 300  # isoflurane for five hours or more is a typo (minutes typed as hours), not a surgery
MAX_ALTERNATING_S = 20  # iontophoresis alternates in seconds; longer values are other timings typed here


def text(value: Any) -> str | None:
    """A cell as clean text: HTML and zero-width characters removed; None for blanks and 'Select...'."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if not isinstance(value, str):
        return None
    cleaned = html.unescape(re.sub(r"<[^>]*>", " ", value)).translate(_ZERO_WIDTH).strip()
    return None if cleaned.lower() in _EMPTY else " ".join(cleaned.split())


def _number(value: Any, pattern: re.Pattern[str], numbers_ok: bool = True) -> float | None:
    """The first group of a full match as a float; a numeric cell passes when its column fixes the unit."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if numbers_ok else None
    found = pattern.match(value) if isinstance(value, str) else None
    return float(found.group(1)) if found else None


def coordinate(value: Any) -> float | None:
    """A stereotaxic coordinate in mm: '-3.8 mm', '+1.8', '.98'; '3.08 ANT' or '0.3, 0.6' are unknown."""
    return _number(value, COORDINATE)


def depth(value: Any) -> float | None:
    """A depth in mm below the surface; surgeons write it with either sign, so its size is what counts."""
    found = coordinate(value)
    return None if found is None else abs(found)


def angle(value: Any) -> float | None:
    """An angle in degrees: '0', '-10 ', '0 degree'; '0 and 30' is unknown."""
    return _number(value, ANGLE)


def weight(value: Any) -> float | None:
    """A weight in grams: a plain number below 1000; '20/0', '27.4/29' or '1537' are unknown."""
    found = _number(value, PLAIN)
    return found if found is not None and 0 <= found < 1000 else None


def iso_level(value: Any) -> float | None:
    """An isoflurane level in percent; '3.00+' (a range, not a level) is unknown."""
    return _number(value, PERCENT)


def volume_nl(value: Any) -> float | None:
    """An injection volume in nL: '200 nL', '50nl'; a bare '300' (unit unknown) or '2 ul' is unknown."""
    return _number(value, VOLUME_NL)


def length_mm(value: Any) -> float | None:
    """A length with its unit: '4.5 mm'."""
    return _number(value, LENGTH_MM)


def minutes(value: Any) -> float | None:
    """A duration in minutes: '5min', '10 minutes', '2.5min'; '30 sec', '10-20 min' or a bare '5' are unknown."""
    return _number(value, MINUTES, numbers_ok=False)


def current_ua(value: Any) -> float | None:
    """A current in µA: '5uA', '3 uAmp'; '5min' is unknown."""
    return _number(value, CURRENT_UA, numbers_ok=False)


def alternating(value: Any) -> tuple[float, float] | None:
    """Iontophoresis on/off times in seconds: '7/7', '7', '7 sec'; '30s' and '5min' are unknown."""
    found = ALTERNATING.match(value) if isinstance(value, str) else None
    if not found:
        return None
    on = float(found.group(1))
    off = float(found.group(2)) if found.group(2) else on
    return (on, off) if 0 < on <= MAX_ALTERNATING_S and 0 < off <= MAX_ALTERNATING_S else None


def iso_minutes(value: Any) -> float | None:
    """Isoflurane duration in minutes, from hours ('1.5', '2 hours') or 'H:MM' ('1:45'); 45 (hours?) is unknown."""
    clock = ISO_CLOCK.match(value) if isinstance(value, str) else None
    if clock:
        hours, mins = int(clock.group(1)), int(clock.group(2))
        total = float(hours * 60 + mins) if mins < 60 else None
    else:
        hours_value = _number(value, ISO_HOURS)
        total = None if hours_value is None else round(hours_value * 60, 2)
    return total if total is not None and 0 <= total < MAX_ISO_MINUTES else None


def titer(value: Any) -> int | None:
    """A titer in gc/mL as an integer: '2.10E+13', '7.00E12', '1.07e10', '50 gc/mL'; 'abc' is unknown."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if value >= 0 and float(value).is_integer() else None
    found = TITER.match(value) if isinstance(value, str) else None
    if not found:
        return None
    try:
        exact = Decimal(re.sub(r"\s+", "", found.group(1)))
    except InvalidOperation:
        return None
    return int(exact) if exact == exact.to_integral_value() else None


def concentration(value: Any) -> tuple[float, str] | None:
    """A concentration and its unit: '1.5 mg/mL' gives (1.5, 'mg/mL'); a titer or free text gives None."""
    found = CONCENTRATION.match(value) if isinstance(value, str) else None
    return (float(found.group(1)), _UNITS[found.group(2).lower()]) if found else None


def day(value: Any) -> date | None:
    """The date of a SharePoint date-time ('2025-03-10T08:00:00Z', midnight Pacific stored as UTC)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None



def side(value: Any) -> str | None:
    """'Left' or 'Right' from a hemisphere, location or eye column ('Behind Left'); anything else is unknown."""
    words = set((text(value) or "").lower().split())
    if words & {"left", "l"} and not words & {"right", "r", "either", "both"}:
        return "Left"
    if words & {"right", "r"} and not words & {"left", "l", "either", "both"}:
        return "Right"
    return None
