"""The application factory: settings, source clients, blueprints and error handlers, built once per process."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Collection, Mapping
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask_smorest import Blueprint

from aind_metadata_service import __version__
from aind_metadata_service.blueprints import combined, meta
from aind_metadata_service.breakers import Breakers
from aind_metadata_service.cache import Cache
from aind_metadata_service.docs_assets import OPENAPI_PAGES
from aind_metadata_service.docs_assets import bp as docs_assets
from aind_metadata_service.errors import register_error_handlers
from aind_metadata_service.extension import Services
from aind_metadata_service.fanout import Fanout
from aind_metadata_service.openapi import ServiceApi
from aind_metadata_service.pages import blueprint as pages
from aind_metadata_service.registry import SOURCES
from aind_metadata_service.render import v2
from aind_metadata_service.settings import ConfigError, ServiceSettings, load
from aind_metadata_service.web import health, http, logs, metrics

if TYPE_CHECKING:
    from aind_metadata_service.demo.transport import Demo

log = logging.getLogger(__name__)

DEMO_DATA = Path(__file__).parent / "demo" / "data"

OPENAPI = {
    "API_TITLE": "aind-metadata-service",
    "API_VERSION": __version__,
    "OPENAPI_VERSION": "3.1.0",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    **OPENAPI_PAGES,
}


def _demo(settings: ServiceSettings) -> Demo:
    """The demo's switches from the settings (imported only when the demo is on).

    :raises ConfigError: when AIND_DEMO_FAIL names a source the service does not have.
    """
    from aind_metadata_service.demo.transport import Demo

    _known("AIND_DEMO_FAIL", settings.demo_fail)
    per_request = settings.demo_charge == "request"
    return Demo(settings.demo_data or DEMO_DATA, settings.demo_latency_ms, settings.demo_fail, per_request)


def _known(key: str, names: Collection[str]) -> None:
    """Stop startup when a setting names a source the service does not have."""
    unknown = sorted(set(names) - {source.name for source in SOURCES})
    if unknown:
        known = ", ".join(source.name for source in SOURCES)
        raise ConfigError(f"{key} names no source: {', '.join(unknown)} (sources: {known})")


def _clients(values: Mapping[str, Any], demo: Demo | None, cache: Cache) -> dict[str, Any]:
    """Each source's client: on the demo, from its settings, or None when it is not configured."""
    clients: dict[str, Any] = {}
    for source in SOURCES:
        if demo is not None:  # the demo plugs in at the transport; production code never imports it
            clients[source.name] = import_module(f"{source.package}.demo").demo_client(demo, cache)
            continue
        settings = source.settings.from_values(values)
        clients[source.name] = source.build(settings, cache) if settings is not None else None
        if settings is None:
            log.warning("%s is not configured; its routes answer 503", source.title)
    return clients


def _blueprints() -> list[Blueprint]:
    """The service's own routes, the routes that combine sources, each source's, the /api/v2 dialect, then health
    and metrics."""
    found = [meta.bp, combined.bp, pages.bp]
    for source in SOURCES:
        if find_spec(f"{source.package}.blueprint") is not None:
            found.append(import_module(f"{source.package}.blueprint").bp)
    return [*found, v2.bp, health.bp, metrics.bp]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the service. Settings: code defaults, environment, Parameter Store, then `config`.

    :raises ConfigError: when the Parameter Store parameter or a source's settings are unusable.
    """
    # aind-data-schema warns on valid input (deprecated axes and fields); the warnings say nothing to users.
    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"aind_data_schema.*")
    settings, values = load(config)
    secret_keys = {key for source in SOURCES for key in source.settings.keys()}
    app = Flask(__name__)
    app.config.update(OPENAPI)
    app.config.update(settings.flask_config())
    typed = {name.upper() for name in ServiceSettings.model_fields}  # already in, parsed: never the raw value again
    app.config.update({k: v for k, v in (config or {}).items() if k not in secret_keys and k not in typed})
    app.json.sort_keys = False  # type: ignore[attr-defined]
    _known("AIND_SOURCE_CONCURRENCY", settings.source_concurrency)
    _known("AIND_REQUIRED_SOURCES", settings.required_sources)
    demo = _demo(settings) if settings.demo else None
    cache = Cache(settings.redis_url, settings.cache_dir)
    Services(
        clients=_clients(values, demo, cache),
        titles={source.name: source.title for source in SOURCES},
        fanout=Fanout(settings.fanout_workers, settings.source_concurrency),
        cache=cache,
        demo=demo,
        breakers=Breakers(settings.breaker_failures, settings.breaker_cooldown_s),
    ).init_app(app)
    api = ServiceApi(app)
    for bp in _blueprints():
        api.register_blueprint(bp)
    app.register_blueprint(docs_assets)
    register_error_handlers(app)
    for part in (logs, metrics, health, http):  # in this order: the request's log line is written last
        part.init_app(app)
    if settings.behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    return app
