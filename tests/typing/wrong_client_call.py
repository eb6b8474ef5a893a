"""A view that passes a client the wrong argument: mypy must reject it (.ci/run checks that it does).

Views reach clients through the registry's typed handles, so mypy checks every call they make.
"""

from __future__ import annotations

from aind_metadata_service.sources.labtracks import SOURCE as LABTRACKS
from aind_metadata_service.sources.labtracks.records import SubjectRow


def view(subject_id: str) -> list[SubjectRow]:
    """Asks LabTracks with the id as text, where the client takes the number."""
    return LABTRACKS.client().subject_rows(subject_id)
