"""The factory: testing flag, demo, unconfigured sources, partial settings, proxy, and secrets kept secret."""

from __future__ import annotations

import logging

import pytest
from werkzeug.middleware.proxy_fix import ProxyFix

from aind_metadata_service.app import create_app
from aind_metadata_service.cli import main
from aind_metadata_service.settings import ConfigError
from aind_metadata_service.sources.labtracks.client import LabTracksSettings

SECRET = "s3cr3t-Pa55;word}"
LABTRACKS = {
    "LABTRACKS_SERVER": "labtracks.test",
    "LABTRACKS_DATABASE": "LabTracks",
    "LABTRACKS_USER": "reader",
    "LABTRACKS_PASSWORD": SECRET,
}


def test_factory_is_not_testing_unless_told() -> None:
    assert not create_app().testing
    assert create_app({"TESTING": True}).testing


def test_a_source_without_settings_answers_503_naming_it() -> None:
    response = create_app({"TESTING": True}).test_client().get("/subject/775745")
    assert response.status_code == 503
    assert response.json == {"message": "LabTracks is not configured", "data": None}


def test_a_partly_configured_source_stops_startup_naming_the_missing_key() -> None:
    partial = {k: v for k, v in LABTRACKS.items() if k != "LABTRACKS_USER"}
    with pytest.raises(ConfigError, match="LabTracks is partly configured: LABTRACKS_USER missing") as e:
        create_app(partial)
    assert SECRET not in str(e.value)


def test_an_unparsable_setting_stops_startup_without_echoing_the_value() -> None:
    with pytest.raises(ConfigError, match="LABTRACKS_PORT is invalid") as e:
        create_app({**LABTRACKS, "LABTRACKS_PORT": "not-a-port-" + SECRET})
    assert SECRET not in str(e.value)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in LABTRACKS.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AIND_DEMO_LATENCY_MS", "7")
    app = create_app()
    assert app.extensions["aind_metadata_service"].clients["labtracks"] is not None
    assert app.config["DEMO_LATENCY_MS"] == 7  # typed on arrival


def test_the_password_never_appears_in_reprs_config_logs_or_answers(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = LabTracksSettings.model_validate(LABTRACKS)
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    app = create_app({"TESTING": True, **LABTRACKS, "LABTRACKS_ODBC_DRIVER": "No Such Driver"})
    assert SECRET not in repr(app.config)
    response = app.test_client().get("/subject/775745")
    assert response.status_code in (500, 503)
    assert "LabTracks" in response.json["message"]
    assert SECRET not in response.get_data(as_text=True)
    assert SECRET not in caplog.text


def test_the_connection_string_braces_values_so_a_password_cannot_add_keys() -> None:
    settings = LabTracksSettings.model_validate({**LABTRACKS, "LABTRACKS_PASSWORD": "a;Driver={x}"})
    assert "PWD={a;Driver={x}}};" in settings.connection_string()
    assert settings.connection_string().startswith("Driver={FreeTDS};Server=labtracks.test;Port=1433;")


def test_proxy_headers_are_trusted_only_when_behind_a_proxy() -> None:
    assert not isinstance(create_app({"TESTING": True}).wsgi_app, ProxyFix)
    assert isinstance(create_app({"TESTING": True, "BEHIND_PROXY": "true"}).wsgi_app, ProxyFix)


def test_serve_refuses_to_start_with_a_partial_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABTRACKS_SERVER", "labtracks.test")
    with pytest.raises(SystemExit) as e:
        main(["serve", "--port", "5999"])
    assert "cannot start: LabTracks is partly configured" in str(e.value.code)


def test_a_misspelt_demo_fail_name_stops_startup_naming_it_and_the_sources() -> None:
    with pytest.raises(ConfigError, match=r"AIND_DEMO_FAIL names no source: sharepiont \(sources: labtracks, "):
        create_app({"DEMO": True, "DEMO_FAIL": "labtracks,SharePiont"})


def test_a_setting_that_does_not_parse_stops_startup_naming_it_not_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIND_ANSWER_CACHE_TTL_S", "half-a-minute")
    with pytest.raises(ConfigError, match="setting AIND_ANSWER_CACHE_TTL_S is invalid") as e:
        create_app({"DEMO": True})
    assert "half-a-minute" not in str(e.value)


def test_the_demo_switches_arrive_typed_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIND_DEMO", "yes")
    monkeypatch.setenv("AIND_DEMO_FAIL", " TARS , mgi ")
    monkeypatch.setenv("REDIS_URL", "")
    app = create_app()
    assert app.config["DEMO"] is True and app.config["DEMO_FAIL"] == frozenset({"tars", "mgi"})
    assert app.test_client().get("/tars_injection_materials/VT3214G").status_code == 503


def test_settings_with_other_names_are_taken_from_the_mapping_typed() -> None:
    app = create_app({"DEMO": True, "REQUEST_DEADLINE_S": "12", "BEHIND_PROXY": "true", "REDIS_URL": ""})
    assert app.config["REQUEST_DEADLINE_S"] == 12.0 and app.config["BEHIND_PROXY"] is True
    assert isinstance(app.wsgi_app, ProxyFix)
