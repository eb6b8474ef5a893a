"""Smartsheet rows (dicts keyed by column title) to aind-data-schema shapes: funding, perfusions, protocols."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

_INTEGRAL = re.compile(r"^\s*(\d+)(?:\.0*)?\s*$")
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%y", "%m/%d/%Y")  # a DATE cell's value, and how Smartsheet shows it


def text(value: Any) -> str | None:
    """A cell as trimmed text; None when empty. Numbers arrive as floats: 2109.0 is "2109"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    found = str(value).strip()
    return found or None


def integer_text(value: Any) -> str | None:
    """A whole number as digits (689418.0 and "689418" give "689418"); None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() and value >= 0 else None
    match = _INTEGRAL.match(str(value))
    return str(int(match.group(1))) if match else None


def day(value: Any) -> date | None:
    """A sheet date: Smartsheet shows "08/13/25"; its value is "2025-08-13" (a time, if any, is dropped)."""
    found = text(value)
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime((found or "")[:10].strip(), pattern).date()
        except ValueError:
            continue
    return None


def number(value: Any) -> float | None:
    """A numeric cell ("4.60E+13", "100", "1,000"); None for anything else."""
    try:
        found = float((text(value) or "").replace(",", ""))
    except ValueError:
        return None
    return found if found == found else None  # NaN is no number
