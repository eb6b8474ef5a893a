"""TARS client at the transport: one Azure AD token, encoded searches, every page, exact lots, each failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from responses import matchers

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.tars.client import MISS_TTL_S, PAGE_SIZE, TarsClient, TarsError, TarsSettings
from aind_metadata_service.sources.tars.demo import TarsDemo
from tests.conftest import azure_login

TENANT = "tenant-test"
LOGIN = f"https://login.microsoftonline.com/{TENANT}"
DISCOVERY = f"{LOGIN}/v2.0/.well-known/openid-configuration"
TOKEN_URL = f"{LOGIN}/oauth2/v2.0/token"
RESOURCE = "https://tars.test"
LOTS_URL = RESOURCE + "/api/v1/ViralPrepLots"
VIRUSES_URL = RESOURCE + "/api/v1/Viruses"
SECRET = "s3cr3t-client-Secret"
SETTINGS = {
    "TARS_TENANT_ID": TENANT,
    "TARS_CLIENT_ID": "client-test",
    "TARS_CLIENT_SECRET": SECRET,
    "TARS_SCOPE": "api://tars.test/.default",
    "TARS_RESOURCE": RESOURCE + "/",
    "TARS_TIMEOUT_S": "5",
}
TOKEN = {"token_type": "Bearer", "expires_in": 3599, "access_token": "token-1"}


def page(*rows: dict[str, Any], more: bool = False, number: int = 0) -> dict[str, Any]:
    """One page of a TARS search answer."""
    return {"data": list(rows), "totalCount": len(rows), "pageSize": PAGE_SIZE, "page": number, "morePages": more}


def lot(name: str, virus_alias: str = "VIR300001_PHPeB") -> dict[str, Any]:
    """A ViralPrepLots entry with the fields the service reads, and one it does not."""
    aliases = [{"name": "a display name", "isPreferred": False}, {"name": virus_alias, "isPreferred": True}]
    return {
        "lot": name,
        "datePrepped": "2024-01-02T00:00:00Z",
        "viralPrep": {"viralPrepType": {"name": "Crude-SOP#VC002"}, "virus": {"aliases": aliases}},
        "titers": [{"result": 12000000000000, "isPreferred": True}],
        "createdBy": "someone@example.org",
    }


def virus(*aliases: str) -> dict[str, Any]:
    """A Viruses entry with one molecule."""
    molecule = {"fullName": "pAAV-hSyn-EGFP", "aliases": [{"name": "AiP1", "isPreferred": True}], "addgeneId": "50465"}
    return {"aliases": [{"name": a, "isPreferred": i == 0} for i, a in enumerate(aliases)], "molecules": [molecule]}


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """Azure AD's discovery and token endpoints; TARS' answers are added by each test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        azure_login(mock, LOGIN, TOKEN["access_token"])
        yield mock


@pytest.fixture
def tars() -> TarsClient:
    """A client on the test settings, with its own cache."""
    return TarsClient(TarsSettings.model_validate(SETTINGS))


def calls_to(mock: responses.RequestsMock, url: str) -> list[Any]:
    """The calls made to one URL, whatever their query."""
    return [c for c in mock.calls if c.request.url.split("?")[0] == url]


def query(call: Any) -> dict[str, str]:
    """A call's decoded query parameters."""
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def test_the_token_is_requested_once_and_reused_as_a_bearer_header(
    mocked: responses.RequestsMock, tars: TarsClient
) -> None:
    mocked.get(LOTS_URL, json=page(lot("VT1")))
    mocked.get(VIRUSES_URL, json=page(virus("VIR300001_PHPeB")))
    tars.prep_lots("VT1")
    tars.prep_lots("VT2")
    tars.virus("VIR300001_PHPeB")
    assert len(calls_to(mocked, TOKEN_URL)) == 1
    api = calls_to(mocked, LOTS_URL) + calls_to(mocked, VIRUSES_URL)
    assert len(api) == 3 and {c.request.headers["Authorization"] for c in api} == {"Bearer token-1"}
    assert "client_credentials" in str(calls_to(mocked, TOKEN_URL)[0].request.body)


def test_every_call_has_the_timeout_azure_ad_included(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, json=page())
    tars.prep_lots("VT1")
    assert [c.request.req_kwargs["timeout"] for c in mocked.calls] == [5.0, 5.0, 5.0]


def test_the_lot_search_sends_its_params_encoded(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, json=page())
    tars.prep_lots(" VT 32/14+G&x=1 ")
    call = calls_to(mocked, LOTS_URL)[0]
    assert query(call) == {
        "order": "1",
        "orderBy": "id",
        "searchFields": "lot",
        "search": "VT 32/14+G&x=1",
        "pageSize": str(PAGE_SIZE),
        "page": "0",
    }
    assert "search=VT+32%2F14%2BG%26x%3D1" in call.request.url


def test_every_page_of_a_search_is_read(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    params = {"order": "1", "orderBy": "id", "searchFields": "lot", "search": "VT7", "pageSize": str(PAGE_SIZE)}
    mocked.get(
        LOTS_URL, json=page(lot("VT7"), more=True), match=[matchers.query_param_matcher({**params, "page": "0"})]
    )
    mocked.get(
        LOTS_URL, json=page(lot("vt7", "VIR2"), number=1), match=[matchers.query_param_matcher({**params, "page": "1"})]
    )
    assert [(p.lot, p.virus_alias) for p in tars.prep_lots("VT7")] == [("VT7", "VIR300001_PHPeB"), ("vt7", "VIR2")]
    assert len(calls_to(mocked, LOTS_URL)) == 2


def test_an_endless_search_is_cut_off_as_a_tars_failure(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, json=page(lot("V"), more=True))
    with pytest.raises(TarsError) as e:
        tars.prep_lots("V")
    assert e.value.status == 500 and "more than 5000 records" in e.value.message


def test_only_lots_equal_to_the_input_ignoring_case_are_kept(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, json=page(lot("VT3214"), lot("VT3214G"), lot("vt3214g "), lot("XVT3214G")))
    assert [p.lot for p in tars.prep_lots("vt3214G")] == ["VT3214G", "vt3214g "]


def test_a_virus_is_the_entry_with_that_exact_alias(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(VIRUSES_URL, json=page(virus("VIR300001_PHPeB-v2"), virus("other", "vir300001_phpeb")))
    found = tars.virus("VIR300001_PHPeB")
    assert found is not None and [a.name for a in found.aliases] == ["other", "vir300001_phpeb"]
    assert query(calls_to(mocked, VIRUSES_URL)[0])["searchFields"] == "aliases.name"


def test_an_unknown_virus_is_none_not_a_crash(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(VIRUSES_URL, json=page())
    assert tars.virus("VIR404") is None


def test_lot_records_pairs_each_lot_with_its_virus_looked_up_once(
    mocked: responses.RequestsMock, tars: TarsClient
) -> None:
    mocked.get(LOTS_URL, json=page(lot("VT5"), lot("VT5")))
    mocked.get(VIRUSES_URL, json=page(virus("VIR300001_PHPeB")))
    records = tars.lot_records("VT5")
    assert [(p.lot, v is not None) for p, v in records] == [("VT5", True), ("VT5", True)]
    assert len(calls_to(mocked, VIRUSES_URL)) == 1


def test_a_cached_lot_makes_no_second_call(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, json=page(lot("VT1")))
    first, second = tars.prep_lots("VT1"), tars.prep_lots("vt1")
    assert first == second and len(calls_to(mocked, LOTS_URL)) == 1


def test_a_shared_cache_serves_a_second_client(mocked: responses.RequestsMock) -> None:
    mocked.get(VIRUSES_URL, json=page(virus("VIR9")))
    shared = Cache()
    settings = TarsSettings.model_validate(SETTINGS)
    TarsClient(settings, cache=shared).virus("VIR9")
    assert TarsClient(settings, cache=shared).virus("VIR9") is not None
    assert len(calls_to(mocked, VIRUSES_URL)) == 1


class RecordingCache(Cache):
    """A cache that remembers each TTL it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.ttls: dict[str, float] = {}

    def set(self, key: str, value: Any, ttl_s: float) -> None:
        self.ttls[key] = ttl_s
        super().set(key, value, ttl_s)


def test_found_lots_are_kept_for_the_ttl_and_misses_only_briefly(mocked: responses.RequestsMock) -> None:
    mocked.get(LOTS_URL, json=page(lot("VT1")))
    cache = RecordingCache()
    tars = TarsClient(TarsSettings.model_validate({**SETTINGS, "TARS_CACHE_TTL_S": "1800"}), cache=cache)
    tars.prep_lots("VT1")
    tars.prep_lots("VT2")
    assert cache.ttls == {"tars:lots:vt1": 1800, "tars:lots:vt2": MISS_TTL_S}


def test_a_failure_is_not_cached(mocked: responses.RequestsMock, tars: TarsClient) -> None:
    mocked.get(LOTS_URL, status=503)
    with pytest.raises(TarsError):
        tars.prep_lots("VT1")
    mocked.replace(responses.GET, LOTS_URL, json=page(lot("VT1")))
    assert [p.lot for p in tars.prep_lots("VT1")] == ["VT1"]


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        ({"body": requests.ReadTimeout()}, 503, "TARS timed out after 5 s"),
        ({"body": requests.ConnectionError()}, 503, "TARS is unreachable"),
        ({"status": 500}, 500, "TARS answered with HTTP 500"),
        ({"status": 503}, 503, "TARS is unavailable (HTTP 503)"),
        ({"status": 401}, 503, "TARS credentials rejected"),
        ({"status": 403}, 503, "TARS credentials rejected"),
        ({"body": "<html>maintenance</html>"}, 500, "TARS answered with unreadable data"),
        ({"json": {"data": "not a list"}}, 500, "TARS answered with records in an unexpected shape"),
        ({"json": page({"no lot": "here"})}, 500, "TARS answered with records in an unexpected shape"),
    ],
)
def test_each_tars_failure_becomes_our_status(
    mocked: responses.RequestsMock, tars: TarsClient, answer: dict[str, Any], status: int, message: str
) -> None:
    mocked.get(LOTS_URL, **answer)
    with pytest.raises(TarsError) as e:
        tars.prep_lots("VT1")
    assert (e.value.status, e.value.message) == (status, message)


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        (
            {"status": 401, "json": {"error": "invalid_client", "error_description": "AADSTS7000215"}},
            503,
            "TARS credentials rejected",
        ),
        ({"status": 400, "json": {"error": "unauthorized_client"}}, 503, "TARS credentials rejected"),
        ({"status": 400, "json": {"error": "invalid_scope"}}, 503, "TARS rejected the configured scope (TARS_SCOPE)"),
        (
            {"status": 400, "json": {"error": "temporarily_unavailable"}},
            503,
            "TARS sign-in failed (Azure AD error temporarily_unavailable)",
        ),
        ({"status": 503}, 503, "TARS sign-in failed (Azure AD is unavailable)"),
        ({"body": requests.ConnectTimeout()}, 503, "TARS timed out after 5 s"),
    ],
)
def test_a_refused_token_is_503_and_tars_is_not_called(
    mocked: responses.RequestsMock, tars: TarsClient, answer: dict[str, Any], status: int, message: str
) -> None:
    mocked.replace(responses.POST, TOKEN_URL, **answer)
    with pytest.raises(TarsError) as e:
        tars.prep_lots("VT1")
    assert (e.value.status, e.value.message) == (status, message)
    assert calls_to(mocked, LOTS_URL) == [] and SECRET not in e.value.message


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 400, "json": {"error": "invalid_tenant"}}, "TARS credentials rejected"),
        ({"status": 503}, "TARS sign-in failed (Azure AD is unavailable)"),
        ({"body": requests.ConnectionError()}, "TARS is unreachable"),
    ],
)
def test_a_tenant_azure_ad_cannot_describe_is_503(
    mocked: responses.RequestsMock, tars: TarsClient, answer: dict[str, Any], message: str
) -> None:
    mocked.replace(responses.GET, DISCOVERY, **answer)
    with pytest.raises(TarsError) as e:
        tars.prep_lots("VT1")
    assert (e.value.status, e.value.message) == (503, message)
    assert calls_to(mocked, TOKEN_URL) == []


def test_the_msal_app_is_built_again_after_azure_ad_was_unreachable(
    mocked: responses.RequestsMock, tars: TarsClient
) -> None:
    mocked.replace(responses.GET, DISCOVERY, body=requests.ConnectionError())
    with pytest.raises(TarsError):
        tars.prep_lots("VT1")
    mocked.replace(responses.GET, DISCOVERY, json={"authorization_endpoint": "a", "token_endpoint": TOKEN_URL})
    mocked.get(LOTS_URL, json=page(lot("VT1")))
    assert [p.lot for p in tars.prep_lots("VT1")] == ["VT1"]


def test_settings_need_every_key_and_keep_the_secret_out_of_reprs() -> None:
    partial = {k: v for k, v in SETTINGS.items() if k != "TARS_SCOPE"}
    with pytest.raises(ConfigError, match="TARS is partly configured: TARS_SCOPE missing"):
        TarsSettings.from_values(partial)
    assert TarsSettings.from_values({}) is None
    settings = TarsSettings.from_values(SETTINGS)
    assert settings is not None and settings.resource == RESOURCE and settings.cache_ttl_s == 3600
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("params", "lots", "more"),
    [
        ({"searchFields": "lot", "search": "vt3214"}, ["VT3214", "VT3214G"], False),  # a substring, ignoring case
        ({"searchFields": "lot", "search": "VT2891", "pageSize": "1", "page": "1"}, ["VT2891"], False),
        ({"pageSize": "3", "page": "0"}, 3, True),
        ({"searchFields": "viralPrep.virus.aliases.name", "search": "VIR300104_PHPeB"}, ["VT3214G", "VT4477"], False),
    ],
)
def test_the_demo_searches_and_pages_as_tars_does(params: dict[str, str], lots: Any, more: bool) -> None:
    demo = TarsDemo(Demo(Path(DEMO_DATA)))
    request = requests.Request("GET", LOTS_URL, params=params, headers={"Authorization": f"Bearer {demo.TOKEN}"})
    status, body = demo.answer(request.prepare())
    found = [r["lot"] for r in body["data"]]
    assert status == 200 and body["morePages"] is more
    assert (len(found) if isinstance(lots, int) else sorted(found)) == lots


def test_the_demo_refuses_a_call_without_its_token() -> None:
    status, _ = TarsDemo(Demo(Path(DEMO_DATA))).answer(requests.Request("GET", LOTS_URL).prepare())
    assert status == 401
