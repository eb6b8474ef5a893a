"""The same LabTracks SQL through pyodbc and real ODBC drivers, on PostgreSQL and MariaDB servers."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

import pytest

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.labtracks.client import LabTracksClient, LabTracksError, LabTracksSettings
from aind_metadata_service.sources.labtracks.demo import demo_client
from aind_metadata_service.sources.labtracks.mappers.raw import to_raw_subject

pyodbc = pytest.importorskip("pyodbc")
pytestmark = pytest.mark.engines

ENGINES = {
    "postgresql": {
        "LABTRACKS_ODBC_DRIVER": "PostgreSQL Unicode",
        "LABTRACKS_SERVER": "127.0.0.1",
        "LABTRACKS_PORT": "5432",
        "LABTRACKS_DATABASE": "test",
        "LABTRACKS_USER": "postgres",
        "LABTRACKS_PASSWORD": "unused-with-trust",
    },
    "mariadb": {
        "LABTRACKS_ODBC_DRIVER": "MariaDB Unicode",
        "LABTRACKS_SERVER": "127.0.0.1",
        "LABTRACKS_PORT": "3306",
        "LABTRACKS_DATABASE": "test",
        "LABTRACKS_USER": "root",
        "LABTRACKS_PASSWORD": "",
    },
}
TABLES = ["TASK_SET_OBJECT", "TASK_SET", "ACUC_PROTOCOL", "TASK_TYPE", "ANIMALS_COMMON", "GROUPS", "SPECIES"]


def _statements() -> list[str]:
    """The demo script's statements, without comments."""
    script = re.sub(r"^--.*$", "", (DEMO_DATA / "labtracks.sql").read_text(), flags=re.M)
    return [s.strip() for s in script.split(";\n") if s.strip()]


@pytest.fixture(params=sorted(ENGINES))
def engine(request: pytest.FixtureRequest) -> Iterator[LabTracksClient]:
    """A client built from settings, on a server loaded with the demo colony; CI fails rather than skips."""
    settings = LabTracksSettings.model_validate({k: v for k, v in ENGINES[request.param].items() if v})
    try:
        connection = pyodbc.connect(settings.connection_string(), timeout=5, autocommit=True)
    except pyodbc.Error as e:
        if os.environ.get("CI"):
            pytest.fail(f"{request.param} is not reachable over ODBC: {e}")
        pytest.skip(f"{request.param} is not reachable over ODBC")
    cursor = connection.cursor()
    for table in TABLES:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in _statements():
        cursor.execute(statement)
    connection.close()
    yield LabTracksClient.from_settings(settings)


def test_a_subject_reads_the_same_as_on_the_demo(engine: LabTracksClient) -> None:
    row = engine.subject_rows(775745)[0]
    assert (row.id, row.sex, row.maternal_id, row.paternal_id, row.cage_id, row.room_id) == (
        775745,
        "M",
        760011,
        760012,
        1415520,
        273,
    )
    assert "Ai93(TITL-GCaMP6f)/wt" in (row.class_values or "")
    assert row.birth_date is not None and row.birth_date.date().isoformat() == "2025-01-08"
    assert (row.group_name, row.group_description) == ("Experimental cohort 2025-01", "C57BL/6J")
    assert (row.maternal_group_name, row.protocol_number, row.protocol_title) == (
        "Slc17a7-Ai93 breeding",
        "2109",
        "Analysis of brain-wide neural circuits",
    )
    assert row.death_date is not None and row.death_date.isoformat() == "2025-06-02T10:15:00"


def test_duplicate_rows_and_tasks_come_back_as_stored(engine: LabTracksClient) -> None:
    assert len(engine.subject_rows(640005)) == 2
    assert [t.type_name for t in engine.task_rows(689418)] == ["RO Injection", "Perfusion Gel"]


def test_animals_on_a_protocol_read_the_same_as_on_the_demo(engine: LabTracksClient) -> None:
    demo = demo_client(Demo(DEMO_DATA))
    for protocol in ("2109", "2212", "2115"):
        found = [to_raw_subject(row) for row in engine.protocol_subject_rows(protocol)]
        assert found and found == [to_raw_subject(row) for row in demo.protocol_subject_rows(protocol)]
    assert engine.protocol_subject_rows("02115") == engine.protocol_subject_rows("2414") == []


def test_raw_subject_rows_read_the_same_as_on_the_demo(engine: LabTracksClient) -> None:
    demo = demo_client(Demo(DEMO_DATA))
    for subject_id in (775745, 632269, 640005, 640003, 640006):
        assert [to_raw_subject(r) for r in engine.subject_rows(subject_id)] == [
            to_raw_subject(r) for r in demo.subject_rows(subject_id)
        ]


def test_an_injection_attempt_is_only_a_value_and_the_data_is_untouched(engine: LabTracksClient) -> None:
    try:
        assert engine._query("SELECT ID FROM ANIMALS_COMMON WHERE ID = ?", "1; DROP TABLE ANIMALS_COMMON;--") == []
    except LabTracksError:
        pass  # PostgreSQL refuses the text as an integer; MariaDB compares it as 1: neither runs it
    assert engine.subject_rows(775745)
    assert engine.protocol_subject_rows("2115' OR '1'='1") == []
