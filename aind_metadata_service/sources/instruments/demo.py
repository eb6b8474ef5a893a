"""The demo DocDB gateway: find, insert_one and delete_one over instruments kept in memory, seeded from demo files."""

from __future__ import annotations

import json
import re
import threading
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import requests
from aind_data_access_api.document_db import Client
from pydantic import SecretStr

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.instruments.client import InstrumentStore, record_id

SOURCE = "instruments"
HOST = "docdb.demo"
PAGE = 2  # the gateway's page size on the demo, small so that paging is exercised
DEMO_WRITE_TOKEN = "demo-instrument-write-token"  # nothing real is written on the demo


class DocDbDemo(DemoAdapter):
    """The gateway's collection routes over a dict of records by `_id`."""

    def __init__(self, demo: Demo) -> None:
        super().__init__(SOURCE, demo)
        self.lock = threading.Lock()
        self.records: dict[str, dict[str, Any]] = {}
        for path in sorted((demo.data_dir / SOURCE).glob("*.json")):
            record = demo.load_json(f"{SOURCE}/{path.name}")
            self.records[record_id(record["instrument_id"], record["modification_date"])] = record

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """What the gateway answers for find, insert_one and delete_one."""
        parts = urlsplit(request.url or "")
        route = parts.path.rsplit("/", 1)[-1]
        body: dict[str, Any] = json.loads(request.body or "{}") if request.method != "GET" else {}
        with self.lock:
            if route == "find" and request.method == "GET":
                return 200, self._find({k: v[0] for k, v in parse_qs(parts.query).items()})
            if route == "insert_one" and request.method == "POST":
                return self._insert(body)
            if route == "delete_one" and request.method == "DELETE":
                gone = self.records.pop(body["filter"]["_id"], None)
                return 200, {"acknowledged": True, "deleted_count": int(gone is not None)}
        return 404, {"message": "Not Found"}

    def _find(self, query: dict[str, str]) -> list[dict[str, Any]]:
        """One page of the matching records, without `_id`."""
        wanted = json.loads(query.get("filter", "{}"))
        skip, limit = int(query.get("skip", 0)), int(query.get("limit", 0)) or PAGE
        hits = [
            {k: v for k, v in r.items() if k != "_id"}
            for i, r in self.records.items()
            if _matches(wanted, {**r, "_id": i})
        ]
        return hits[skip : skip + min(limit, PAGE)]

    def _insert(self, record: dict[str, Any]) -> tuple[int, Any]:
        """Store the record, or refuse a taken `_id` as MongoDB does."""
        if record["_id"] in self.records:
            collection = "metadata_files.instruments"
            return 400, {"message": f"E11000 duplicate key error collection: {collection} index: _id_"}
        self.records[record["_id"]] = record
        return 200, {"acknowledged": True, "inserted_id": record["_id"]}


def _matches(wanted: dict[str, Any], record: dict[str, Any]) -> bool:
    """MongoDB's equality and `$regex` conditions, the only ones the store sends."""
    for field, condition in wanted.items():
        value = record.get(field)
        if isinstance(condition, dict):
            if not (isinstance(value, str) and re.search(condition["$regex"], value)):
                return False
        elif value != condition:
            return False
    return True


@lru_cache(maxsize=1)
def _demo_boto() -> boto3.session.Session:
    """The fake credentials writes sign with: one boto3 session a process (making one costs 30 ms of CPU)."""
    return boto3.session.Session(aws_access_key_id="demo", aws_secret_access_key="demo", region_name="us-west-2")


def demo_client(demo: Demo, cache: Cache | None = None) -> InstrumentStore:
    """The real store and aind-data-access-api client over the demo gateway; writes sign with fake credentials."""
    session = http_session(DocDbDemo(demo))
    docdb = Client(host=HOST, database="metadata_files", collection=SOURCE, boto=_demo_boto(), session=session)
    return InstrumentStore(docdb, timeout_s=5.0, write_token=SecretStr(DEMO_WRITE_TOKEN))
