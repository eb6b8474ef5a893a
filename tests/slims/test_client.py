"""SLIMS client with HTTP mocked at the transport: criteria bodies, auth, paging, chunking and each failure."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import datetime, timezone

import pytest
import requests
import responses

from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.slims import client as slims
from aind_metadata_service.sources.slims.client import SlimsClient, SlimsError, SlimsSettings
from tests.slims.conftest import PASSWORD, USER, advanced, answer, body, entity

Make = Callable[..., SlimsClient]
APRIL, MAY = datetime(2025, 4, 1, tzinfo=timezone.utc), datetime(2025, 5, 1, tzinfo=timezone.utc)
MOUSE = entity("Content", 1001, cntn_pk=1001, cntn_barCode="775745")


def restriction(pk: int, content: int) -> dict:
    """A water restriction event entity."""
    return entity("ContentEvent", pk, cnvn_pk=pk, cnvn_fk_content=content, cnvt_name="Water Restriction")


def test_water_restrictions_send_the_subject_and_dates_to_slims(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(advanced("Content"), json=answer(MOUSE))
    mocked.get(advanced("ContentEvent"), json=answer(restriction(701, 1001)))
    found = make_client().water_restrictions("775745", APRIL, MAY)
    assert [(w.event.pk, w.mouse.cntn_barCode) for w in found] == [(701, "775745")]
    assert body(mocked.calls[0]) == {
        "sortBy": ["cntn_pk"],
        "startRow": 0,
        "endRow": 500,
        "criteria": {"fieldName": "cntn_barCode", "operator": "equals", "value": "775745"},
    }
    assert body(mocked.calls[1])["criteria"] == {
        "operator": "and",
        "criteria": [
            {"fieldName": "cnvn_fk_content", "operator": "inSet", "value": [1001]},
            {"fieldName": "cnvt_name", "operator": "equals", "value": "Water Restriction"},
            {
                "fieldName": "cnvn_createdOn",
                "operator": "betweenInclusive",
                "start": 1743465600000,
                "end": 1746057600000,
            },
        ],
    }


def test_every_call_is_a_get_with_basic_auth_json_and_a_timeout(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(advanced("Content"), json=answer(MOUSE))
    mocked.get(advanced("ContentEvent"), json=answer())
    make_client(timeout_s=7).water_restrictions("775745", None, None)
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    for call in mocked.calls:
        assert call.request.method == "GET"
        assert call.request.headers["Authorization"] == expected
        assert call.request.headers["Accept"] == "application/json"
        assert call.request.headers["Content-Type"] == "application/json"
        assert call.request.req_kwargs["timeout"] == 7  # type: ignore[attr-defined]


def test_a_subject_slims_does_not_know_costs_one_call_and_finds_nothing(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(advanced("Content"), json=answer())
    assert make_client().histology("123456", None, None) == []
    assert len(mocked.calls) == 1


def test_specimens_are_found_by_their_parent_barcode_as_well(mocked: responses.RequestsMock, make_client: Make) -> None:
    mocked.get(advanced("Content"), json=answer())
    make_client().smartspim_imaging("775745", None, None)
    assert body(mocked.calls[0])["criteria"] == {
        "operator": "or",
        "criteria": [
            {"fieldName": "cntn_barCode", "operator": "equals", "value": "775745"},
            {"fieldName": "cntn_cf_parentBarcode", "operator": "equals", "value": "775745"},
        ],
    }


def test_without_a_subject_runs_are_chosen_by_template_and_dates_in_slims(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(
        advanced("ExperimentTemplate"), json=answer(entity("ExperimentTemplate", 39, xptm_name="SmartSPIM Labeling"))
    )
    mocked.get(advanced("ExperimentRun"), json=answer())
    assert make_client().histology(None, APRIL, None) == []
    assert body(mocked.calls[0])["criteria"] == {
        "fieldName": "xptm_name",
        "operator": "inSet",
        "value": ["SmartSPIM Labeling", "SmartSPIM Delipidation", "SmartSPIM Refractive Index Matching"],
    }
    assert body(mocked.calls[1])["criteria"] == {
        "operator": "and",
        "criteria": [
            {"fieldName": "xprn_fk_experimentTemplate", "operator": "inSet", "value": [39]},
            {"fieldName": "xprn_createdOn", "operator": "greaterOrEqual", "value": 1743465600000},
        ],
    }


def test_a_session_name_is_looked_up_in_slims_not_filtered_afterwards(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(advanced("Result"), json=answer())
    assert make_client().ecephys_sessions(None, "ecephys_775745_2025-04-22_14-03-12", None, None) == []
    assert body(mocked.calls[0])["criteria"] == {
        "fieldName": "rslt_cf_sessionName",
        "operator": "equals",
        "value": "ecephys_775745_2025-04-22_14-03-12",
    }


def test_pages_are_read_until_a_short_page(mocked: responses.RequestsMock, make_client: Make) -> None:
    events = [restriction(pk, 1001) for pk in range(1, 6)]
    for start in (0, 2, 4):
        mocked.get(advanced("ContentEvent"), json=answer(*events[start : start + 2]))
    mocked.get(advanced("Content"), json=answer(MOUSE))
    found = make_client(page_size=2).water_restrictions(None, APRIL, None)
    assert [w.event.pk for w in found] == [1, 2, 3, 4, 5]
    assert [(body(c)["startRow"], body(c)["endRow"]) for c in mocked.calls[:3]] == [(0, 2), (2, 4), (4, 6)]


def test_a_full_last_page_is_followed_by_one_empty_page(mocked: responses.RequestsMock, make_client: Make) -> None:
    mocked.get(advanced("ContentEvent"), json=answer(restriction(1, 1001), restriction(2, 1001)))
    mocked.get(advanced("ContentEvent"), json=answer())
    mocked.get(advanced("Content"), json=answer(MOUSE))
    assert len(make_client(page_size=2).water_restrictions(None, None, MAY)) == 2


def test_long_pk_lists_are_sent_in_chunks(
    mocked: responses.RequestsMock, make_client: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slims, "CHUNK", 2)
    events = [restriction(pk, 1000 + pk) for pk in range(1, 6)]
    mocked.get(advanced("ContentEvent"), json=answer(*events))
    for _ in range(3):
        mocked.get(advanced("Content"), json=answer())
    make_client().water_restrictions(None, APRIL, None)
    sent = [body(c)["criteria"]["value"] for c in mocked.calls[1:]]
    assert sent == [[1001, 1002], [1003, 1004], [1005]]


def test_ping_reads_one_row(mocked: responses.RequestsMock, make_client: Make) -> None:
    mocked.get(advanced("ExperimentTemplate"), json=answer())
    make_client().ping()
    assert body(mocked.calls[0]) == {"sortBy": ["xptm_pk"], "startRow": 0, "endRow": 1}


@pytest.mark.parametrize(
    ("failure", "status", "message"),
    [
        (requests.ConnectTimeout(), 503, "SLIMS timed out after 3 s"),
        (requests.ReadTimeout(), 503, "SLIMS timed out after 3 s"),
        (requests.ConnectionError(), 503, "SLIMS is unreachable"),
        (401, 503, "SLIMS credentials rejected"),
        (403, 503, "SLIMS credentials rejected"),
        (503, 503, "SLIMS is unavailable (HTTP 503)"),
        (500, 500, "SLIMS answered with HTTP 500"),
        (400, 500, "SLIMS answered with HTTP 400"),
        ("not json", 500, "SLIMS answered with unreadable data"),
        ({"rows": []}, 500, "SLIMS answered with unreadable data"),
    ],
)
def test_each_failure_becomes_slims_error_with_the_contract_status(
    mocked: responses.RequestsMock, make_client: Make, failure: object, status: int, message: str
) -> None:
    if isinstance(failure, Exception):
        mocked.get(advanced("Content"), body=failure)
    elif isinstance(failure, int):
        mocked.get(advanced("Content"), status=failure, json={"error": f"upstream says {PASSWORD}"})
    elif isinstance(failure, str):
        mocked.get(advanced("Content"), body=failure)
    else:
        mocked.get(advanced("Content"), json=failure)
    with pytest.raises(SlimsError) as e:
        make_client().water_restrictions("775745", None, None)
    assert (e.value.status, e.value.message) == (status, message)
    assert PASSWORD not in e.value.message


def test_an_entity_without_a_key_column_is_500_naming_the_table(
    mocked: responses.RequestsMock, make_client: Make
) -> None:
    mocked.get(advanced("Content"), json=answer(MOUSE))
    mocked.get(advanced("ContentEvent"), json=answer(entity("ContentEvent", 9, cnvt_name="Water Restriction")))
    with pytest.raises(SlimsError) as e:
        make_client().water_restrictions("775745", None, None)
    assert (e.value.status, e.value.message) == (500, "SLIMS returned ContentEvent records in an unexpected shape")


def test_a_server_that_ignores_paging_is_read_once(mocked: responses.RequestsMock, make_client: Make) -> None:
    mocked.get(advanced("ContentEvent"), json=answer(*[restriction(pk, 1001) for pk in range(1, 4)]))
    mocked.get(advanced("Content"), json=answer(MOUSE))
    assert len(make_client(page_size=2).water_restrictions(None, APRIL, None)) == 3


def test_the_session_is_reused_across_calls(make_client: Make) -> None:
    client = make_client()
    assert client.session is client.session and client.session.auth == (USER, PASSWORD)


@pytest.mark.parametrize(
    ("values", "url"),
    [
        ({"SLIMS_URL": "https://slims.test/"}, "https://slims.test"),
        ({"SLIMS_HOST": "https://slims-host.test"}, "https://slims-host.test"),  # the original service's key
        ({"SLIMS_URL": "https://a.test", "SLIMS_HOST": "https://b.test"}, "https://a.test"),
    ],
)
def test_settings_take_the_base_url_from_slims_url_or_the_original_slims_host(values: dict, url: str) -> None:
    settings = SlimsSettings.from_values({**values, "SLIMS_USERNAME": USER, "SLIMS_PASSWORD": PASSWORD})
    assert settings is not None and settings.url == url
    assert PASSWORD not in repr(settings)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"SLIMS_USERNAME": USER, "SLIMS_PASSWORD": PASSWORD}, "SLIMS_URL (or SLIMS_HOST) must be an http(s) URL"),
        ({"SLIMS_URL": "slims.test", "SLIMS_USERNAME": USER, "SLIMS_PASSWORD": PASSWORD}, "must be an http(s) URL"),
        ({"SLIMS_URL": "https://slims.test", "SLIMS_USERNAME": USER}, "SLIMS is partly configured: SLIMS_PASSWORD"),
    ],
)
def test_unusable_settings_stop_startup_naming_the_key(values: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as e:
        SlimsSettings.from_values(values)
    assert PASSWORD not in str(e.value)


def test_no_slims_keys_means_slims_is_not_configured() -> None:
    assert SlimsSettings.from_values({"SLIMS_URL": "https://slims.test"}) is None
