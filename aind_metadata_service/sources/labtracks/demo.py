"""The LabTracks demo, at the transport: the same client and parsing as production, on the demo files."""

from __future__ import annotations

import sqlite3
from typing import Any

import requests

from aind_metadata_service import deadline
from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.sources.labtracks.client import (
    LabTracksClient,
)


def demo_client(demo: Demo, cache: Cache | None = None) -> LabTracksClient:
    """A client on in-memory SQLite copies of the demo's labtracks.sql, queried with the same SQL."""

    source = sqlite3.connect(":memory:", check_same_thread=False)
    source.executescript((demo.data_dir / "labtracks.sql").read_text(encoding="utf-8"))

    def connect() -> Any:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        source.backup(connection)  # each pooled connection reads its own copy: no locks shared
        return connection

    def before_query() -> None:
        """The demo's latency and failure switch, cut at the query timeout as SQL Server's would be (HYT00)."""
        try:
            demo.call("labtracks", deadline.timeout(client.timeout_s))
        except requests.Timeout:
            raise sqlite3.OperationalError("HYT00", "[HYT00] Query timeout expired") from None
        except requests.ConnectionError as e:
            raise sqlite3.OperationalError(str(e)) from None

    client = LabTracksClient(connect, (sqlite3.Error,), pool_size=4, before_query=before_query)
    return client
