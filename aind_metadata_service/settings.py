"""Settings: code defaults, then the environment, then AWS Parameter Store, then the factory's mapping."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

# Service-wide settings with their code defaults. Source settings live beside each source's client.
DEFAULTS: dict[str, Any] = {
    "DEMO": False,
    "DEMO_DATA": None,  # a directory of source-native demo files; None means the bundled one
    "DEMO_LATENCY_MS": 0,  # added to every demo source call
    "DEMO_FAIL": "",  # comma-separated source names the demo makes unreachable
    "BEHIND_PROXY": False,  # apply ProxyFix for nginx's X-Forwarded-For/-Proto
    "FANOUT_WORKERS": 32,  # threads shared by every concurrent source call in a process
    "SOURCE_DEADLINE_S": 30,  # a backstop over each source's own timeout in combined routes
    "REDIS_URL": None,  # shares the cache across gunicorn workers and hosts when set
    "ANSWER_CACHE_TTL_S": 30,  # how long a whole answer is reused
    "STALE_TTL_S": 3600,  # how long an answer may be served stale while its source is down
}

# Environment variables read for the service-wide settings (the source keys are read by their settings).
ENV_PREFIX = "AIND_"
ENV_NAMES = {"AWS_PARAM_STORE_NAME", "REDIS_URL", "BEHIND_PROXY"}


class ConfigError(RuntimeError):
    """Startup cannot go on; the message is one line naming the parameter or key, never a value."""


S = TypeVar("S", bound="SourceSettings")


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


def _flag(value: Any) -> Any:
    """A boolean from an environment string; other values pass through."""
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on", "0", "false", "no", "off", ""}:
        return value.lower() in {"1", "true", "yes", "on"}
    return value


def load_values(config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting and source key, merged: defaults < environment < Parameter Store < mapping."""
    environ = os.environ if environ is None else environ
    config = dict(config or {})
    values: dict[str, Any] = dict(DEFAULTS)
    values.update(environ)
    for key in DEFAULTS:
        for name in (ENV_PREFIX + key, key if key in ENV_NAMES else None):
            if name and name in environ:
                values[key] = environ[name]
    demo = _flag(config.get("DEMO", values["DEMO"]))
    store = config.get("AWS_PARAM_STORE_NAME", environ.get("AWS_PARAM_STORE_NAME"))
    if store and not demo:  # the demo needs no credentials, so it never reads them
        values.update(read_parameter_store(store))
    values.update(config)
    for key in ("DEMO", "BEHIND_PROXY"):
        values[key] = _flag(values[key])
    return values
