"""The IACUC protocol number, one rule for every source: "2115", or the number leading "2414 - Electrophysiology..."."""

from __future__ import annotations

import re
from typing import Any

_LEADING_NUMBER = re.compile(r"\s*(\d{3,5})\b")


def protocol_number(value: Any) -> str | None:
    """The protocol number a cell or field holds; None when it holds none (no guess from other text)."""
    found = _LEADING_NUMBER.match(str(value)) if isinstance(value, str | int) and not isinstance(value, bool) else None
    return found.group(1) if found else None
