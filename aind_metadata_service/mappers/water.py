"""Water restriction facts that SLIMS and Dataverse record alike."""

from __future__ import annotations

MINIMUM_WATER_PER_DAY_ML = 1.0  # neither records a daily minimum; the lab's standing one is 1 mL a day


def target_percent(fraction: float | str | None) -> int | None:
    """A target weight as a whole percent: a fraction (0.85, "0.85") is 85; a value already in percent passes."""
    value = float(fraction) if fraction not in (None, "") else None
    if value is None or value <= 0 or value > 100:
        return None
    return round(value * 100) if value <= 1 else round(value)
