"""The instrument store: DocDB through the field's own client, aind-data-access-api, with timeouts added."""

from __future__ import annotations

import hashlib
import re
from typing import Any
from uuid import UUID

import boto3
import requests
from aind_data_access_api.document_db import Client
from botocore.exceptions import BotoCoreError
from pydantic import SecretStr, ValidationError

from aind_metadata_service.cache import Cache
from aind_metadata_service.sources.base import SourceError, http_session, translated
from aind_metadata_service.sources.instruments.records import InstrumentDocument
from aind_metadata_service.sources.instruments.settings import InstrumentSettings

DUPLICATE = "duplicate key error"  # what DocDB's answer says when the _id is taken
NO_ID = {"_id": 0}  # reads never show DocDB's _id


def find_filter(instrument_id: str, partial_match: bool) -> dict[str, Any]:
    """DocDB's filter: the exact id, or (partial_match) the id as a case-sensitive substring.

    Upstream passes the id to `$regex` unescaped; it is escaped here, so a partial match means a substring and
    never a pattern that DocDB would have to run (`(a+)+$`).
    """
    return {"instrument_id": {"$regex": re.escape(instrument_id)} if partial_match else instrument_id}


def record_id(instrument_id: str, modification_date: str) -> str:
    """DocDB's `_id` for an instrument version, as upstream makes it: the UUID of md5(id + date)."""
    return str(UUID(hashlib.md5((instrument_id + modification_date).encode()).hexdigest()))


class DocDbError(SourceError):
    """DocDB could not answer."""

    source = "DocDB"


class InstrumentStore:
    """Reads and writes instruments in DocDB's `metadata_files.instruments` collection."""

    def __init__(self, docdb: Client, timeout_s: float, write_token: SecretStr | None) -> None:
        self.docdb = docdb
        self.timeout_s = timeout_s
        self.write_token = write_token

    @classmethod
    def from_settings(cls, settings: InstrumentSettings, cache: Cache | None = None) -> InstrumentStore:
        """A store on the configured gateway; writes sign with boto's default credentials."""
        docdb = Client(
            host=settings.host,
            database=settings.database,
            collection=settings.collection,
            boto=boto3.session.Session(region_name=settings.region),
            session=http_session(timeout_s=settings.timeout_s),  # aind-data-access-api gives no timeout itself
        )
        return cls(docdb, settings.timeout_s, settings.write_token)

    def find(self, instrument_id: str, partial_match: bool = False) -> list[dict[str, Any]]:
        """Every stored version of the instrument (or of every instrument whose id holds it), paged to the end.

        :raises DocDbError: 503 when DocDB is unreachable, 500 when it answers with an error or garbage.
        """
        with translated(DocDbError, self.timeout_s):
            found = self.docdb.retrieve_docdb_records(
                filter_query=find_filter(instrument_id, partial_match), projection=NO_ID
            )
        try:
            return [InstrumentDocument.model_validate(r).as_json() for r in found]
        except (ValidationError, TypeError):
            raise DocDbError.failed("answered in an unexpected shape") from None

    def insert(self, record: dict[str, Any], replace: bool = False) -> Any | None:
        """Store one instrument version under its `_id`; None when that version exists and `replace` is off.

        With `replace`, the version is deleted first (its result unchecked, as upstream).

        :raises DocDbError: 503 when DocDB is unreachable or there are no AWS credentials to sign with,
            500 when it answers with another error.
        """
        stored = {**record, "_id": record_id(record["instrument_id"], record["modification_date"])}
        try:
            with translated(DocDbError, self.timeout_s):
                if replace:
                    self.docdb.delete_one_record(stored["_id"])
                try:
                    return self.docdb.insert_one_docdb_record(stored).json()
                except requests.HTTPError as e:
                    if e.response is not None and DUPLICATE in e.response.text:
                        return None
                    raise
        except BotoCoreError:
            raise DocDbError.unreachable("writes have no AWS credentials to sign with") from None

    def ping(self) -> None:
        """One small read, for /healthz."""
        with translated(DocDbError, self.timeout_s):
            self.docdb.retrieve_docdb_records(filter_query={"_id": "healthz"}, projection=NO_ID, limit=1)
