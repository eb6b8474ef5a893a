"""The ExaSPIM sheets at the HTTP boundary: an optional settings group, display values, one fetch per TTL."""

from __future__ import annotations

from typing import Any

import pytest
import responses

from aind_metadata_service.app import create_app
from aind_metadata_service.cache import Cache
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.base import NotConfigured
from aind_metadata_service.sources.smartsheet.client import (
    API_URL,
    EXASPIM_SHEETS,
    SmartsheetClient,
    SmartsheetSettings,
)
from tests.smartsheet.conftest import native_sheet
from tests.smartsheet.test_client import SETTINGS

EXASPIM = {
    "SMARTSHEET_EXASPIM_API_TOKEN": "exa-t0ken",
    "SMARTSHEET_EXASPIM_MOUSE_TRACKER_ID": "401",
    "SMARTSHEET_EXASPIM_SAMPLE_TRACKING_ID": "402",
    "SMARTSHEET_EXASPIM_IMAGING_QUEUE_ID": "403",
    "SMARTSHEET_EXASPIM_QC_ID": "404",
}
IDS = dict(zip(EXASPIM_SHEETS, (401, 402, 403, 404), strict=True))
TRACKER_TITLES = ["#", "Mouse ID", "Virus1", "Virus1 ID", "Virus1 Injection Date", "Virus1 Stock Titer (GC/mL)"]


def tracker_sheet() -> dict[str, Any]:
    """A Mouse Tracker with one row whose cells hold Smartsheet's value and display value apart."""
    sheet = native_sheet(401, TRACKER_TITLES, [{"#": 3.0, "Mouse ID": 790233.0, "Virus1": "AAV-X", "Virus1 ID": "VT1"}])
    cells = sheet["rows"][0]["cells"]
    cells[1]["displayValue"] = "790233"
    cells[4].update(value="2025-04-07", displayValue="04/07/25")
    cells[5].update(value=46000000000000.0, displayValue="4.60E+13")
    return sheet


def client() -> SmartsheetClient:
    """A client for the core sheets and the ExaSPIM ones, with a cache of its own."""
    settings = SmartsheetSettings.from_values({**SETTINGS, **EXASPIM})
    assert settings is not None
    return SmartsheetClient.from_settings(settings, Cache())


def test_no_exaspim_key_set_leaves_exaspim_unconfigured_and_the_other_sheets_working() -> None:
    settings = SmartsheetSettings.from_values(SETTINGS)
    assert settings is not None and settings.exaspim is None
    built = SmartsheetClient.from_settings(settings)
    assert not built.has("exaspim_mouse_tracker") and built.has("funding")
    with pytest.raises(NotConfigured, match="ExaSPIM"):
        built.sheet("exaspim_qc")


def test_every_exaspim_key_set_configures_the_four_sheets_with_one_token() -> None:
    settings = SmartsheetSettings.from_values({**SETTINGS, **EXASPIM})
    assert settings is not None and settings.exaspim is not None
    sheets = settings.sheets()
    assert {name: sheets[name].id for name in EXASPIM_SHEETS} == IDS
    assert {sheets[name].token.get_secret_value() for name in EXASPIM_SHEETS} == {"exa-t0ken"}


@pytest.mark.parametrize("missing", sorted(EXASPIM))
def test_an_exaspim_key_missing_stops_startup_naming_it(missing: str) -> None:
    values = {**SETTINGS, **{k: v for k, v in EXASPIM.items() if k != missing}}
    with pytest.raises(ConfigError, match=missing) as raised:
        create_app({"TESTING": True, **values})
    assert "exa-t0ken" not in str(raised.value)


def test_exaspim_keys_without_the_other_sheets_stop_startup_naming_those() -> None:
    with pytest.raises(ConfigError, match="SMARTSHEET_FUNDING_API_TOKEN"):
        SmartsheetSettings.from_values(EXASPIM)


def test_the_exaspim_keys_are_secrets_the_app_config_never_holds() -> None:
    app = create_app({"TESTING": True, **SETTINGS, **EXASPIM})
    assert not set(EXASPIM) & set(app.config)
    assert set(EXASPIM) <= set(SmartsheetSettings.keys())


@responses.activate
def test_an_exaspim_sheet_is_read_as_smartsheet_displays_it_with_the_group_token() -> None:
    responses.get(f"{API_URL}/sheets/401", json=tracker_sheet())
    rows = client().sheet("exaspim_mouse_tracker")
    assert rows[0]["Mouse ID"] == "790233"
    assert rows[0]["Virus1 Injection Date"] == "04/07/25"
    assert rows[0]["Virus1 Stock Titer (GC/mL)"] == "4.60E+13"
    assert responses.calls[0].request.headers["Authorization"] == "Bearer exa-t0ken"


@responses.activate
def test_an_exaspim_sheet_is_fetched_once_per_ttl() -> None:
    responses.get(f"{API_URL}/sheets/401", json=tracker_sheet())
    sheets = client()
    assert sheets.sheet("exaspim_mouse_tracker") == sheets.sheet("exaspim_mouse_tracker")
    assert len(responses.calls) == 1


@responses.activate
def test_an_exaspim_sheet_without_its_key_column_is_a_500_naming_the_sheet() -> None:
    responses.get(f"{API_URL}/sheets/402", json=native_sheet(402, ["Status"], [{"Status": "Imaged"}]))
    with pytest.raises(Exception, match="exaspim_sample_tracking sheet .*'Sample'") as raised:
        client().sheet("exaspim_sample_tracking")
    assert getattr(raised.value, "status", None) == 500


@responses.activate
def test_a_rejected_exaspim_token_is_a_503_naming_smartsheet() -> None:
    responses.get(f"{API_URL}/sheets/404", status=403, json={"errorCode": 1004})
    with pytest.raises(Exception, match="Smartsheet credentials rejected") as raised:
        client().sheet("exaspim_qc")
    assert getattr(raised.value, "status", None) == 503


def test_without_the_exaspim_sheets_the_raw_route_is_a_503_saying_so_and_no_sheet_is_fetched() -> None:
    app = create_app({"TESTING": True, "ANSWER_CACHE_TTL_S": 0, **SETTINGS})
    with responses.RequestsMock() as mock:  # any request to Smartsheet would fail this test
        response = app.test_client().get("/api/v2/smartsheet/exaspim_procedures/760450")
        assert not mock.calls
    assert response.status_code == 503
    assert response.json == {"detail": "ExaSPIM (Smartsheet) is not configured"}
