"""Prometheus /metrics: requests by route and status, source calls by source and outcome, the answer cache."""

from __future__ import annotations

import os
import time

from flask import Flask, Response, g, request
from flask_smorest import Blueprint
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from aind_metadata_service import calls

# prometheus_client picks its mode once, when first imported; /metrics reads the values the way they are written.
MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

bp = Blueprint("metrics", __name__, description="Prometheus metrics of this service")

# Seconds; the demo's and the sources' usual latencies fall between 5 ms and 30 s.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUESTS = Counter(
    "aind_http_requests", "Requests answered, by route (URL rule) and status", ["method", "route", "status"]
)
LATENCY = Histogram(
    "aind_http_request_duration_seconds", "Time to answer a request, by route (URL rule)", ["method", "route"],
    buckets=BUCKETS,
)
SOURCE_CALLS = Histogram(
    "aind_source_call_duration_seconds", "Time of each source call in a fan-out, by source and outcome",
    ["source", "outcome"], buckets=BUCKETS,
)
ANSWER_CACHE = Counter("aind_answer_cache", "Data answers by the answer cache's state: hit, miss or stale", ["result"])
SOURCE_UP = Gauge(
    "aind_source_up", "1 when the source answered its last background check, else 0", ["source"],
    multiprocess_mode="livemin",
)


def _observe_call(call: calls.SourceCall) -> None:
    """Count one source call."""
    SOURCE_CALLS.labels(source=call.source, outcome=call.outcome).observe(call.duration_ms / 1000)


def _count(response: Response) -> Response:
    """Count the answered request under its URL rule (never the raw path, which would grow without bound)."""
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    REQUESTS.labels(method=request.method, route=route, status=str(response.status_code)).inc()
    started = g.get("request_start", time.perf_counter())  # set by logs' first hook
    LATENCY.labels(method=request.method, route=route).observe(time.perf_counter() - started)
    cache = response.headers.get("X-Cache")
    if cache in ("hit", "miss", "stale"):
        ANSWER_CACHE.labels(result=cache).inc()
    return response


TEXT = {"type": "string"}


@bp.route("/metrics")
@bp.doc(
    summary="Prometheus metrics, summed over every worker process under gunicorn",
    responses={"200": {"description": "Prometheus' text format", "content": {"text/plain": {"schema": TEXT}}}},
)
def metrics() -> Response:
    """Metrics in Prometheus' text format; across workers when PROMETHEUS_MULTIPROC_DIR is set."""
    registry = REGISTRY
    if MULTIPROCESS:
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    """Register the hooks that count requests (timed from logs' start of the request) and source calls."""
    app.after_request(_count)
    if _observe_call not in calls.LISTENERS:
        calls.LISTENERS.append(_observe_call)
