"""SharePoint client at the transport: Graph with an msal token, REST with NTLM, filters, paging, each failure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses
from requests_ntlm import HttpNtlmAuth
from responses import matchers

from aind_metadata_service.app import DEMO_DATA
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.sharepoint.client import (
    NOMETADATA,
    PAGE_SIZE,
    PREFER,
    SharePointClient,
    SharePointError,
    SharePointSettings,
    subject_filter,
)
from aind_metadata_service.sources.sharepoint.demo import ODataFilter, demo_client
from tests.conftest import azure_login

TENANT = "tenant-test"
LOGIN = f"https://login.microsoftonline.com/{TENANT}"
DISCOVERY = f"{LOGIN}/v2.0/.well-known/openid-configuration"
TOKEN_URL = f"{LOGIN}/oauth2/v2.0/token"
GRAPH = "https://graph.test/v1.0"
SECRET = "s3cr3t-Client-Value"
LISTS = {
    "SHAREPOINT_NSB_2019_LIST_ID": "list-2019",
    "SHAREPOINT_NSB_2023_LIST_ID": "list-2023",
    "SHAREPOINT_NSB_PRESENT_LIST_ID": "list-present",
    "SHAREPOINT_LAS_2020_LIST_ID": "list-las",
}
GRAPH_SETTINGS = {
    **LISTS,
    "SHAREPOINT_TENANT_ID": TENANT,
    "SHAREPOINT_CLIENT_ID": "client-test",
    "SHAREPOINT_CLIENT_SECRET": SECRET,
    "SHAREPOINT_AIND_SITE_ID": "site-aind",
    "SHAREPOINT_LAS_SITE_ID": "site-las",
    "SHAREPOINT_GRAPH_API_URL": GRAPH + "/",
    "SHAREPOINT_TIMEOUT_S": "7",
}
SITE = "https://sharepoint.test/sites/nsb"
NTLM_SETTINGS = {
    **LISTS,
    "SHAREPOINT_AUTH": "ntlm",
    "SHAREPOINT_URL": SITE,
    "SHAREPOINT_LAS_URL": "https://sharepoint.test/sites/las",
    "SHAREPOINT_USER": "CORP\\svc-metadata",
    "SHAREPOINT_PASSWORD": "n7lm-Pass",
}
ITEMS_2023 = f"{GRAPH}/sites/site-aind/lists/list-2023/items"
ITEMS_LAS = f"{GRAPH}/sites/site-las/lists/list-las/items"
REST_2019 = f"{SITE}/_api/web/lists(guid'list-2019')/items"
TOKEN = {"token_type": "Bearer", "expires_in": 3599, "access_token": "token-1"}


def graph_page(*fields: dict[str, Any], next_link: str | None = None) -> dict[str, Any]:
    """One page of Graph list items, each with its fields expanded."""
    page: dict[str, Any] = {"value": [{"id": f.get("id", "1"), "fields": f} for f in fields]}
    if next_link:
        page["@odata.nextLink"] = next_link
    return page


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """Azure AD's discovery and token endpoints; Graph's answers are added by each test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        azure_login(mock, LOGIN, TOKEN["access_token"])
        yield mock


@pytest.fixture
def graph() -> SharePointClient:
    """A Graph client on the test settings."""
    return SharePointClient(SharePointSettings.model_validate(GRAPH_SETTINGS))


@pytest.fixture
def ntlm() -> SharePointClient:
    """An on-premises (NTLM) client on the test settings."""
    return SharePointClient(SharePointSettings.model_validate(NTLM_SETTINGS))


def calls_to(mock: responses.RequestsMock, url: str) -> list[Any]:
    """The calls made to one URL, whatever their query."""
    return [c for c in mock.calls if (c.request.url or "").split("?")[0] == url]


def test_graph_items_filter_on_the_subject_column_with_the_prefer_header_and_a_bearer_token(
    mocked: responses.RequestsMock, graph: SharePointClient
) -> None:
    query = {"expand": "fields", "$filter": "fields/LabTracks_x0020_ID1 eq '775745'", "$top": str(PAGE_SIZE)}
    mocked.get(ITEMS_2023, match=[matchers.query_param_matcher(query)], json=graph_page({"id": "6102", "Title": "x"}))
    assert graph.items("nsb2023", "775745") == [{"id": "6102", "Title": "x"}]
    (call,) = calls_to(mocked, ITEMS_2023)
    assert call.request.headers["Authorization"] == "Bearer token-1"
    assert call.request.headers["Prefer"] == PREFER == "HonorNonIndexedQueriesWarningMayFailRandomly"


@pytest.mark.parametrize(
    ("list_key", "column", "site", "list_id"),
    [
        ("nsb2019", "LabTracks_x0020_ID", "site-aind", "list-2019"),
        ("nsb2023", "LabTracks_x0020_ID1", "site-aind", "list-2023"),
        ("nsb_present", "LabTracks_x0020_ID1", "site-aind", "list-present"),
    ],
)
def test_each_nsb_list_is_read_from_its_site_and_list_on_its_own_subject_column(
    mocked: responses.RequestsMock, graph: SharePointClient, list_key: str, column: str, site: str, list_id: str
) -> None:
    url = f"{GRAPH}/sites/{site}/lists/{list_id}/items"
    mocked.get(url, match=[matchers.query_param_matcher({"$filter": f"fields/{column} eq '1'"}, strict_match=False)],
               json=graph_page())  # fmt: skip
    assert graph.items(list_key, "1") == []


def test_graph_follows_every_next_link_to_the_last_page(
    mocked: responses.RequestsMock, graph: SharePointClient
) -> None:
    mocked.get(
        ITEMS_2023, match=[matchers.query_param_matcher({"$skiptoken": "UGFnZT0y"})], json=graph_page({"id": "3"})
    )
    second = f"{ITEMS_2023}?$skiptoken=UGFnZT0y"
    mocked.get(ITEMS_2023, match=[matchers.query_param_matcher({"$skiptoken": "UGFnZT0x"})],
               json=graph_page({"id": "2"}, next_link=second))  # fmt: skip
    first = f"{ITEMS_2023}?$skiptoken=UGFnZT0x"
    mocked.get(ITEMS_2023, match=[matchers.query_param_matcher({"expand": "fields"}, strict_match=False)],
               json=graph_page({"id": "1"}, next_link=first))  # fmt: skip
    assert [i["id"] for i in graph.items("nsb2023", "1")] == ["1", "2", "3"]
    assert all(c.request.headers["Prefer"] == PREFER for c in calls_to(mocked, ITEMS_2023))


def test_a_single_quote_in_a_filter_value_is_doubled(mocked: responses.RequestsMock, graph: SharePointClient) -> None:
    value = "fields/LabTracks_x0020_ID1 eq '1'' or fields/Title ne '''"
    mocked.get(
        ITEMS_2023, match=[matchers.query_param_matcher({"$filter": value}, strict_match=False)], json=graph_page()
    )
    assert graph.items("nsb2023", "1' or fields/Title ne '") == []


def test_las_requests_are_filtered_on_every_slot_and_the_title_start_then_matched_exactly(
    mocked: responses.RequestsMock, graph: SharePointClient
) -> None:
    slots = " or ".join(f"fields/nROID{n} eq '689418'" for n in range(1, 6))
    expected = f"{slots} or startswith(fields/Title,'689418')"
    requests_found = [
        {"id": "1", "Title": "689418 689419", "ReqPro2": "Retro-Orbital Injection", "nROID1": "689418"},
        {"id": "2", "Title": "6894181 700100", "ReqPro1": "Retro-Orbital Injection", "nROID1": "6894181"},
        {"id": "3", "Title": "700001 700002", "ReqPro1": "Retro-Orbital Injection", "nROID3": "689418"},
        {"id": "4", "Title": "689418", "ReqPro1": "Dosing"},
    ]
    mocked.get(ITEMS_LAS, match=[matchers.query_param_matcher({"$filter": expected}, strict_match=False)],
               json=graph_page(*requests_found))  # fmt: skip
    assert [i["id"] for i in graph.items("las2020", "689418")] == ["1", "3", "4"]


def test_on_premises_the_las_title_is_searched_anywhere_with_substringof() -> None:
    found = subject_filter("las2020", "689419", graph=False)
    assert found.endswith(" or substringof('689419',Title)")
    assert found.startswith("nROID1 eq '689419' or nROID2 eq '689419'")


def test_one_token_is_fetched_and_reused_for_every_call_each_with_a_timeout(
    mocked: responses.RequestsMock, graph: SharePointClient
) -> None:
    mocked.get(ITEMS_2023, json=graph_page())
    graph.items("nsb2023", "1")
    graph.items("nsb2023", "2")
    assert len(calls_to(mocked, TOKEN_URL)) == 1 and len(calls_to(mocked, DISCOVERY)) == 1
    assert len(calls_to(mocked, ITEMS_2023)) == 2
    assert {c.request.req_kwargs["timeout"] for c in mocked.calls} == {7.0}
    token_request = calls_to(mocked, TOKEN_URL)[0].request
    assert "grant_type=client_credentials" in token_request.body
    assert "scope=https%3A%2F%2Fgraph.microsoft.com%2F.default" in token_request.body


def test_ping_reads_one_item_of_the_present_list(mocked: responses.RequestsMock, graph: SharePointClient) -> None:
    url = f"{GRAPH}/sites/site-aind/lists/list-present/items"
    mocked.get(url, match=[matchers.query_param_matcher({"expand": "fields", "$top": "1"})], json=graph_page())
    graph.ping()
    assert len(calls_to(mocked, url)) == 1


@pytest.mark.parametrize(
    ("answer", "status", "message"),
    [
        ({"body": requests.ConnectTimeout()}, 503, "SharePoint timed out after 7 s (NSB 2023 list)"),
        ({"body": requests.ReadTimeout()}, 503, "SharePoint timed out after 7 s (NSB 2023 list)"),
        ({"body": requests.ConnectionError()}, 503, "SharePoint is unreachable (NSB 2023 list)"),
        (
            {"status": 401, "json": {"error": {"code": "InvalidAuthenticationToken"}}},
            503,
            "SharePoint credentials rejected (NSB 2023 list)",
        ),
        (
            {"status": 403, "json": {"error": {"code": "accessDenied"}}},
            503,
            "SharePoint credentials rejected (NSB 2023 list)",
        ),
        ({"status": 503, "json": {}}, 503, "SharePoint is unavailable (HTTP 503) (NSB 2023 list)"),
        ({"status": 500, "json": {}}, 500, "SharePoint answered with HTTP 500 (NSB 2023 list)"),
        (
            {"status": 400, "json": {"error": {"code": "invalidRequest"}}},
            500,
            "SharePoint answered with HTTP 400 (NSB 2023 list)",
        ),
        ({"body": "<html>gateway</html>"}, 500, "SharePoint answered with unreadable data (NSB 2023 list)"),
        ({"json": {"items": []}}, 500, "SharePoint answered in an unexpected shape (NSB 2023 list)"),
        (
            {"json": {"value": [{"id": "1"}]}},
            500,
            "SharePoint answered with items without their fields (NSB 2023 list)",
        ),
    ],
)
def test_each_graph_failure_becomes_sharepoints_error_with_the_contracts_status(
    mocked: responses.RequestsMock, graph: SharePointClient, answer: dict[str, Any], status: int, message: str
) -> None:
    mocked.get(ITEMS_2023, **answer)
    with pytest.raises(SharePointError) as raised:
        graph.items("nsb2023", "1")
    assert (raised.value.status, raised.value.message) == (status, message)
    assert SECRET not in raised.value.message


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (401, "invalid_client", "SharePoint credentials rejected (NSB 2023 list)"),
        (400, "invalid_client", "SharePoint credentials rejected (NSB 2023 list)"),
        (400, "unauthorized_client", "SharePoint credentials rejected (NSB 2023 list)"),
        (400, "invalid_scope", "SharePoint rejected the configured scope (SHAREPOINT_SCOPE) (NSB 2023 list)"),
    ],
)
def test_azure_ad_refusing_the_client_is_503_and_graph_is_never_called(
    graph: SharePointClient, status: int, error: str, message: str
) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(DISCOVERY, json={"authorization_endpoint": f"{LOGIN}/a", "token_endpoint": TOKEN_URL})
        mock.post(TOKEN_URL, status=status, json={"error": error, "error_description": f"AADSTS7000215: {SECRET}?"})
        with pytest.raises(SharePointError) as raised:
            graph.items("nsb2023", "1")
        assert not calls_to(mock, ITEMS_2023)
    assert (raised.value.status, raised.value.message) == (503, message)


@pytest.mark.parametrize(
    ("discovery", "token", "message"),
    [
        ({"status": 400, "json": {"error": "invalid_tenant"}}, None, "SharePoint credentials rejected (NSB 2023 list)"),
        ({"body": requests.ConnectTimeout()}, None, "SharePoint timed out after 7 s (NSB 2023 list)"),
        (
            {"status": 500, "body": "down"},
            None,
            "SharePoint sign-in failed (Azure AD is unavailable) (NSB 2023 list)",
        ),
        (
            None,
            {"status": 503, "body": "down"},
            "SharePoint sign-in failed (Azure AD is unavailable) (NSB 2023 list)",
        ),
        (None, {"body": requests.ConnectionError()}, "SharePoint is unreachable (NSB 2023 list)"),
    ],
)
def test_azure_ad_unknown_tenant_or_unavailable_is_503(
    graph: SharePointClient, discovery: dict[str, Any] | None, token: dict[str, Any] | None, message: str
) -> None:
    config = {"json": {"authorization_endpoint": f"{LOGIN}/a", "token_endpoint": TOKEN_URL}}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(DISCOVERY, **(discovery or config))
        mock.post(TOKEN_URL, **(token or {"json": TOKEN}))
        with pytest.raises(SharePointError) as raised:
            graph.items("nsb2023", "1")
    assert (raised.value.status, raised.value.message) == (503, message)


def test_a_client_that_could_not_sign_in_tries_again_on_the_next_call(graph: SharePointClient) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(DISCOVERY, body=requests.ConnectionError())
        with pytest.raises(SharePointError):
            graph.items("nsb2023", "1")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(DISCOVERY, json={"authorization_endpoint": f"{LOGIN}/a", "token_endpoint": TOKEN_URL})
        mock.post(TOKEN_URL, json=TOKEN)
        mock.get(ITEMS_2023, json=graph_page({"id": "9"}))
        assert graph.items("nsb2023", "1") == [{"id": "9"}]


def test_ntlm_items_come_from_the_rest_api_with_nometadata_in_graphs_spelling(ntlm: SharePointClient) -> None:
    second = f"{REST_2019}?%24skiptoken=Paged%3dTRUE%26p_ID%3d2&%24top=200"
    query = {"$filter": "LabTracks_x0020_ID eq '521234'", "$top": str(PAGE_SIZE)}
    first_page = {
        "value": [
            {"Id": 1, "ID": 1, "Title": "521234HP only", "OData__x0023__x0020_of_x0020_Burr_x002": "1", "HpLoc": None}
        ],
        "odata.nextLink": second,
    }
    with responses.RequestsMock() as mock:
        mock.get(REST_2019, match=[matchers.query_param_matcher(query)], json=first_page)
        mock.get(REST_2019, match=[matchers.query_param_matcher({"$skiptoken": "Paged=TRUE&p_ID=2"}, strict_match=False)],
                 json={"value": [{"Id": 2, "Title": "521234HP+C CAM"}]})  # fmt: skip
        found = ntlm.items("nsb2019", "521234")
        assert all(c.request.headers["Accept"] == NOMETADATA for c in mock.calls)
        assert all(isinstance(c.request.req_kwargs.get("timeout"), float) for c in mock.calls)
        assert "Prefer" not in mock.calls[0].request.headers
    assert found == [
        {"Id": 1, "ID": 1, "Title": "521234HP only", "_x0023__x0020_of_x0020_Burr_x002": "1", "id": "1"},
        {"Id": 2, "Title": "521234HP+C CAM", "id": "2"},
    ]


def test_ntlm_uses_the_las_sites_own_url_and_an_ntlm_auth_with_the_configured_user(ntlm: SharePointClient) -> None:
    las = "https://sharepoint.test/sites/las/_api/web/lists(guid'list-las')/items"
    with responses.RequestsMock() as mock:
        mock.get(las, json={"value": [{"Id": 7, "Title": "701234", "ReqPro1": "Dosing"}]})
        assert [i["id"] for i in ntlm.items("las2020", "701234")] == ["7"]
    assert isinstance(ntlm._ntlm, HttpNtlmAuth) and ntlm._ntlm.username == "CORP\\svc-metadata"


def test_ntlm_starts_the_handshake_and_a_server_without_a_challenge_rejects_the_credentials(
    ntlm: SharePointClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HttpNtlmAuth, "_get_server_cert", lambda self, response: None)  # no TLS socket in a mock
    with responses.RequestsMock() as mock:
        mock.get(REST_2019, status=401, headers={"WWW-Authenticate": "NTLM"})
        mock.get(REST_2019, status=401, headers={"WWW-Authenticate": "Basic realm=x"})
        with pytest.raises(SharePointError) as raised:
            ntlm.items("nsb2019", "1")
        negotiate = mock.calls[1].request.headers["Authorization"]
    assert negotiate.startswith("NTLM TlRMTVNTUAAB")  # NTLMSSP negotiate message
    assert (raised.value.status, raised.value.message) == (503, "SharePoint credentials rejected (NSB 2019 list)")


def test_ntlm_401_at_the_end_of_the_handshake_is_credentials_rejected(ntlm: SharePointClient) -> None:
    with responses.RequestsMock() as mock:
        mock.get(REST_2019, status=401, json={"error": "denied"})
        with pytest.raises(SharePointError) as raised:
            ntlm.items("nsb2019", "1")
    assert (raised.value.status, raised.value.message) == (503, "SharePoint credentials rejected (NSB 2019 list)")


def test_an_unknown_list_key_is_a_programming_error(graph: SharePointClient) -> None:
    with pytest.raises(KeyError):
        graph.items("nsb2099", "1")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({**LISTS, "SHAREPOINT_TENANT_ID": "t"}, "SharePoint is partly configured: SHAREPOINT_AIND_SITE_ID, "
         "SHAREPOINT_LAS_SITE_ID, SHAREPOINT_CLIENT_ID, SHAREPOINT_CLIENT_SECRET missing"),
        ({**NTLM_SETTINGS, "SHAREPOINT_PASSWORD": ""}, "SharePoint is partly configured: SHAREPOINT_PASSWORD missing"),
        ({**GRAPH_SETTINGS, "SHAREPOINT_NSB_2019_LIST_ID": ""}, "SharePoint is partly configured: SHAREPOINT_NSB_2019_LIST_ID missing"),
        ({**GRAPH_SETTINGS, "SHAREPOINT_AUTH": "kerberos"}, "SharePoint setting SHAREPOINT_AUTH is invalid: Input should be 'graph' or 'ntlm'"),
    ],
)  # fmt: skip
def test_incomplete_settings_stop_startup_naming_the_missing_keys(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        SharePointSettings.from_values(values)
    assert str(raised.value) == message


def test_no_sharepoint_keys_means_not_configured_and_the_token_url_gives_the_authority() -> None:
    assert SharePointSettings.from_values({"SHAREPOINT_TENANT_ID": ""}) is None
    settings = SharePointSettings.from_values({**GRAPH_SETTINGS, "SHAREPOINT_TOKEN_URL": f"{TOKEN_URL}"})
    assert settings is not None and settings.authority == LOGIN
    assert SharePointSettings.model_validate(GRAPH_SETTINGS).authority == LOGIN
    assert SECRET not in repr(settings)


@pytest.mark.parametrize(
    ("text", "row", "expected"),
    [
        ("fields/A eq '1'", {"A": "1"}, True),
        ("fields/A eq '1'", {"A": 1}, True),
        ("fields/A eq '1'", {"A": "2"}, False),
        ("fields/A eq '1'", {}, False),
        ("A eq 'it''s'", {"A": "it's"}, True),
        ("fields/A eq '1' or fields/B eq '2'", {"B": "2"}, True),
        ("fields/A eq '1' and fields/B eq '2'", {"A": "1", "B": "3"}, False),
        ("(fields/A eq '1' or fields/A eq '2') and fields/B eq '3'", {"A": "2", "B": "3"}, True),
        ("startswith(fields/Title,'6894')", {"Title": "689418 689419"}, True),
        ("startswith(fields/Title,'6894')", {"Title": "1 689418"}, False),
        ("substringof('689419',Title)", {"Title": "689418 689419"}, True),
        ("substringof('689419',Title)", {}, False),
        ("startswith(fields/Title,'689418 6894')", {"Title": "689418 689419"}, True),
    ],
)
def test_the_demos_odata_filter_evaluates_what_the_client_sends(text: str, row: dict[str, Any], expected: bool) -> None:
    assert ODataFilter(text)(row) is expected


@pytest.mark.parametrize(
    "text", ["fields/A ne '1'", "fields/A eq '1' or", "(fields/A eq '1'", "fields/A eq '1' xor B", "A eq 1'"]
)
def test_the_demos_odata_filter_refuses_what_it_does_not_implement(text: str) -> None:
    with pytest.raises(ValueError):
        ODataFilter(text)


def test_the_demo_serves_two_items_a_page_so_the_client_follows_its_next_links(monkeypatch: pytest.MonkeyPatch) -> None:
    client = demo_client(Demo(DEMO_DATA))
    urls: list[str] = []
    real_get = client._get

    def recording_get(url: str, params: dict[str, Any] | None, headers: dict[str, str]) -> Any:
        urls.append(url)
        return real_get(url, params, headers)

    monkeypatch.setattr(client, "_get", recording_get)
    everything = list(client._items(client.lists["nsb2023"], {"$top": 200}))
    assert len(everything) == 7 and len({i["id"] for i in everything}) == 7
    assert len(urls) == 4 and all("skiptoken" in u for u in urls[1:])
    urls.clear()
    assert [i["id"] for i in client.items("las2020", "689418")] == ["8101"]  # 6894181's request is dropped
    assert len(urls) == 1


def test_the_demo_refuses_a_filter_without_the_prefer_header_as_graph_does(monkeypatch: pytest.MonkeyPatch) -> None:
    client = demo_client(Demo(DEMO_DATA))
    monkeypatch.setattr(client, "_graph_headers", lambda: {"Authorization": "Bearer demo-sharepoint-token"})
    with pytest.raises(SharePointError) as raised:
        client.items("nsb2023", "632269")
    assert raised.value.message == "SharePoint answered with HTTP 400 (NSB 2023 list)"


def test_the_demo_switched_off_makes_sharepoint_unreachable() -> None:
    client = demo_client(Demo(DEMO_DATA, failing=frozenset({"sharepoint"})))
    with pytest.raises(SharePointError) as raised:
        client.items("nsb_present", "775745")
    assert (raised.value.status, raised.value.message) == (503, "SharePoint is unreachable (NSB present list)")
