"""LabTracks client on SQLite (the demo's engine): typed rows, pooled connections, failures named."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.labtracks.client import SUBJECT_SQL, TASKS_SQL, LabTracksClient, LabTracksError
from aind_metadata_service.sources.labtracks.demo import demo_client

SCRIPT = (DEMO_DATA / "labtracks.sql").read_text()


class Counting:
    """A connection factory that counts how many connections it opened."""

    def __init__(self, script: str = SCRIPT) -> None:
        self.opened = 0
        self.script = script

    def __call__(self) -> sqlite3.Connection:
        self.opened += 1
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        connection.executescript(self.script)
        return connection


def test_subject_rows_are_typed_from_the_real_columns() -> None:
    row = LabTracksClient(Counting(), (sqlite3.Error,)).subject_rows(775745)[0]
    assert (row.id, row.sex, row.maternal_id, row.paternal_id) == (775745, "M", 760011, 760012)
    assert (row.group_name, row.group_description) == ("Experimental cohort 2025-01", "C57BL/6J")  # its own
    assert (row.maternal_group_name, row.maternal_group_description) == ("Slc17a7-Ai93 breeding", "C57BL/6J")
    assert row.birth_date is not None and row.birth_date.isoformat() == "2025-01-08T00:00:00"


def test_animals_on_a_protocol_are_read_by_its_exact_number_in_id_order() -> None:
    client = LabTracksClient(Counting(), (sqlite3.Error,))
    rows = client.protocol_subject_rows("2212")
    assert [r.id for r in rows] == [689418, 689419, 700812, 701234, 701555]
    assert {r.protocol_title for r in rows} == {"Investigating Brain States"}
    assert client.protocol_subject_rows("02212") == [] and client.protocol_subject_rows("2414") == []


def test_only_finished_tasks_are_read_and_tasks_without_an_acuc_link_are_kept() -> None:
    client = LabTracksClient(Counting(), (sqlite3.Error,))
    assert [(t.type_name, t.task_status) for t in client.task_rows(775745)] == [("Tail Clip", "F"), ("Perfusion", "F")]
    assert [t.protocol_number for t in client.task_rows(701555)] == [None, "2212"]


def test_connections_are_reused_across_queries() -> None:
    factory = Counting()
    client = LabTracksClient(factory, (sqlite3.Error,))
    for _ in range(5):
        client.subject_rows(775745)
    assert factory.opened == 1


def test_a_broken_pooled_connection_is_replaced_and_the_read_retried() -> None:
    factory = Counting()
    client = LabTracksClient(factory, (sqlite3.Error,))
    client.subject_rows(775745)
    calls = {"n": 0}

    def fail_once() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("server closed the connection")

    client._before_query = fail_once
    assert client.subject_rows(775745)[0].id == 775745
    assert factory.opened == 2


def test_an_unreachable_server_is_503_naming_labtracks() -> None:
    def refuse() -> Any:
        raise sqlite3.OperationalError("could not connect to server")

    with pytest.raises(LabTracksError) as e:
        LabTracksClient(refuse, (sqlite3.Error,)).subject_rows(1)
    assert (e.value.status, e.value.message) == (503, "LabTracks is unreachable")


def test_rows_of_an_unexpected_shape_are_500_naming_labtracks(monkeypatch: pytest.MonkeyPatch) -> None:
    client = LabTracksClient(Counting(), (sqlite3.Error,))
    row = {k: v for k, v in client._query("SELECT * FROM ANIMALS_COMMON")[0].items()}
    monkeypatch.setattr(client, "_query", lambda *_: [{"id": 1, "species_label": "Mouse"}])
    with pytest.raises(LabTracksError) as e:
        client.subject_rows(1)
    assert (e.value.status, e.value.message) == (500, "LabTracks returned rows in an unexpected shape")
    assert row


def test_a_garbage_birth_date_reads_as_unknown_rather_than_failing() -> None:
    garbled = SCRIPT + "UPDATE ANIMALS_COMMON SET BIRTH_DATE = 'sometime in May' WHERE ID = 775745;\n"
    assert LabTracksClient(Counting(garbled), (sqlite3.Error,)).subject_rows(775745)[0].birth_date is None


def test_the_demo_switch_makes_labtracks_unreachable(tmp_path: Path) -> None:
    client = demo_client(Demo(DEMO_DATA, failing=frozenset({"labtracks"})))
    with pytest.raises(LabTracksError, match="LabTracks is unreachable"):
        client.subject_rows(775745)


def test_an_odbc_timeout_is_503_saying_it_timed_out() -> None:
    client = LabTracksClient(Counting(), (sqlite3.Error,), timeout_s=2)

    def slow() -> None:
        raise sqlite3.OperationalError("HYT00", "[HYT00] Query timeout expired")

    client._before_query = slow
    with pytest.raises(LabTracksError) as e:
        client.subject_rows(775745)
    assert (e.value.status, e.value.message) == (503, "LabTracks timed out after 2 s")


@pytest.mark.parametrize("sql", [SUBJECT_SQL, TASKS_SQL])
def test_the_demo_tables_are_indexed_so_no_query_builds_an_index_each_time(sql: str) -> None:
    connection = sqlite3.connect(":memory:")
    connection.executescript(SCRIPT)
    plan = " | ".join(row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, (775745,)))
    assert "AUTOMATIC" not in plan and "USING INDEX" in plan, plan
