"""What the SLIMS mappers share: dates, protocol links, units, organisations, and newest-first order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from aind_data_schema_models.organizations import Organization

from aind_metadata_service.sources.slims.records import Result, Run, Sop

T = TypeVar("T")

# SLIMS mass units, HTML entities already decoded ("&mu;g" arrives as "μg"), to aind-data-schema MassUnit values.
MASS_UNITS: dict[str, str] = {
    "kg": "kilogram",
    "g": "gram",
    "mg": "milligram",
    "ug": "microgram",
    "μg": "microgram",  # Greek mu, as html.unescape("&mu;") gives it
    "µg": "microgram",  # the micro sign
    "ng": "nanogram",
}
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def day(moment: datetime | None) -> date | None:
    """The calendar day of a SLIMS date-time, in the zone SLIMS gave it (the lab's)."""
    return moment.date() if moment else None


def protocol_link(html_anchor: str | None) -> str | None:
    """The href of SLIMS' stop_link anchor; a bare URL passes through; anything else is unknown."""
    if not html_anchor:
        return None
    found = _HREF.search(html_anchor)
    if found:
        return found.group(1)
    return html_anchor.strip() if html_anchor.strip().startswith(("http://", "https://")) else None


def run_protocols(run: Run) -> list[Sop]:
    """The protocols the run's steps name, in step order, each once."""
    pks = dict.fromkeys(s.xprs_cf_fk_protocol.pk for s in run.steps if s.xprs_cf_fk_protocol.pk is not None)
    return [run.linked.sops[pk] for pk in pks if pk in run.linked.sops]


def own_results(run: Run) -> list[Result]:
    """The run's results, less those about contents outside the answer (another subject's, in a shared run)."""
    mine = {c.pk for c in run.contents}
    return [r for r in run.results if r.rslt_fk_content is None or r.rslt_fk_content in mine]


def template_name(run: Run) -> str | None:
    """The run's template name, without SLIMS' " (v. N)" suffix on the foreign key's label."""
    shown = run.run.xptm_name or run.run.xprn_fk_experimentTemplate.display
    return re.sub(r"\s*\(v\. ?\d+\)\s*$", "", shown) if shown else None


def organization(name: str | None) -> dict[str, Any]:
    """An Organization dict by full name or abbreviation; a name not in the registry is Other, none is Unknown."""
    if not name:
        return Organization.UNKNOWN.model_dump(mode="json")
    found = Organization.from_name(name.strip()) or Organization.from_abbreviation(name.strip())
    return (found or Organization.OTHER).model_dump(mode="json")


def newest_first(records: Iterable[T], when: Callable[[T], Any]) -> list[T]:
    """Records sorted newest first; records without a date go last."""
    dated = [(when(r), r) for r in records]
    known = sorted((p for p in dated if p[0] is not None), key=lambda p: p[0], reverse=True)
    return [r for _, r in known] + [r for w, r in dated if w is None]
