"""The application factory: settings, source clients, blueprints and error handlers, built once per process."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_smorest import Api

from aind_metadata_service import __version__
from aind_metadata_service.blueprints import BLUEPRINTS
from aind_metadata_service.cache import Cache
from aind_metadata_service.clients import labtracks, mgi, sharepoint, slims, smartsheet, tars
from aind_metadata_service.context import EXTENSION
from aind_metadata_service.demo.transport import Demo
from aind_metadata_service.errors import register_error_handlers
from aind_metadata_service.fanout import Fanout
from aind_metadata_service.openapi import register_models
from aind_metadata_service.settings import DEFAULTS, load_values
from aind_metadata_service.sources.base import SourceSpec

log = logging.getLogger(__name__)

# Every source the service reads, in the order /healthz lists them.
SOURCES: list[SourceSpec] = [labtracks.SPEC, sharepoint.SPEC, slims.SPEC, smartsheet.SPEC, tars.SPEC, mgi.SPEC]

DEMO_DATA = Path(__file__).parent / "demo" / "data"

OPENAPI = {
    "API_TITLE": "aind-metadata-service",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/",
}


def _demo(values: Mapping[str, Any]) -> Demo:
    """The demo's switches from the settings."""
    failing = {s.strip().lower() for s in str(values["DEMO_FAIL"] or "").split(",") if s.strip()}
    return Demo(
        data_dir=Path(values["DEMO_DATA"] or DEMO_DATA),
        latency_ms=int(values["DEMO_LATENCY_MS"] or 0),
        failing=frozenset(failing),
    )


def _clients(values: Mapping[str, Any], demo: Demo | None, cache: Cache) -> dict[str, Any]:
    """Each source's client: on the demo, from its settings, or None when it is not configured."""
    clients: dict[str, Any] = {}
    for spec in SOURCES:
        shared = {"cache": cache} if spec.cached else {}
        if demo is not None:
            clients[spec.name] = spec.demo(demo, **shared)
            continue
        settings = spec.settings.from_values(values)  # type: ignore[attr-defined]
        clients[spec.name] = spec.build(settings, **shared) if settings is not None else None
        if settings is None:
            log.warning("%s is not configured; its routes answer 503", spec.title)
    return clients


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the service. Settings: code defaults, environment, Parameter Store, then `config`.

    :raises ConfigError: when the Parameter Store parameter or a source's settings are unusable.
    """
    # aind-data-schema warns on valid input (deprecated axes and fields); the warnings say nothing to users.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"aind_data_schema.*")
    values = load_values(config)
    secret_keys = {key for spec in SOURCES for key in spec.settings.keys()}  # type: ignore[attr-defined]
    app = Flask(__name__)
    app.config.update(OPENAPI)
    app.config.update({k: values[k] for k in DEFAULTS})
    app.config.update({k: v for k, v in (config or {}).items() if k not in secret_keys})
    app.json.sort_keys = False  # type: ignore[attr-defined]
    demo = _demo(values) if app.config["DEMO"] else None
    cache = Cache(values["REDIS_URL"])
    app.extensions[EXTENSION] = {
        "clients": _clients(values, demo, cache),
        "titles": {spec.name: spec.title for spec in SOURCES},
        "fanout": Fanout(int(values["FANOUT_WORKERS"])),
        "cache": cache,
        "demo": demo,
    }
    api = Api(app)
    for bp in BLUEPRINTS:
        api.register_blueprint(bp)
    register_models(api)
    register_error_handlers(app)
    if app.config["BEHIND_PROXY"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    return app
