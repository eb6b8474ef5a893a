"""HTTP: compression, ETag and 304, Cache-Control from the answer cache, CORS and the version header."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from typing import Any

import brotli
import pytest
from flask import Flask

from aind_metadata_service import __version__


def test_openapi_json_is_gzipped_when_asked_and_much_smaller(client: Any) -> None:
    plain = client.get("/openapi.json")
    zipped = client.get("/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["Vary"]
    assert json.loads(gzip.decompress(zipped.data)) == plain.json
    assert len(zipped.data) * 5 < len(plain.data)
    assert "Content-Encoding" not in plain.headers


def test_brotli_is_preferred_when_the_client_accepts_it(client: Any) -> None:
    answer = client.get("/subject/775745", headers={"Accept-Encoding": "gzip, br"})
    assert answer.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(answer.data))["data"]["subject_id"] == "775745"


@pytest.mark.parametrize("encoding", ["", "gzip", "br"])
def test_a_repeat_with_if_none_match_gives_304_whatever_the_encoding(client: Any, encoding: str) -> None:
    first = client.get("/openapi.json", headers={"Accept-Encoding": encoding})
    again = client.get("/openapi.json", headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b"" and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["X-Service-Version"] == __version__


def test_the_etag_is_one_for_every_encoding_and_changes_with_the_body(client: Any) -> None:
    tags = {client.get("/openapi.json", headers={"Accept-Encoding": e}).headers["ETag"] for e in ("", "gzip", "br")}
    assert len(tags) == 1
    assert client.get("/").headers["ETag"] not in tags


def test_a_fresh_data_answer_may_be_reused_for_what_is_left_of_its_time_in_the_cache(
    make_app: Callable[..., Flask],
) -> None:
    client = make_app(ANSWER_CACHE_TTL_S=30).test_client()
    miss = client.get("/subject/775745")
    hit = client.get("/subject/775745")
    assert miss.headers["X-Cache"] == "miss" and miss.headers["Cache-Control"] == "max-age=30"
    assert hit.headers["X-Cache"] == "hit"
    assert int(hit.headers["Cache-Control"].removeprefix("max-age=")) + int(hit.headers["Age"]) == 30
    revalidated = client.get("/subject/775745", headers={"If-None-Match": miss.headers["ETag"]})
    assert revalidated.status_code == 304 and revalidated.headers["Cache-Control"].startswith("max-age=")


def test_partial_and_failed_answers_are_never_stored(make_app: Callable[..., Flask]) -> None:
    client = make_app(DEMO_FAIL="sharepoint,labtracks").test_client()
    partial = client.get("/procedures/775745")
    failed = client.get("/subject/775745")
    assert (partial.status_code, failed.status_code) == (207, 503)
    assert partial.headers["Cache-Control"] == failed.headers["Cache-Control"] == "no-store"
    assert "ETag" not in partial.headers and "ETag" not in failed.headers


def test_bad_input_is_not_stored_and_pages_are_revalidated(client: Any) -> None:
    assert client.get("/subject/abc").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-cache"
    assert client.get("/openapi.json").headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("path", ["/subject/775745", "/healthz", "/openapi.json", "/", "/no/such/route"])
def test_a_get_with_an_origin_is_allowed_from_anywhere_with_the_contract_headers_exposed(
    client: Any, path: str
) -> None:
    answer = client.get(path, headers={"Origin": "https://notebooks.example.org"})
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in answer.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"X-Error-Message", "Warning", "X-Cache", "X-Request-ID"} <= exposed


def test_a_preflight_allows_get_and_nothing_that_writes(client: Any) -> None:
    answer = client.options("/subject/775745", headers={
        "Origin": "https://notebooks.example.org", "Access-Control-Request-Method": "GET"})
    allowed = {m.strip() for m in answer.headers["Access-Control-Allow-Methods"].split(",")}
    assert "GET" in allowed and not allowed & {"POST", "PUT", "DELETE", "PATCH"}


@pytest.mark.parametrize("path", ["/subject/775745", "/subject/abc", "/livez", "/metrics", "/no/such/route"])
def test_every_answer_carries_the_service_version(client: Any, path: str) -> None:
    assert client.get(path).headers["X-Service-Version"] == __version__
