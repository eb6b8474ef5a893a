"""The subject page's data, built purely from the root dialect's answers for /subject and /procedures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aind_data_schema.core.procedures import Procedures
from aind_data_schema.core.subject import Subject
from pydantic import BaseModel

from aind_metadata_service.pages import problems, sites, skull, timeline
from aind_metadata_service.pages import words as w
from aind_metadata_service.pages.problems import Problem

MGI_ALLELE = "https://www.informatics.jax.org/allele/MGI:{}"
_MGI_ID = re.compile(r"^(?:MGI:)?(\d+)$")
_GENOTYPE_SPLIT = re.compile(r"[;\s]+")


@dataclass(frozen=True)
class Answer:
    """One root-dialect answer: status, the envelope, and the headers that say how fresh it is."""

    status: int
    body: Mapping[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def data(self) -> Any:
        """The envelope's data; the first record of a 300."""
        data = self.body.get("data")
        return data[0] if isinstance(data, list) and data else data


@dataclass(frozen=True)
class Fact:
    """One line of the subject card, with the system it came from and, for alleles, a link."""

    label: str
    value: str
    source: str
    href: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Axis:
    """The timeline's date axis: its ends, and each dated item's position in percent."""

    first: date
    last: date
    born: float | None
    positions: tuple[float | None, ...]


@dataclass(frozen=True)
class Page:
    """Everything the template shows."""

    subject_id: str
    status: int
    headline: str
    facts: list[Fact]
    status_facts: list[Fact]
    items: list[timeline.Item]
    axis: Axis | None
    rows: list[sites.Row]
    marks: list[sites.Mark]
    box: tuple[float, float, float, float]
    lambda_ap: float | None
    problems: list[Problem]


def _alleles(details: Mapping[str, Any]) -> list[Fact]:
    """Each allele linked to its MGI page, beside the genotype part it was looked up from when they pair up."""
    alleles = [a for a in details.get("alleles") or [] if isinstance(a, dict)]
    parts = [p for p in _GENOTYPE_SPLIT.split(str(details.get("genotype") or "")) if p]
    named = [p for p in parts if any(x.lower() != "wt" for x in p.split("/"))]
    paired = len(named) == len(alleles)
    found = []
    for i, allele in enumerate(alleles):
        mgi = _MGI_ID.match(str(allele.get("registry_identifier") or ""))
        href = MGI_ALLELE.format(mgi.group(1)) if mgi else None
        label = f"MGI:{mgi.group(1)}" if mgi else "no MGI id"
        found.append(Fact("Allele", str(allele.get("name")), "MGI", href, (named[i] + " · " if paired else "") + label))
    return found


def card(subject: Mapping[str, Any], today: date, perfused: date | None = None) -> list[Fact]:
    """The subject card: what LabTracks holds, and the alleles MGI names; a perfused animal's age stops then."""
    details = subject.get("subject_details") or {}
    born = w.day(details.get("date_of_birth"))
    breeding = details.get("breeding_info") or {}
    housing = details.get("housing") or {}
    parents = [
        f"dam {breeding['maternal_id']}" if breeding.get("maternal_id") else "",
        f"sire {breeding['paternal_id']}" if breeding.get("paternal_id") else "",
    ]
    place = [
        f"room {housing['room_id']}" if housing.get("room_id") else "",
        f"cage {housing['cage_id']}" if housing.get("cage_id") else "",
    ]
    facts = [
        Fact("Sex", str(details.get("sex") or "not recorded"), "LabTracks"),
        Fact("Date of birth", str(born or "not recorded"), "LabTracks"),
        Fact("Age at perfusion" if perfused else "Age today", w.age(born, perfused or today) or "unknown", "LabTracks"),
        Fact("Genotype", str(details.get("genotype") or "not recorded"), "LabTracks"),
        *_alleles(details),
        Fact("Strain", str((details.get("strain") or {}).get("name") or "not recorded"), "LabTracks"),
        Fact("Breeding group", str(breeding.get("breeding_group") or "not recorded"), "LabTracks"),
        Fact("Parents", w.listed(parents) or "not recorded", "LabTracks"),
        Fact("Housing", w.listed(place) or "not recorded", "LabTracks"),
    ]
    return facts


def status_facts(items: list[timeline.Item]) -> list[Fact]:
    """What to know before an experiment: perfused (no longer alive), on water restriction, last weight."""
    found = [Fact("Perfused", f"{i.start or 'date unknown'}", i.source) for i in items if i.kind == "perfusion"]
    found += [Fact("On water restriction", f"since {i.start}", i.source) for i in items if i.ongoing]
    return found


def axis(items: list[timeline.Item], born: date | None) -> Axis | None:
    """Positions on one date axis from birth (when known) to the last procedure's end."""
    dates = [d for i in items for d in (i.start, i.end) if d]
    if not dates:
        return None
    first, last = min([*dates, *([born] if born else [])]), max(dates)
    span = max((last - first).days, 1)

    def at(day: date | None) -> float | None:
        return None if day is None else round(2 + 96 * (day - first).days / span, 2)

    return Axis(first, last, at(born), tuple(at(i.start) for i in items))


def _problems(label: str, answer: Answer, model: type[BaseModel]) -> list[Problem]:
    """What to say about one answer: partial, invalid, stale, several records, failed or missing."""
    message = str(answer.body.get("message") or "")
    found: list[Problem] = []
    if answer.headers.get("X-Cache") == "stale":
        found.append(problems.stale(label, message, int(answer.headers.get("Age") or 0)))
    if answer.status == 207:
        found.append(problems.partial(label, message))
    if answer.status == 300:
        found.append(Problem("invalid", f"{message} The first is shown."))
    if answer.status in (406, 207, 300) and answer.body.get("errors"):
        data = answer.body.get("data")
        found.append(problems.invalid(label, list(answer.body["errors"]), model, data))
    if answer.status >= 500:
        found.append(problems.failed(label, answer.status, message))
    if answer.status == 404:
        found.append(Problem("missing", message))
    return found


def _status(subject: Answer, procedures: Answer) -> int:
    """The page's status: 200 with anything to show, 404 when nothing is known, else the worse failure."""
    if subject.data or procedures.data:
        return 200
    if subject.status == procedures.status == 404:
        return 404
    return max(a.status for a in (subject, procedures) if a.status != 404)


def build(subject_id: str, subject: Answer, procedures: Answer, today: date, water: str = "SLIMS") -> Page:
    """The page for one subject from its two answers, as of `today`; `water`: where restrictions come from."""
    person = subject.data if isinstance(subject.data, dict) else {}
    record = procedures.data if isinstance(procedures.data, dict) else {}
    born = w.day((person.get("subject_details") or {}).get("date_of_birth"))
    items = timeline.items(record, born, water)
    rows = sites.rows(record)
    marks = sites.marks(rows)
    surgeries = [s for s in record.get("subject_procedures") or [] if isinstance(s, dict)]
    measured = [s.get("measured_coordinates") or {} for s in surgeries]
    described = list(skull.systems(record).values())
    frame = skull.axes(described[0]) if described else None
    lambdas = [skull.place([m["Lambda"]], frame) for m in measured if isinstance(m, dict) and m.get("Lambda")]
    lambda_ap = next((p.ap for p in lambdas if isinstance(p, skull.Point)), None)
    found = _problems("subject", subject, Subject) + _problems("procedures", procedures, Procedures)
    status = _status(subject, procedures)
    perfused = next((i.start for i in items if i.kind == "perfusion" and i.start), None)
    headline = f"Subject {subject_id}" if status < 400 else f"Nothing to show for subject {subject_id}"
    return Page(
        subject_id,
        status,
        headline,
        card(person, today, perfused) if person else [],
        status_facts(items),
        items,
        axis(items, born),
        rows,
        marks,
        skull.frame([(m.x, -m.y) for m in marks]),
        lambda_ap,
        found,
    )


def bad_id(subject_id: str, why: str) -> Page:
    """The page for a malformed id: a 400 saying what is wrong with it, as the JSON routes say it."""
    problem = Problem("invalid", f"{subject_id!r} is not a subject id: it {why}.")
    return Page(subject_id, 400, "Not a subject id", [], [], [], None, [], [], skull.frame([]), None, [problem])
