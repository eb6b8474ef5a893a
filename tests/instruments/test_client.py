"""The store runs aind-data-access-api's own client against the DocDB gateway, faked at the transport."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from responses import matchers

from aind_metadata_service.sources.instruments.client import DocDbError, InstrumentStore
from aind_metadata_service.sources.instruments.settings import InstrumentSettings
from tests.instruments.conftest import BASE, SETTINGS, demo_instrument

RECORD_ID = "2d8c7a0e-8d5c-0b0a-3d63-8a4e2b6e1f7c"


@pytest.fixture
def store() -> InstrumentStore:
    """A store built from settings, as the factory builds it."""
    return InstrumentStore.from_settings(InstrumentSettings.model_validate(SETTINGS))


def test_find_pages_until_an_empty_batch_and_never_shows_the_id(
    store: InstrumentStore, gateway: responses.RequestsMock
) -> None:
    first, second = demo_instrument(), demo_instrument("440_SmartSPIM2_20240514")
    gateway.get(f"{BASE}/find", json=[first], match=[matchers.query_param_matcher({"skip": "0"}, strict_match=False)])
    gateway.get(f"{BASE}/find", json=[second], match=[matchers.query_param_matcher({"skip": "1"}, strict_match=False)])
    gateway.get(f"{BASE}/find", json=[], match=[matchers.query_param_matcher({"skip": "2"}, strict_match=False)])
    assert [r["instrument_id"] for r in store.find("SmartSPIM", partial_match=True)] == [
        "440_SmartSPIM1_20240327",
        "440_SmartSPIM2_20240514",
    ]
    query = parse_qs(urlsplit(gateway.calls[0].request.url or "").query)
    assert json.loads(query["filter"][0]) == {"instrument_id": {"$regex": "SmartSPIM"}}
    assert json.loads(query["projection"][0]) == {"_id": 0}
    assert query["limit"] == ["0"]
    assert all(call.request.req_kwargs["timeout"] == 20.0 for call in gateway.calls)  # type: ignore[attr-defined]
    assert "Authorization" not in gateway.calls[0].request.headers  # reads are unsigned


def test_a_write_is_signed_with_sigv4_for_execute_api_and_carries_the_upstream_id(
    store: InstrumentStore, gateway: responses.RequestsMock
) -> None:
    gateway.post(f"{BASE}/insert_one", json={"acknowledged": True, "inserted_id": "x"})
    record = {**demo_instrument(), "instrument_id": "abc", "modification_date": "2025-10-10"}
    assert store.insert(record) == {"acknowledged": True, "inserted_id": "x"}
    sent = gateway.calls[0].request
    assert json.loads(sent.body or "")["_id"] == "e9851dd4-297a-4fc6-91ec-5665823326a5"
    authorization = sent.headers["Authorization"]
    assert authorization.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert "/us-west-2/execute-api/aws4_request" in authorization
    assert sent.req_kwargs["timeout"] == 20.0  # type: ignore[attr-defined]


def test_replace_deletes_the_version_first_then_inserts(
    store: InstrumentStore, gateway: responses.RequestsMock
) -> None:
    delete = {"filter": {"_id": "e9851dd4-297a-4fc6-91ec-5665823326a5"}}
    gateway.delete(f"{BASE}/delete_one", json={"deleted_count": 1}, match=[matchers.json_params_matcher(delete)])
    gateway.post(f"{BASE}/insert_one", json={"acknowledged": True})
    store.insert({"instrument_id": "abc", "modification_date": "2025-10-10"}, replace=True)
    assert [c.request.method for c in gateway.calls] == ["DELETE", "POST"]


def test_a_duplicate_key_error_means_the_version_exists(
    store: InstrumentStore, gateway: responses.RequestsMock
) -> None:
    gateway.post(
        f"{BASE}/insert_one", status=400, body="E11000 duplicate key error collection: instruments index: _id_"
    )
    assert store.insert({"instrument_id": "abc", "modification_date": "2025-10-10"}) is None


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        ({"status": 500, "body": "boom: secret internals"}, 500, "DocDB answered with HTTP 500"),
        ({"status": 403, "json": {"message": "Forbidden"}}, 503, "DocDB credentials rejected"),
        ({"body": requests.ConnectionError("refused")}, 503, "DocDB is unreachable"),
        ({"body": requests.ReadTimeout("slow")}, 503, "DocDB timed out after 20 s"),
    ],
)
def test_a_failed_write_is_the_sources_error_without_upstream_text(
    store: InstrumentStore, gateway: responses.RequestsMock, answer: dict, status: int, message: str
) -> None:
    gateway.post(f"{BASE}/insert_one", **answer)
    with pytest.raises(DocDbError) as e:
        store.insert({"instrument_id": "abc", "modification_date": "2025-10-10"})
    assert (e.value.status, e.value.message) == (status, message)


def test_a_failed_read_is_503_after_its_retries(store: InstrumentStore, gateway: responses.RequestsMock) -> None:
    gateway.get(f"{BASE}/find", status=503)
    with pytest.raises(DocDbError) as e:
        store.find("440_SmartSPIM1_20240327")
    assert (e.value.status, e.value.message) == (503, "DocDB is unavailable (HTTP 503)")
    assert len(gateway.calls) == 3  # the first try and two retries


def test_a_write_without_aws_credentials_is_503_and_sends_nothing(
    store: InstrumentStore, gateway: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    bare = InstrumentStore.from_settings(InstrumentSettings.model_validate(SETTINGS))
    with pytest.raises(DocDbError) as e:
        bare.insert({"instrument_id": "abc", "modification_date": "2025-10-10"})
    assert (e.value.status, e.value.message) == (503, "DocDB writes have no AWS credentials to sign with")
    assert len(gateway.calls) == 0
