"""LabTracks: the colony database (MS SQL Server), read over ODBC with parameterised SQL."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import Field, SecretStr
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.pool import QueuePool

from aind_metadata_service import deadline
from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import SourceSettings
from aind_metadata_service.sources.base import SourceError, guarded, out_of_time, shaped
from aind_metadata_service.sources.labtracks.records import Row, SubjectRow, TaskRow

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Row)

# The same text runs on SQL Server, SQLite (the demo) and the test engines: plain joins, `?` parameters.
# G is the animal's own group and MG its mother's; AP the animal's own ACUC protocol (ANIMALS_COMMON.ACUC_LINK_ID).
_SUBJECTS_SQL = """
SELECT AC.ID AS id, AC.CLASS_VALUES AS class_values, AC.SEX AS sex, AC.BIRTH_DATE AS birth_date,
       AC.DEATH_DATE AS death_date,
       PATERNAL.ID AS paternal_id, PATERNAL.CLASS_VALUES AS paternal_class_values,
       MATERNAL.ID AS maternal_id, MATERNAL.CLASS_VALUES AS maternal_class_values,
       S.SPECIES_NAME AS species_name, G.GROUP_NAME AS group_name, G.GROUP_DESCRIPTION AS group_description,
       MG.GROUP_NAME AS maternal_group_name, MG.GROUP_DESCRIPTION AS maternal_group_description,
       AC.CAGE_ID AS cage_id, AC.ROOM_ID AS room_id,
       AP.PROTOCOL_NUMBER AS protocol_number, AP.PROTOCOL_TITLE AS protocol_title
FROM ANIMALS_COMMON AC
LEFT OUTER JOIN ANIMALS_COMMON MATERNAL ON AC.MATERNAL_INDEX = MATERNAL.ID
LEFT OUTER JOIN ANIMALS_COMMON PATERNAL ON AC.PATERNAL_INDEX = PATERNAL.ID
LEFT OUTER JOIN SPECIES S ON AC.SPECIES_ID = S.ID
LEFT OUTER JOIN GROUPS G ON AC.GROUP_ID = G.ID
LEFT OUTER JOIN GROUPS MG ON MATERNAL.GROUP_ID = MG.ID
LEFT OUTER JOIN ACUC_PROTOCOL AP ON AC.ACUC_LINK_ID = AP.LINK_INDEX
"""
SUBJECT_SQL = _SUBJECTS_SQL + "WHERE AC.ID = ?\n"
PROTOCOL_SUBJECTS_SQL = _SUBJECTS_SQL + "WHERE AP.PROTOCOL_NUMBER = ?\nORDER BY AC.ID\n"

# LEFT joins on type and protocol: a task without an ACUC link still counts (the original's INNER join
# dropped it). Only finished tasks are procedures that happened.
TASKS_SQL = """
SELECT TS.ID AS id, TS.TASK_TYPE_ID AS task_type_id, TT.TYPE_NAME AS type_name,
       TS.DATE_START AS date_start, TS.DATE_END AS date_end, TS.INVESTIGATOR_ID AS investigator_id,
       TSO.TASK_OBJECT AS task_object, AP.PROTOCOL_NUMBER AS protocol_number, TS.TASK_STATUS AS task_status
FROM TASK_SET TS
INNER JOIN TASK_SET_OBJECT TSO ON TS.ID = TSO.TASK_ID
LEFT OUTER JOIN TASK_TYPE TT ON TS.TASK_TYPE_ID = TT.ID
LEFT OUTER JOIN ACUC_PROTOCOL AP ON TS.ACUC_LINK_ID = AP.LINK_INDEX
WHERE TSO.TASK_OBJECT = ? AND TS.TASK_STATUS = 'F'
ORDER BY TS.DATE_START, TS.ID
"""

PING_SQL = "SELECT 1"


class LabTracksError(SourceError):
    """LabTracks could not answer."""

    source = "LabTracks"


class LabTracksSettings(SourceSettings):
    """LabTracks connection settings, with the original service's keys."""

    title = "LabTracks"
    odbc_driver: str = Field("{FreeTDS}", alias="LABTRACKS_ODBC_DRIVER")
    server: str = Field(alias="LABTRACKS_SERVER")
    port: int = Field(1433, alias="LABTRACKS_PORT")
    database: str = Field(alias="LABTRACKS_DATABASE")
    user: str = Field(alias="LABTRACKS_USER")
    password: SecretStr = Field(SecretStr(""), alias="LABTRACKS_PASSWORD")
    timeout_s: float = Field(10.0, alias="LABTRACKS_TIMEOUT_S", gt=0)
    pool_size: int = Field(4, alias="LABTRACKS_POOL_SIZE", ge=1)

    def connection_string(self) -> str:
        """The ODBC connection string; a value with ';', braces or edge spaces is braced, so it cannot add keys."""
        driver = self.odbc_driver if self.odbc_driver.startswith("{") else "{" + self.odbc_driver + "}"
        parts = {
            "Server": self.server,
            "Port": str(self.port),
            "Database": self.database,
            "UID": self.user,
            "PWD": self.password.get_secret_value(),
        }
        return f"Driver={driver};" + "".join(f"{k}={_odbc_value(v)};" for k, v in parts.items())


def _odbc_value(value: str) -> str:
    """A connection-string value, braced (with '}' doubled) when it holds characters ODBC treats specially."""
    if value != value.strip() or any(c in value for c in ";{}[](),?*=!@"):
        return "{" + value.replace("}", "}}") + "}"
    return value


def _rows(model: type[R], rows: list[dict[str, Any]]) -> list[R]:
    """Rows typed; a shape the code does not expect is LabTracks' 500, named."""
    with shaped(LabTracksError, "returned rows"):
        return [model.model_validate(row) for row in rows]


def _is_down(e: BaseException) -> bool:
    """Whether a DB-API error means the server is out of reach rather than the query being wrong."""
    return type(e).__name__ in {"OperationalError", "InterfaceError"} or isinstance(e, PoolTimeout)


def _no_driver(e: BaseException) -> bool:
    """Whether the ODBC driver manager could not load the configured driver (unixODBC: 01000 "Can't open lib",
    IM002 "Data source name not found")."""
    state = str(e.args[0]) if e.args else ""
    return state == "IM002" or (state == "01000" and "can't open lib" in str(e.args[-1]).lower())


def _timed_out(e: BaseException) -> bool:
    """Whether an ODBC error is a timeout (SQLSTATE HYT00 or HYT01)."""
    return bool(e.args) and str(e.args[0]) in {"HYT00", "HYT01"}


class LabTracksClient:
    """Runs LabTracks queries on a pool of reused connections, each query with a timeout."""

    def __init__(
        self,
        connect: Callable[[], Any],
        errors: tuple[type[BaseException], ...],
        timeout_s: float = 10.0,
        pool_size: int = 4,
        before_query: Callable[[], None] = lambda: None,
        query_timeout: Callable[[Any, float], None] = lambda connection, seconds: None,
        driver: str | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.driver = driver
        self._before_query = before_query
        self._query_timeout = query_timeout  # (pooled connection, seconds) before each query
        self._errors: tuple[type[BaseException], ...] = (*errors, PoolTimeout)
        self._pool = QueuePool(connect, pool_size=pool_size, max_overflow=pool_size, timeout=timeout_s, recycle=1800)

    @classmethod
    def from_settings(cls, settings: LabTracksSettings, cache: Cache | None = None) -> LabTracksClient:
        """A client on pyodbc; pyodbc is imported here, so the demo and the client need no unixODBC."""
        import pyodbc

        connection_string = settings.connection_string()
        timeout = int(max(1, settings.timeout_s))

        def connect() -> Any:
            connection = pyodbc.connect(connection_string, timeout=timeout, autocommit=True)
            try:
                connection.timeout = timeout  # the query timeout; SQL Server's drivers support it
            except pyodbc.Error:
                log.info("this ODBC driver has no query timeout; the request deadline still applies")
            return connection

        def query_timeout(connection: Any, seconds: float) -> None:
            try:  # whole seconds, at least 1 (0 means none); the time left in the request when that is shorter
                connection.driver_connection.timeout = max(1, int(seconds))
            except pyodbc.Error:
                pass

        return cls(
            connect,
            (pyodbc.Error,),
            settings.timeout_s,
            settings.pool_size,
            query_timeout=query_timeout,
            driver=settings.odbc_driver,
        )

    def subject_rows(self, subject_id: int) -> list[SubjectRow]:
        """Every ANIMALS_COMMON row for the id (several means a data-entry duplicate).

        :raises LabTracksError: 503 when the server is out of reach, 500 otherwise.
        """
        return _rows(SubjectRow, self._query(SUBJECT_SQL, subject_id))

    def task_rows(self, subject_id: int) -> list[TaskRow]:
        """The subject's finished tasks, oldest first.

        :raises LabTracksError: 503 when the server is out of reach, 500 otherwise.
        """
        return _rows(TaskRow, self._query(TASKS_SQL, subject_id))

    def protocol_subject_rows(self, protocol_number: str) -> list[SubjectRow]:
        """Every animal on an ACUC protocol, by its number as LabTracks spells it ("2115"), in id order.

        :raises LabTracksError: 503 when the server is out of reach, 500 otherwise.
        """
        return _rows(SubjectRow, self._query(PROTOCOL_SUBJECTS_SQL, protocol_number))

    def ping(self) -> None:
        """A cheap round trip, for /healthz."""
        self._query(PING_SQL)

    def _query(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        """Rows as dicts with lower-case keys; a broken pooled connection is dropped and the read retried once.

        Through LabTracks' circuit breaker, each query timed by the time left in the request.
        """
        with guarded(LabTracksError):
            for attempt in (1, 2):
                timeout_s = deadline.timeout(self.timeout_s)
                if timeout_s is None:
                    raise out_of_time(LabTracksError)
                try:
                    return self._run(sql, params, timeout_s)
                except self._errors as e:
                    if attempt == 1 and _is_down(e) and not _timed_out(e) and not isinstance(e, PoolTimeout):
                        continue
                    raise self._error(e, timeout_s) from None
        raise AssertionError("unreachable")

    def _error(self, e: BaseException, timeout_s: float) -> SourceError:
        """What a failed query means for the answer: 503 when LabTracks is out of reach, 500 otherwise."""
        log.warning("LabTracks query failed: %s", type(e).__name__)
        if _no_driver(e):
            return LabTracksError.unreachable(f"cannot be reached: ODBC driver {self.driver} is not installed")
        if _timed_out(e):
            if timeout_s < self.timeout_s:
                return out_of_time(LabTracksError)
            return LabTracksError.unreachable(f"timed out after {self.timeout_s:g} s")
        if _is_down(e):
            return LabTracksError.unreachable()
        return LabTracksError.failed("could not run the query")

    def _run(self, sql: str, params: tuple[Any, ...], timeout_s: float) -> list[dict[str, Any]]:
        """One query on one pooled connection, with the query timeout."""
        connection = self._pool.connect()
        try:
            self._before_query()
            self._query_timeout(connection, timeout_s)
            cursor = connection.cursor()
            cursor.execute(sql, params)
            names = [d[0].lower() for d in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            cursor.close()
        except BaseException:
            connection.invalidate()
            raise
        finally:
            connection.close()
        return rows
