"""ORCID client at the transport: the two searches, the summaries, the day's cache (misses too), each failure."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.cache import Cache
from aind_metadata_service.fanout import Fanout
from aind_metadata_service.sources.orcid.client import OrcidClient, OrcidError
from aind_metadata_service.sources.orcid.records import check_digit, is_orcid
from aind_metadata_service.sources.orcid.settings import OrcidSettings

API, SITE = "https://pub.orcid.test/v3.0", "https://orcid.test"
SEARCH = f"{API}/expanded-search/"
JANE, OTHER = "0000-0002-1825-0097", "0000-0001-5109-3700"


def result(orcid: str, given: str = "Jane", family: str = "Smith") -> dict[str, Any]:
    """An expanded-search hit."""
    return {
        "orcid-id": orcid,
        "given-names": given,
        "family-names": family,
        "credit-name": None,
        "other-name": [],
        "email": [],
        "institution-name": [],
    }


def answer(*hits: dict[str, Any]) -> dict[str, Any]:
    """An expanded-search answer, null when empty as ORCID gives it."""
    return {"expanded-result": list(hits) or None, "num-found": len(hits)}


def allen(call: Any) -> bool:
    """Whether a search call carries the Allen clause."""
    return "affiliation-org-name" in parse_qs(urlsplit(call.request.url).query)["q"][0]


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """ORCID's hosts; answers are added by each test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def client(token: str | None = None, cache: Cache | None = None) -> OrcidClient:
    """A client on the test hosts."""
    values = {"ORCID_API_URL": API + "/", "ORCID_SUMMARY_URL": SITE, "ORCID_TIMEOUT_S": "3"}
    return OrcidClient(
        OrcidSettings.model_validate({**values, **({"ORCID_TOKEN": token} if token else {})}), cache=cache
    )


def test_one_match_at_allen_in_search_1_is_the_answer(mocked: responses.RequestsMock) -> None:
    mocked.get(SEARCH, json=answer(result(JANE), result(OTHER, "Jane A.")))
    assert client().orcid_id("Jane Smith") == JANE
    [call] = mocked.calls
    assert parse_qs(urlsplit(call.request.url).query) == {
        "q": ['"Jane" AND "Smith" AND (affiliation-org-name:"Allen Institute" OR email:*@alleninstitute.org)'],
        "rows": ["50"],
    }
    assert (call.request.headers["Accept"], call.request.req_kwargs["timeout"]) == ("application/json", 3.0)
    assert "Authorization" not in call.request.headers


def test_search_2_settles_by_the_one_summary_with_an_allen_email_domain(mocked: responses.RequestsMock) -> None:
    mocked.get(SEARCH, json=answer())
    mocked.get(SEARCH, json=answer(result(JANE), result(OTHER)))
    mocked.get(f"{SITE}/{JANE}/summary.json", json={"emailDomains": [{"value": "example.org"}]})
    mocked.get(f"{SITE}/{OTHER}/summary.json", json={"emailDomains": [{"value": "alleninstitute.org"}]})
    assert client("tok").orcid_id("Jane Smith") == OTHER
    assert [allen(c) for c in mocked.calls[:2]] == [True, False]
    assert {c.request.headers["Authorization"] for c in mocked.calls} == {"Bearer tok"}


@pytest.mark.parametrize(
    ("hits", "domains"),
    [
        ([], []),  # nobody of that name
        ([result(JANE), result(OTHER)], [["alleninstitute.org"], ["alleninstitute.org"]]),  # two at Allen
        ([result(JANE)], [None]),  # one, not at Allen
        ([result(f"0000-0000-0000-{i:03d}{check_digit(f'000000000000{i:03d}')}") for i in range(11)], []),  # too many
    ],
)
def test_anything_but_one_allen_match_is_no_answer(
    mocked: responses.RequestsMock, hits: list[dict[str, Any]], domains: list[Any]
) -> None:
    mocked.get(SEARCH, json=answer())
    mocked.get(SEARCH, json=answer(*hits))
    for hit, found in zip(hits, domains, strict=False):
        mocked.get(
            f"{SITE}/{hit['orcid-id']}/summary.json",
            json={"emailDomains": [{"value": d} for d in found] if found else None},
        )
    assert client().orcid_id("Jane Smith") is None
    assert len([c for c in mocked.calls if "summary" in c.request.url]) == (len(hits) if len(hits) <= 10 else 0)


def test_a_one_word_name_is_never_looked_up(mocked: responses.RequestsMock) -> None:
    assert client().orcid_id('"Madonna"') is None
    assert not mocked.calls


def test_an_answer_and_a_miss_are_each_cached_for_a_day(mocked: responses.RequestsMock) -> None:
    cache = Cache()
    mocked.get(SEARCH, json=answer(result(JANE)))
    orcid = client(cache=cache)
    assert [orcid.orcid_id("Jane Smith"), orcid.orcid_id("jane  SMITH")] == [JANE, JANE]
    assert len(mocked.calls) == 1
    mocked.replace(responses.GET, SEARCH, json=answer())
    assert [orcid.orcid_id("Bo Chen"), orcid.orcid_id("Bo Chen")] == [None, None]
    assert len(mocked.calls) == 3  # Bo Chen: both searches once, then the cached miss


def test_many_names_are_looked_up_concurrently_and_a_failure_is_reported(mocked: responses.RequestsMock) -> None:
    def search(request: Any) -> tuple[int, dict[str, str], str]:
        q = parse_qs(urlsplit(request.url).query)["q"][0]
        if '"Bo"' in q:
            return 503, {}, "{}"
        return 200, {}, json.dumps(answer(result(JANE)) if '"Jane"' in q else answer())

    mocked.add_callback(responses.GET, SEARCH, callback=search)
    found, complete = client().orcid_ids(["Jane Smith", "Bo Chen", "Al Kim"], Fanout(4))
    assert found == {"Jane Smith": JANE, "Bo Chen": None, "Al Kim": None}
    assert complete is False


@pytest.mark.parametrize(
    ("failure", "status", "message"),
    [
        (requests.ReadTimeout(), 503, "ORCID timed out after 3 s"),
        (requests.ConnectionError(), 503, "ORCID is unreachable"),
        (500, 500, "ORCID answered with HTTP 500"),
        ("garbage", 500, "ORCID answered in an unexpected shape"),
        ("a path for an iD", 500, "ORCID answered in an unexpected shape"),  # never reaches a summary URL
    ],
)
def test_each_failure_is_orcids_error(mocked: responses.RequestsMock, failure: Any, status: int, message: str) -> None:
    if isinstance(failure, Exception):
        mocked.get(SEARCH, body=failure)
    elif failure == "garbage":
        mocked.get(SEARCH, json={"expanded-result": [{"no": "id"}]})
    elif failure == "a path for an iD":
        mocked.get(SEARCH, json={"expanded-result": [{"orcid-id": "../../admin", "given-names": "Jane"}]})
    else:
        mocked.get(SEARCH, status=failure)
    with pytest.raises(OrcidError) as e:
        client().orcid_id("Jane Smith")
    assert (e.value.status, e.value.message) == (status, message)


def test_every_demo_orcid_has_a_valid_check_character() -> None:
    records = json.loads((DEMO_DATA / "orcid" / "expanded-search.json").read_text())["expanded-result"]
    assert records and all(is_orcid(r["orcid-id"]) for r in records)
    assert all((DEMO_DATA / "orcid" / "summary" / f"{r['orcid-id']}.json").exists() for r in records)
