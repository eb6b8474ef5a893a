"""MGI client at the transport: the quick-search request, the cached answer, and each failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from cachetools import TTLCache

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.mgi import client as mgi_client
from aind_metadata_service.sources.mgi.client import MgiClient, MgiError, MgiSettings
from aind_metadata_service.sources.mgi.demo import MgiDemo, slug
from aind_metadata_service.sources.mgi.mappers import to_pid_name

URL = "https://mgi.test/quicksearch/alleleBucket"
AI93 = {
    "bestMatchText": "Ai93",
    "bestMatchType": "Synonym",
    "strand": None,
    "featureType": "Targeted allele",
    "chromosome": "9",
    "detailUri": "/allele/MGI:5558086",
    "stars": "****",
    "name": "intergenic site 7; targeted mutation 93.1, Hongkui Zeng",
    "location": "syntenic",
    "symbol": "Igs7<tm93.1(tetO-GCaMP6f)Hze>",
}
PID = {
    "name": "Igs7<tm93.1(tetO-GCaMP6f)Hze>",
    "registry": "Mouse Genome Informatics (MGI)",
    "registry_identifier": "5558086",
}


def answer(*rows: dict[str, Any]) -> dict[str, Any]:
    """A quick-search answer."""
    return {"summaryRows": list(rows), "totalCount": len(rows), "meta": None}


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """MGI, answered by each test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def mgi() -> MgiClient:
    """A client on a test host, with its own cache."""
    settings = MgiSettings.from_values({"MGI_URL": URL, "MGI_TIMEOUT_S": "4"})
    return MgiClient(settings)


def test_the_search_asks_for_one_exact_phrase_row_with_encoded_params(
    mocked: responses.RequestsMock, mgi: MgiClient
) -> None:
    mocked.get(URL, json=answer(AI93))
    mgi.allele("Ai32(RCL-ChR2(H134R)_EYFP)/x&y")
    request = mocked.calls[0].request
    assert {k: v[0] for k, v in parse_qs(urlsplit(request.url).query).items()} == {
        "queryType": "exactPhrase",
        "query": "Ai32(RCL-ChR2(H134R)_EYFP)/x&y",
        "submit": "Quick Search",
        "startIndex": "0",
        "results": "1",
    }
    assert "submit=Quick+Search" in request.url and "%2Fx%26y" in request.url
    assert request.req_kwargs["timeout"] == 4.0


def test_an_exact_synonym_gives_the_symbol_and_mgi_id(mocked: responses.RequestsMock, mgi: MgiClient) -> None:
    mocked.get(URL, json=answer(AI93))
    assert to_pid_name(mgi.allele("Ai93")) == PID


def test_an_exact_official_symbol_is_accepted_too(mocked: responses.RequestsMock, mgi: MgiClient) -> None:
    mocked.get(URL, json=answer({**AI93, "bestMatchType": "Symbol", "bestMatchText": AI93["symbol"]}))
    assert to_pid_name(mgi.allele("Igs7<tm93.1(tetO-GCaMP6f)Hze>")) == PID


@pytest.mark.parametrize("reply", [answer(), answer({**AI93, "stars": "***"})])
def test_no_exact_match_is_none(mocked: responses.RequestsMock, mgi: MgiClient, reply: dict[str, Any]) -> None:
    mocked.get(URL, json=reply)
    assert to_pid_name(mgi.allele("Ai93")) is None


def test_an_answer_is_cached_so_a_second_lookup_makes_no_call(mocked: responses.RequestsMock, mgi: MgiClient) -> None:
    mocked.get(URL, json=answer(AI93))
    assert to_pid_name(mgi.allele("Ai93")) == to_pid_name(mgi.allele(" Ai93 ")) == PID
    assert len(mocked.calls) == 1


def test_an_allele_mgi_does_not_know_is_cached_too(mocked: responses.RequestsMock, mgi: MgiClient) -> None:
    mocked.get(URL, json=answer())
    assert to_pid_name(mgi.allele("wt-like")) is None and to_pid_name(mgi.allele("wt-like")) is None
    assert len(mocked.calls) == 1


def test_a_shared_cache_serves_a_second_client(mocked: responses.RequestsMock) -> None:
    mocked.get(URL, json=answer(AI93))
    shared, settings = Cache(), MgiSettings.from_values({"MGI_URL": URL})
    MgiClient(settings, cache=shared).allele("Ai93")
    assert to_pid_name(MgiClient(settings, cache=shared).allele("Ai93")) == PID
    assert len(mocked.calls) == 1


def test_a_row_read_from_the_shared_cache_is_kept_in_memory_then_read_again_after_a_while(
    mocked: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    mocked.get(URL, json=answer(AI93))
    shared, settings = Cache(), MgiSettings.from_values({"MGI_URL": URL})
    MgiClient(settings, cache=shared).allele("Ai93")  # another process asked MGI and filled the shared cache
    reads: list[str] = []
    original = Cache.get
    monkeypatch.setattr(Cache, "get", lambda cache, key: reads.append(key) or original(cache, key))
    now = [0.0]
    monkeypatch.setattr(mgi_client, "TTLCache", lambda size, ttl: TTLCache(size, ttl, timer=lambda: now[0]))
    client = MgiClient(settings, cache=shared)
    rows = [client.cached("Ai93"), client.allele("Ai93"), client.cached(" Ai93 ")]
    assert [to_pid_name(row) for row in rows] == [PID] * 3 and len(reads) == 1 and len(mocked.calls) == 1
    now[0] = mgi_client.RECENT_S + 1
    assert to_pid_name(client.cached("Ai93")) == PID and len(reads) == 2


@pytest.mark.parametrize(
    ("reply", "status", "message"),
    [
        ({"body": requests.ReadTimeout()}, 503, "MGI timed out after 4 s"),
        ({"body": requests.ConnectionError()}, 503, "MGI is unreachable"),
        ({"status": 500}, 500, "MGI answered with HTTP 500"),
        ({"status": 502}, 503, "MGI is unavailable (HTTP 502)"),
        ({"status": 403}, 503, "MGI credentials rejected"),
        ({"body": "<html>Quick Search</html>"}, 500, "MGI answered with unreadable data"),
        ({"json": {"rows": []}}, 500, "MGI answered in an unexpected shape"),
        ({"json": answer({"symbol": "X"})}, 500, "MGI answered in an unexpected shape"),
    ],
)
def test_each_mgi_failure_becomes_our_status_and_is_not_cached(
    mocked: responses.RequestsMock, mgi: MgiClient, reply: dict[str, Any], status: int, message: str
) -> None:
    mocked.get(URL, **reply)
    with pytest.raises(MgiError) as e:
        mgi.allele("Ai93")
    assert (e.value.status, e.value.message) == (status, message)
    mocked.replace(responses.GET, URL, json=answer(AI93))
    assert to_pid_name(mgi.allele("Ai93")) == PID


def test_mgi_is_configured_by_default_with_the_public_url() -> None:
    settings = MgiSettings.from_values({})
    assert settings.url == "https://www.informatics.jax.org/quicksearch/alleleBucket"
    assert (settings.timeout_s, settings.cache_ttl_s) == (10.0, 86400.0)


def test_an_unparsable_mgi_setting_stops_startup_naming_it() -> None:
    with pytest.raises(ConfigError, match="MGI setting MGI_TIMEOUT_S is invalid"):
        MgiSettings.from_values({"MGI_TIMEOUT_S": "soon"})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ai93(TITL-GCaMP6f)", "ai93-titl-gcamp6f"),
        ("Ai32(RCL-ChR2(H134R)_EYFP)", "ai32-rcl-chr2-h134r-eyfp"),
        ("Slc17a7<tm1.1(cre)Hze>", "slc17a7-tm1-1-cre-hze"),
        ("../../etc/passwd", "etc-passwd"),
    ],
)
def test_demo_file_names_are_safe_slugs_of_allele_names(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("query", "best_match"),
    [
        ("Slc17a7-IRES2-Cre", ("Synonym", "Slc17a7-IRES2-Cre")),
        ("slc17a7<tm1.1(cre)hze>", ("Symbol", "Slc17a7<tm1.1(cre)Hze>")),
        ("No-Such-Cre", None),
    ],
)
def test_the_demo_answers_a_synonym_a_symbol_or_nothing_as_mgi_does(query: str, best_match: tuple | None) -> None:
    request = requests.Request("GET", URL, params={"query": query, "startIndex": 0, "results": 1}).prepare()
    status, body = MgiDemo(Demo(Path(DEMO_DATA))).answer(request)
    rows = [(r["bestMatchType"], r["bestMatchText"]) for r in body["summaryRows"]]
    assert status == 200 and rows == ([best_match] if best_match else [])


def test_an_allele_no_one_has_asked_for_reads_the_shared_cache_only_as_single_flight_does(
    mocked: responses.RequestsMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    mocked.get(URL, json=answer(AI93))
    reads: list[str] = []
    original = Cache.get
    monkeypatch.setattr(Cache, "get", lambda cache, key: reads.append(key) or original(cache, key))
    assert to_pid_name(MgiClient(MgiSettings.from_values({"MGI_URL": URL})).allele("Ai93")) == PID
    assert len(reads) == 2 and len(mocked.calls) == 1  # before the lock and under it; no read of its own
