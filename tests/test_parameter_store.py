"""AWS Parameter Store: one SecureString JSON parameter read once at startup (against moto's SSM)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import boto3
import pytest
from moto import mock_aws

from aind_metadata_service.app import create_app
from aind_metadata_service.settings import ConfigError

NAME = "/aind/metadata-service/prod"
SECRET = "hunter2-from-ssm"


@pytest.fixture
def ssm(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A moto SSM in us-west-2 with fake credentials."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-west-2")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        yield boto3.client("ssm", region_name="us-west-2")


def _put(ssm: object, value: str) -> None:
    ssm.put_parameter(Name=NAME, Value=value, Type="SecureString")  # type: ignore[attr-defined]


def test_settings_in_the_parameter_configure_the_sources(ssm: object, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = {
        "LABTRACKS_SERVER": "labtracks.test",
        "LABTRACKS_DATABASE": "LabTracks",
        "LABTRACKS_USER": "reader",
        "LABTRACKS_PASSWORD": SECRET,
    }
    _put(ssm, json.dumps(keys))
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", NAME)
    app = create_app({"TESTING": True})
    assert app.extensions["aind_metadata_service"].clients["labtracks"] is not None
    assert SECRET not in repr(app.config)


def test_service_settings_in_the_parameter_arrive_typed_and_the_environment_yields_to_them(
    ssm: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    _put(ssm, json.dumps({"AIND_ANSWER_CACHE_TTL_S": "12.5", "REDIS_URL": ""}))
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", NAME)
    monkeypatch.setenv("AIND_ANSWER_CACHE_TTL_S", "99")
    monkeypatch.setenv("AIND_STALE_TTL_S", "60")
    app = create_app({"TESTING": True})
    assert app.config["ANSWER_CACHE_TTL_S"] == 12.5 and app.config["STALE_TTL_S"] == 60.0


def test_a_missing_parameter_stops_startup_naming_it(ssm: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", "/aind/nope")
    with pytest.raises(ConfigError, match="parameter '/aind/nope' does not exist"):
        create_app()


@pytest.mark.parametrize("value", ["not json", '["a list"]', '"a string"'])
def test_a_parameter_that_is_not_a_json_object_stops_startup(
    ssm: object, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    _put(ssm, value)
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", NAME)
    with pytest.raises(ConfigError, match=f"parameter '{NAME}' does not hold a JSON object"):
        create_app()


def test_a_parameter_with_some_keys_of_a_source_stops_startup(ssm: object, monkeypatch: pytest.MonkeyPatch) -> None:
    _put(ssm, json.dumps({"LABTRACKS_SERVER": "labtracks.test", "LABTRACKS_PASSWORD": SECRET}))
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", NAME)
    with pytest.raises(ConfigError) as e:
        create_app()
    assert "LABTRACKS_DATABASE" in str(e.value) and SECRET not in str(e.value)


def test_the_demo_never_reads_the_parameter_store(ssm: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", "/aind/nope")
    assert create_app({"DEMO": True}).test_client().get("/subject/775745").status_code == 200


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "no AWS region: set AWS_DEFAULT_REGION or AWS_PROFILE"),
        ({"AWS_DEFAULT_REGION": "us-west-2"}, "no AWS credentials: set AWS_PROFILE or mount ~/.aws"),
    ],
)
def test_a_machine_without_aws_setup_gets_one_line_saying_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, env: dict[str, str], says: str
) -> None:
    for key in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.setenv(key, "/nonexistent/aws")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_PARAM_STORE_NAME", NAME)
    with pytest.raises(ConfigError) as e:
        create_app()
    assert str(e.value) == f"AWS Parameter Store parameter '{NAME}' could not be read ({says})"
