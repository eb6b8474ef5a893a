"""Every method of aind-metadata-service-client 2.12.2, driven against the demo as its users call it.

A method that should succeed returns parsed data; one that should fail raises the exception reference/API-v2.md
names for the status, with the documented body and headers.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aind_data_schema.core.procedures import Procedures
from aind_data_schema.core.subject import Subject
from aind_metadata_service_client import DefaultApi, HealthcheckApi
from aind_metadata_service_client.exceptions import ApiException, BadRequestException, NotFoundException

from aind_metadata_service import __version__

PROJECT = "Thalamus in the middle - Project 1"
PROTOCOL = "Injection of Viral Tracers by Nanoject V.4"
INSTRUMENT = "440_SmartSPIM1_20240327"
WRITE_TOKEN = "demo-instrument-write-token"  # the demo's, as the demo's settings hold it


def test_get_health_reads_ok_and_our_version(health: HealthcheckApi) -> None:
    found = health.get_health()
    assert (found.status, found.service_version) == ("OK", __version__)


def test_get_subject_returns_a_bare_subject_that_validates(api: DefaultApi) -> None:
    found = api.get_subject("775745")
    assert found["subject_id"] == "775745"
    Subject.model_validate(found)


def test_get_procedures_returns_a_bare_procedures_that_validates(api: DefaultApi) -> None:
    found = api.get_procedures("775745")
    assert Procedures.model_validate(found).subject_id == "775745"


def test_a_subject_that_fails_validation_raises_bad_request_with_the_raw_body_and_its_errors(api: DefaultApi) -> None:
    with pytest.raises(BadRequestException) as e:
        api.get_subject("640001")
    assert json.loads(e.value.body)["subject_id"] == "640001"
    errors = json.loads(e.value.headers["X-Error-Message"])
    assert errors and set(errors[0]) == {"type", "loc", "msg"}


@pytest.mark.parametrize("method", ["get_subject", "get_labtracks_subject"])
def test_a_non_numeric_subject_id_is_406_with_a_detail(api: DefaultApi, method: str) -> None:
    with pytest.raises(ApiException) as e:
        getattr(api, method)("abc")
    assert e.value.status == 406
    assert json.loads(e.value.body) == {"detail": "Subject ID abc is not valid. Please specify a numeric subject ID."}


def test_an_unknown_subject_raises_not_found_with_fastapis_body(api: DefaultApi) -> None:
    with pytest.raises(NotFoundException) as e:
        api.get_procedures("999999999")
    assert json.loads(e.value.body) == {"detail": "Not found"}


@pytest.mark.parametrize(
    ("method", "args", "check"),
    [
        ("get_intended_measurements", ("775745",), lambda d: len(d) == 2 and d[0]["fiber_name"]),
        ("get_injection_materials", ("VT3214G",), lambda d: d[0]["tars_identifiers"]["prep_lot_number"] == "VT3214G"),
        ("get_protocols", (PROTOCOL,), lambda d: d["protocol_name"] == PROTOCOL),
        ("get_funding", (PROJECT,), lambda d: d and d[0]["object_type"] == "Funding"),
        ("get_investigators", (PROJECT,), lambda d: d and d[0]["object_type"] == "Person"),
        ("get_project_names", (), lambda d: PROJECT in d and d == sorted(d)),
        ("get_perfusions", ("775745",), lambda d: d[0]["procedures"][0]["object_type"] == "Perfusion"),
        ("get_mgi_allele", ("Ai93(TITL-GCaMP6f)",), lambda d: d[0]["registry_identifier"]),
        ("get_v1_subject", ("775745",), lambda d: d["data"]["subject_id"] == "775745"),
        ("get_v1_procedures", ("775745",), lambda d: d["data"]["subject_id"] == "775745"),
        ("get_v1_intended_measurements", ("775745",), lambda d: len(d["data"]) == 2),
        ("get_v1_injection_materials", ("VT3214G",), lambda d: d["data"]["name"]),
        ("get_v1_protocols", (PROTOCOL,), lambda d: d["data"]["protocol_name"] == PROTOCOL),
        ("get_v1_funding", (PROJECT,), lambda d: d["data"][0]["object_type"] == "Funding"),
        ("get_v1_project_names", (), lambda d: PROJECT in d["data"]),
        ("get_v1_perfusions", ("775745",), lambda d: d["data"][0]["procedures"]),
        ("get_v1_mgi_allele", ("Ai93(TITL-GCaMP6f)",), lambda d: d["data"]["registry_identifier"]),
    ],
)
def test_each_method_with_data_on_the_demo_returns_it_parsed(
    api: DefaultApi, method: str, args: tuple[str, ...], check: Callable[[Any], Any]
) -> None:
    assert check(getattr(api, method)(*args))


def test_index_returns_the_search_page(api: DefaultApi) -> None:
    assert "aind-metadata-service" in api.index()


@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("get_injection_materials", ("NO-SUCH-LOT",)),
        ("get_protocols", ("No such protocol",)),
        ("get_funding", ("No such project",)),
        ("get_investigators", ("No such project",)),
        ("get_perfusions", ("999999999",)),
        ("get_mgi_allele", ("NoSuchAllele",)),
        ("get_intended_measurements", ("999999999",)),
    ],
)
def test_each_method_for_something_unknown_raises_not_found(
    api: DefaultApi, method: str, args: tuple[str, ...]
) -> None:
    with pytest.raises(NotFoundException) as e:
        getattr(api, method)(*args)
    assert json.loads(e.value.body) == {"detail": "Not found"}


def test_one_source_down_with_nothing_cached_is_503_naming_it(api_with: Callable[..., DefaultApi]) -> None:
    with pytest.raises(ApiException) as e:
        api_with(DEMO_FAIL="sharepoint").get_procedures("775745")
    assert e.value.status == 503 and "SharePoint is unreachable (NSB 2023 list)" in json.loads(e.value.body)["detail"]


def test_get_dataverse_table_info_lists_tables_by_entity_set(api: DefaultApi) -> None:
    assert any(t["entitysetname"] == "aibs_dim_mices" for t in api.get_dataverse_table_info())


def test_get_dataverse_table_answers_rows_with_only_the_columns_asked(api: DefaultApi) -> None:
    rows = api.get_dataverse_table("aibs_dim_mices", columns="aibs_mouse_id", filter="aibs_mouse_id eq '775745'")
    assert [r["aibs_mouse_id"] for r in rows] == ["775745"]


def test_get_dataverse_table_with_a_filter_that_breaks_out_of_its_quotes_raises_bad_request(api: DefaultApi) -> None:
    with pytest.raises(BadRequestException):
        api.get_dataverse_table("aibs_dim_mices", filter="aibs_mouse_id eq '1' or '1' eq '1")


def test_get_dataverse_water_restriction_gives_the_change_log_rows(api: DefaultApi) -> None:
    rows = api.get_dataverse_water_restriction("775745")
    assert rows and rows[0]["new_value"] == "active water restriction" or rows[0]["old_value"]


def test_get_mouse_weight_records_returns_the_clients_model(api: DefaultApi) -> None:
    weights = api.get_mouse_weight_records("775745")
    assert weights and all(w.mouse_id == "775745" and w.weight for w in weights)


def test_get_dataverse_funding_gives_rows_with_the_v2_keys(api: DefaultApi) -> None:
    rows = api.get_dataverse_funding()
    assert rows and {"project_name", "grant_number", "fundees", "investigators"} <= set(rows[0])


def test_get_orcid_gives_the_id_of_a_definitive_match_and_not_found_otherwise(api: DefaultApi) -> None:
    assert api.get_orcid("Sofia Marchetti") == {"orcid": "0000-0000-0000-1012"}
    with pytest.raises(NotFoundException):
        api.get_orcid("Mei Tanaka")


def test_get_user_from_active_directory_gives_login_name_and_email(api: DefaultApi) -> None:
    found = api.get_user_from_active_directory("jane.doe")
    assert found["username"] == "jane.doe" and found["full_name"] == "Jane Doe" and "@" in found["email"]


def test_get_user_from_active_directory_for_nobody_raises_not_found(api: DefaultApi) -> None:
    with pytest.raises(NotFoundException):
        api.get_user_from_active_directory("*)(uid=*")


def test_get_instrument_answers_upstreams_400_with_the_records_and_the_fixed_header(api: DefaultApi) -> None:
    with pytest.raises(BadRequestException) as e:
        api.get_instrument(INSTRUMENT)
    assert json.loads(e.value.body)[0]["instrument_id"] == INSTRUMENT
    assert e.value.headers["X-Error-Message"] == "Models have not been validated."


def test_get_v1_instrument_answers_the_validated_record_in_the_envelope(api: DefaultApi) -> None:
    assert api.get_v1_instrument(INSTRUMENT)["data"]["instrument_id"] == INSTRUMENT


def test_post_instrument_without_a_token_is_401_and_with_it_stores_the_instrument(
    api_with: Callable[..., DefaultApi], base_url: str
) -> None:
    from aind_metadata_service_client import ApiClient, Configuration
    from aind_metadata_service_client.exceptions import UnauthorizedException

    api = api_with()
    record = api.get_v1_instrument(INSTRUMENT)["data"]
    record = {**record, "modification_date": "2026-11-30"}
    with pytest.raises(UnauthorizedException):
        api.post_instrument(record)
    host = api.api_client.configuration.host
    writer = DefaultApi(ApiClient(Configuration(host=host), "Authorization", f"Bearer {WRITE_TOKEN}"))
    assert writer.post_instrument(record) is not None
    dates = [r["modification_date"] for r in json.loads(_raised(api.get_instrument, INSTRUMENT).body)]
    assert "2026-11-30" in dates


def _raised(method: Callable[..., Any], *args: Any) -> ApiException:
    """The exception a method raises (the instrument GET raises even on success, as upstream)."""
    try:
        method(*args)
    except ApiException as e:
        return e
    raise AssertionError("no exception")
