"""Settings on pydantic-settings: code defaults, the environment, AWS Parameter Store, then the factory's mapping."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict


class ConfigError(RuntimeError):
    """Startup cannot go on; the message is one line naming the parameter or key, never a value."""


S = TypeVar("S", bound="SourceSettings")


# A base URL as settings give it: blanks and a trailing '/' dropped, so paths join cleanly.
BaseUrl = Annotated[str, AfterValidator(lambda value: value.strip().rstrip("/"))]


class SourceSettings(BaseModel):
    """One source's settings, each field aliased to the original service's key."""

    model_config = ConfigDict(extra="ignore", frozen=True, hide_input_in_errors=True)
    title: ClassVar[str] = "source"

    @classmethod
    def keys(cls) -> list[str]:
        """Every key this source reads."""
        return [f.alias or n for n, f in cls.model_fields.items()]

    @classmethod
    def required_keys(cls) -> list[str]:
        """The keys without which the source cannot work."""
        return [f.alias or n for n, f in cls.model_fields.items() if f.is_required()]

    @classmethod
    def from_values(cls: type[S], values: Mapping[str, Any]) -> S | None:
        """Settings from the merged values; None when it has required keys and none of them is set.

        :raises ConfigError: when only some required keys are set, or a value does not parse.
        """
        present = {k: values[k] for k in cls.keys() if values.get(k) not in (None, "")}
        required = cls.required_keys()
        if required and not any(k in present for k in required):
            return None  # a source without required keys (a public one, like MGI) is always configured
        missing = [k for k in required if k not in present]
        if missing:
            raise ConfigError(f"{cls.title} is partly configured: {', '.join(missing)} missing")
        try:
            return cls.model_validate(present)
        except ValidationError as e:
            err = e.errors(include_input=False, include_url=False)[0]
            raise ConfigError(f"{cls.title} setting {err['loc'][0]} is invalid: {err['msg']}") from None


# What to do about boto's failures that come from this machine's AWS setup rather than from AWS.
AWS_HINTS = {
    "NoRegionError": "no AWS region: set AWS_DEFAULT_REGION or AWS_PROFILE",
    "NoCredentialsError": "no AWS credentials: set AWS_PROFILE or mount ~/.aws",
    "EndpointConnectionError": "AWS is unreachable from this machine",
}


def _aws_code(e: Any) -> str:
    """AWS's error code (AccessDeniedException, ...), never its message, which may quote the request."""
    return str(e.response.get("Error", {}).get("Code", type(e).__name__))


def read_parameter_store(name: str) -> dict[str, Any]:
    """The JSON object held in one SecureString parameter, read once with decryption.

    :raises ConfigError: when the parameter is missing, unreadable or not a JSON object.
    """
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        ssm = boto3.client("ssm", config=Config(connect_timeout=5, read_timeout=10, retries={"max_attempts": 3}))
        raw = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"]
    except ClientError as e:
        if _aws_code(e) == "ParameterNotFound":
            raise ConfigError(f"AWS Parameter Store parameter {name!r} does not exist") from None
        raise ConfigError(f"AWS Parameter Store parameter {name!r} could not be read ({_aws_code(e)})") from None
    except BotoCoreError as e:
        hint = AWS_HINTS.get(type(e).__name__, type(e).__name__)
        raise ConfigError(f"AWS Parameter Store parameter {name!r} could not be read ({hint})") from None
    try:
        values = json.loads(raw)
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise ConfigError(f"AWS Parameter Store parameter {name!r} does not hold a JSON object")
    return values


class ServiceSettings(BaseSettings):
    """The service's own settings, typed: `AIND_<NAME>` in the environment, the Parameter Store or the mapping."""

    model_config = SettingsConfigDict(
        env_prefix="AIND_", extra="ignore", frozen=True, hide_input_in_errors=True, populate_by_name=True
    )

    demo: bool = False
    demo_data: Path | None = None  # a directory of source-native demo files; None means the bundled one
    demo_latency_ms: int = Field(0, ge=0)  # added to every demo source call
    demo_fail: Annotated[frozenset[str], NoDecode] = frozenset()  # source names the demo makes unreachable
    behind_proxy: bool = Field(False, validation_alias=AliasChoices("AIND_BEHIND_PROXY", "BEHIND_PROXY"))
    demo_charge: Literal["call", "request"] = "call"  # the latency once per source call, or on every request
    fanout_workers: int = Field(32, gt=0)  # a process's concurrent calls to one source (its bulkhead), by default
    source_concurrency: Annotated[dict[str, int], NoDecode] = {}  # "labtracks=8,sharepoint=48": per source
    # One deadline per request, every route: below gunicorn's timeout (60 s) and nginx's proxy_read_timeout.
    request_deadline_s: float = Field(
        30.0, gt=0, validation_alias=AliasChoices("AIND_REQUEST_DEADLINE_S", "AIND_SOURCE_DEADLINE_S")
    )
    breaker_failures: int = Field(5, gt=0)  # failures in a row that open a source's circuit breaker
    breaker_cooldown_s: float = Field(30.0, ge=0)  # how long an open breaker skips its source before a probe
    partial_cache_ttl_s: float = Field(5.0, ge=0)  # how long an answer missing a source (207, 503) is reused
    redis_url: str | None = Field(None, validation_alias=AliasChoices("AIND_REDIS_URL", "REDIS_URL"))
    cache_dir: Path | None = None  # the embedded cache gunicorn's workers share; None: one of this app's own
    answer_cache_ttl_s: float = 30.0  # how long a whole answer is reused
    stale_ttl_s: float = 3600.0  # how long an answer may be served stale while its source is down
    aws_param_store_name: str | None = Field(None, validation_alias=AliasChoices("AWS_PARAM_STORE_NAME"))
    required_sources: Annotated[frozenset[str], NoDecode] = frozenset()  # failing any of them: /readyz is 503
    health_interval_s: float = Field(15.0, gt=0)  # how often each process pings every source in the background
    health_timeout_s: float = Field(3.0, gt=0)  # how long a background ping may take before its source is failing
    log_format: str = ""  # json or text; empty: text on a terminal, json otherwise
    log_level: str = "INFO"

    @field_validator("demo_fail", "required_sources", mode="before")
    @classmethod
    def _names(cls, value: Any) -> Any:
        """ "labtracks, SharePoint" as a set of lower-case source names."""
        if isinstance(value, str):
            return frozenset(s.strip().lower() for s in value.split(",") if s.strip())
        return value

    @field_validator("source_concurrency", mode="before")
    @classmethod
    def _limits(cls, value: Any) -> Any:
        """ "labtracks=8, sharepoint=48" as {"labtracks": 8, "sharepoint": 48}."""
        if isinstance(value, str):
            pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
            if any(len(p) != 2 for p in pairs):
                raise ValueError("expected name=number pairs separated by commas")
            return {k.strip().lower(): v.strip() for k, v in pairs}
        return value

    @field_validator("source_concurrency", mode="after")
    @classmethod
    def _positive(cls, value: dict[str, int]) -> dict[str, int]:
        """Each limit at least 1."""
        if any(n < 1 for n in value.values()):
            raise ValueError("each limit must be at least 1")
        return value

    def flask_config(self) -> dict[str, Any]:
        """The settings as Flask config keys (DEMO, ANSWER_CACHE_TTL_S, ...)."""
        return {name.upper(): getattr(self, name) for name in type(self).model_fields}


class ParameterStoreSource(PydanticBaseSettingsSource):
    """The service's settings held in the Parameter Store JSON, under the same names as in the environment."""

    def __init__(self, settings_cls: type[BaseSettings], values: Mapping[str, Any]) -> None:
        super().__init__(settings_cls)
        self.values = values

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """The field's value under its environment name or aliases, if the parameter holds it."""
        for key in _names(field_name, field):
            if key in self.values:
                return self.values[key], field_name, False
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        """Every service setting the parameter holds."""
        found = {}
        for name, field in self.settings_cls.model_fields.items():
            value, _, _ = self.get_field_value(field, name)
            if value is not None:
                found[name] = value
        return found


def _names(field_name: str, field: FieldInfo) -> list[str]:
    """The keys a setting goes by: its aliases, or AIND_<NAME>."""
    alias = field.validation_alias
    return [str(c) for c in alias.choices] if isinstance(alias, AliasChoices) else [f"AIND_{field_name.upper()}"]


def _with_store(values: Mapping[str, Any]) -> type[ServiceSettings]:
    """ServiceSettings whose sources are, by priority: the factory's mapping, the Parameter Store, the environment."""

    class Loaded(ServiceSettings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return init_settings, ParameterStoreSource(settings_cls, values), env_settings

    return Loaded


def _service(config: Mapping[str, Any], store: Mapping[str, Any]) -> ServiceSettings:
    """The typed service settings.

    :raises ConfigError: naming the setting that does not parse, never its value.
    """
    init = {name: config[name.upper()] for name in ServiceSettings.model_fields if name.upper() in config}
    try:
        return _with_store(store)(**init)
    except ValidationError as e:
        err = e.errors(include_input=False, include_url=False)[0]
        raise ConfigError(f"setting AIND_{str(err['loc'][0]).upper()} is invalid: {err['msg']}") from None


def load(
    config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> tuple[ServiceSettings, dict[str, Any]]:
    """The service's settings, and every source key merged: environment < Parameter Store < mapping.

    The Parameter Store is read once, and never for the demo, which needs no credentials.
    :raises ConfigError: when the parameter cannot be read or a setting does not parse.
    """
    environ = os.environ if environ is None else environ
    config = dict(config or {})
    first = _service(config, {})
    if not first.aws_param_store_name or first.demo:
        return first, {**environ, **config}
    store = read_parameter_store(first.aws_param_store_name)
    return _service(config, store), {**environ, **store, **config}
