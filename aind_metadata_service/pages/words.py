"""Small renderings the page's parts share: dates, ages, units, numbers and titers."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# aind-data-schema unit values to the short forms people write.
UNITS = {
    "nanoliter": "nL",
    "microliter": "µL",
    "milliliter": "mL",
    "microampere": "µA",
    "milliampere": "mA",
    "minute": "min",
    "second": "s",
    "hour": "h",
    "millimeter": "mm",
    "micrometer": "µm",
    "gram": "g",
    "percent": "%",
}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def day(value: Any) -> date | None:
    """An ISO date (or the date of an ISO date-time) as a date; None for anything else."""
    found = re.match(r"(\d{4}-\d{2}-\d{2})", str(value or ""))
    try:
        return date.fromisoformat(found.group(1)) if found else None
    except ValueError:
        return None


def age(born: date | None, on: date | None) -> str | None:
    """An age as mouse people say it: "21 weeks 2 days (P149)"; None when either date is unknown or reversed."""
    if born is None or on is None or on < born:
        return None
    days = (on - born).days
    weeks, rest = divmod(days, 7)
    return f"{weeks} week{'s' * (weeks != 1)} {rest} day{'s' * (rest != 1)} (P{days})"


def unit(value: Any) -> str:
    """A schema unit in short form ("nanoliter" is "nL"); unknown units pass as they are."""
    return UNITS.get(str(value), str(value or ""))


def number(value: Any) -> str:
    """A number without trailing zeros: 150.0 is "150", 0.25 is "0.25"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return f"{value:g}" if abs(value) < 1e6 else f"{value:.3g}"


def quantity(value: Any, of: Any) -> str | None:
    """ "150 nL"; None when there is no value."""
    return None if value is None or value == "" else f"{number(value)} {unit(of)}".strip()


def titer(value: Any, of: Any) -> str | None:
    """21000000000000 gc/mL as "2.1 × 10¹³ gc/mL"."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{float(mantissa):g} × 10{str(int(exponent)).translate(_SUPERSCRIPT)} {of or 'gc/mL'}"


def signed(value: float) -> str:
    """A coordinate with its sign: "+1.20", "−1.00"."""
    return f"{'−' if value < 0 else '+'}{abs(value):.2f}"


def listed(values: Any) -> str:
    """A list of names as one line."""
    return ", ".join(str(v) for v in values or [] if v)
