"""Dataverse client at the transport: OData headers, paging, the checked filter before any call, each failure."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from aind_metadata_service.sources.dataverse.client import BadQuery, DataverseClient, DataverseError
from aind_metadata_service.sources.dataverse.settings import DataverseSettings
from tests.conftest import azure_login

TENANT = "tenant-test"
LOGIN = f"https://login.microsoftonline.com/{TENANT}"
ENV = "https://org.test.dynamics.com"
API = f"{ENV}/api/data/v9.2"
SETTINGS = {
    "DATAVERSE_TENANT_ID": TENANT,
    "DATAVERSE_CLIENT_ID": "client-test",
    "DATAVERSE_CLIENT_SECRET": "s3cret",
    "DATAVERSE_ENVIRONMENT_URL": ENV + "/",
    "DATAVERSE_TIMEOUT_S": "4",
}
F = "@OData.Community.Display.V1.FormattedValue"
TABLES = [{"entityid": "e1", "entitysetname": "cr138_projects", "name": "Project", "logicalname": "cr138_project"}]
ATTRIBUTES = [
    {"LogicalName": "cr138_project", "AttributeType": "String", "AttributeOf": None},
    {"LogicalName": "cr138_sub_project", "AttributeType": "String", "AttributeOf": None},
    {"LogicalName": "ownerid", "AttributeType": "Owner", "AttributeOf": None},
    {"LogicalName": "owneridname", "AttributeType": "String", "AttributeOf": "ownerid"},
]
ATTRIBUTES_URL = f"{API}/EntityDefinitions(LogicalName='cr138_project')/Attributes"


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    """Azure AD's discovery and token endpoints; Dataverse's answers are added by each test."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        azure_login(mock, LOGIN, "t1")
        yield mock


@pytest.fixture
def dataverse() -> DataverseClient:
    """A client on the test settings, with its own cache."""
    return DataverseClient(DataverseSettings.model_validate(SETTINGS))


def to(mock: responses.RequestsMock, url: str) -> list[Any]:
    """The calls made to one URL, whatever their query."""
    return [c for c in mock.calls if c.request.url.split("?")[0] == url]


def query(call: Any) -> dict[str, str]:
    """A call's decoded query."""
    return {k: v[0] for k, v in parse_qs(urlsplit(call.request.url).query).items()}


def test_every_query_sends_odata_headers_a_bearer_token_and_a_timeout(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    mocked.get(f"{API}/entities", json={"value": TABLES})
    assert dataverse.tables() == TABLES
    [call] = to(mocked, f"{API}/entities")
    headers = call.request.headers
    assert (headers["Authorization"], headers["OData-Version"], headers["Accept"]) == (
        "Bearer t1",
        "4.0",
        "application/json",
    )
    assert headers["Prefer"] == 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"'
    assert query(call) == {"$select": "entityid,entitysetname,name,logicalname"}
    assert {c.request.req_kwargs["timeout"] for c in mocked.calls} == {4.0}
    token_call = to(mocked, f"{LOGIN}/oauth2/v2.0/token")[0]
    assert "scope=https%3A%2F%2Forg.test.dynamics.com%2F.default" in str(token_call.request.body)


def test_next_links_are_followed_to_the_last_page(mocked: responses.RequestsMock, dataverse: DataverseClient) -> None:
    mocked.get(f"{API}/cr138_funding_codes?$skiptoken=2", json={"value": [{"n": 3}]})
    mocked.get(
        f"{API}/cr138_funding_codes?$skiptoken=1",
        json={"value": [{"n": 2}], "@odata.nextLink": f"{API}/cr138_funding_codes?$skiptoken=2"},
    )
    mocked.get(
        f"{API}/cr138_funding_codes",
        json={"value": [{"n": 1}], "@odata.nextLink": f"{API}/cr138_funding_codes?$skiptoken=1"},
    )
    assert dataverse.query("cr138_funding_codes", select="a") == [{"n": 1}, {"n": 2}, {"n": 3}]


def test_a_next_link_to_another_host_is_not_followed_with_our_token(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    mocked.get(f"{API}/entities", json={"value": [], "@odata.nextLink": "https://evil.test/steal"})
    with pytest.raises(DataverseError) as e:
        dataverse.query("entities")
    assert e.value.status == 500 and "another host" in e.value.message
    assert not to(mocked, "https://evil.test/steal")


def table_setup(mocked: responses.RequestsMock) -> None:
    """The table list and the projects table's columns."""
    mocked.get(f"{API}/entities", json={"value": TABLES})
    mocked.get(ATTRIBUTES_URL, json={"value": ATTRIBUTES})


def test_table_rows_use_the_checked_columns_and_filter_and_keep_formatted_values(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    table_setup(mocked)
    row = {"@odata.etag": "W/1", "cr138_project": "BCI", "_ownerid_value": "g", f"_ownerid_value{F}": "Ann Lee"}
    mocked.get(f"{API}/cr138_projects", json={"value": [row]})
    found = dataverse.table("cr138_projects", "cr138_project,_ownerid_value", "(cr138_project  eq 'BCI')")
    assert found == [{"cr138_project": "BCI", f"_ownerid_value{F}": "Ann Lee"}]
    assert query(to(mocked, f"{API}/cr138_projects")[0]) == {
        "$select": "cr138_project,_ownerid_value",
        "$filter": "cr138_project eq 'BCI'",
    }


@pytest.mark.parametrize(
    ("columns", "filter", "message"),
    [
        (None, "cr138_project eq 'x') or contains(cr138_project,'a'", "filter: functions are not allowed"),
        (None, "cr138_project eq 'x' or 1 eq 1", "filter: expected a column name at position 25"),
        (None, "owneridname eq 'x'", "filter: unknown column 'owneridname' in filter"),
        ("cr138_project,secret", None, "columns: unknown column 'secret' in columns"),
    ],
)
def test_a_bad_filter_or_column_is_400_and_the_table_is_never_queried(
    mocked: responses.RequestsMock, dataverse: DataverseClient, columns: str | None, filter: str | None, message: str
) -> None:
    table_setup(mocked)
    rows = mocked.get(f"{API}/cr138_projects", json={"value": []})
    with pytest.raises(BadQuery) as e:
        dataverse.table("cr138_projects", columns, filter)
    assert e.value.status == 400 and e.value.message.startswith(message)
    assert rows.call_count == 0


@pytest.mark.parametrize(
    ("columns", "filter"),
    [(None, "cr138_project eq 'x') or contains(cr138_project,'a'"), (None, "x eq 'unclosed"), ("a,,b", None)],
)
def test_text_outside_the_grammar_is_refused_before_any_call_at_all(
    mocked: responses.RequestsMock, dataverse: DataverseClient, columns: str | None, filter: str | None
) -> None:
    with pytest.raises(BadQuery):
        dataverse.table("cr138_projects", columns, filter)
    assert len(mocked.calls) == 0  # not even Azure AD, the table list or the table's columns


def test_an_unknown_table_is_none_without_reading_its_metadata(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    mocked.get(f"{API}/entities", json={"value": TABLES})
    assert dataverse.table("systemusers", None, "x eq 1") is None
    assert [c.request.url.split("?")[0] for c in mocked.calls if API in c.request.url] == [f"{API}/entities"]


def test_mouse_weights_filter_through_the_mouse_lookup_and_the_day_window(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    raw = {"aibs_fact_mouse_weight_recordsid": "r1", f"_aibs_mouse_id_value{F}": "775745", "aibs_weight": 24.8}
    mocked.get(f"{API}/aibs_fact_mouse_weight_recordses", json={"value": [raw]})
    [found] = dataverse.mouse_weights("77'5745", date(2025, 3, 10))
    assert (found.record_id, found.weight, found.notes) == ("r1", 24.8, None)
    assert query(mocked.calls[-1])["$filter"] == (
        "aibs_mouse_id/aibs_mouse_id eq '77''5745' and cr138_datetime ge 2025-03-10T00:00:00Z "
        "and cr138_datetime lt 2025-03-11T00:00:00Z"
    )


def test_water_restriction_reads_the_mouse_then_its_records_and_restriction_changes(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    mocked.get(f"{API}/aibs_dim_mices", json={"value": [{"aibs_dim_miceid": "g-1", "aibs_mouse_id": "775745"}]})
    mocked.get(f"{API}/aibs_fact_mouse_water_restrictions", json={"value": [{"aibs_record_name": "r"}]})
    mocked.get(
        f"{API}/aibs_fact_mouse_water_restriction_change_logs",
        json={
            "value": [{"aibs_change_date_time": "2025-04-02T16:55:00Z", "aibs_new_value": "active water restriction"}]
        },
    )
    [found] = dataverse.water_restriction("775745")
    assert (found["mouse_id"], found["record_name"], found["new_value"]) == ("775745", "r", "active water restriction")
    filters = [query(c).get("$filter") for c in mocked.calls if API in c.request.url]
    assert filters == [
        "aibs_mouse_id eq '775745'",
        "_aibs_mouse_id_value eq g-1",
        "_aibs_mouse_id_value eq g-1 and (aibs_new_value eq 'active water restriction' "
        "or aibs_old_value eq 'active water restriction')",
    ]


def test_funding_is_read_once_and_then_served_from_the_cache(
    mocked: responses.RequestsMock, dataverse: DataverseClient
) -> None:
    projects = mocked.get(f"{API}/cr138_projects", json={"value": [{"cr138_projectid": "p", "cr138_project": "BCI"}]})
    mocked.get(f"{API}/cr138_funding_codes", json={"value": []})
    assert dataverse.funding() == dataverse.funding()
    assert projects.call_count == 1
    assert "cr138_projects_systemuser($select=fullname)" in query(projects.calls[0])["$expand"]


@pytest.mark.parametrize(
    ("failure", "status", "message"),
    [
        (requests.ConnectTimeout(), 503, "Dataverse timed out after 4 s"),
        (requests.ConnectionError(), 503, "Dataverse is unreachable"),
        (401, 503, "Dataverse credentials rejected"),
        (404, 500, "Dataverse answered with HTTP 404"),
        (400, 400, "Dataverse rejected the query (HTTP 400); check the filter's literal types"),
    ],
)
def test_each_failure_is_dataverses_error_with_the_contracts_status(
    mocked: responses.RequestsMock, dataverse: DataverseClient, failure: Any, status: int, message: str
) -> None:
    if isinstance(failure, Exception):
        mocked.get(f"{API}/entities", body=failure)
    else:
        mocked.get(f"{API}/entities", status=failure, json={"error": {"message": "secret upstream text"}})
    with pytest.raises(DataverseError) as e:
        dataverse.tables()
    assert (e.value.status, e.value.message) == (status, message)


def test_an_environment_url_without_https_stops_startup() -> None:
    from aind_metadata_service.settings import ConfigError

    with pytest.raises(ConfigError, match="DATAVERSE_ENVIRONMENT_URL is invalid"):
        DataverseSettings.from_values({**SETTINGS, "DATAVERSE_ENVIRONMENT_URL": "http://org.test"})
