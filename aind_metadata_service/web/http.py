"""HTTP for clients and caches: gzip/br, ETag with 304, Cache-Control from the answer cache, CORS, version header."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_compress import Compress
from flask_cors import CORS

from aind_metadata_service import __version__

VERSION_HEADER = "X-Service-Version"
EXPOSED = ["X-Error-Message", "Warning", "X-Cache", "X-Request-ID", VERSION_HEADER, "ETag", "Age"]
NO_STORE = {"health.livez", "health.readyz", "health.healthz", "metrics.metrics"}  # always asked afresh
CACHED = ("hit", "miss")  # the answer cache's states of a fresh answer


def _cache_control(response: Response) -> str:
    """How long a client or proxy may reuse this answer.

    A fresh cached data answer: for what is left of its time in the answer cache. A stale one, a partial
    answer (207) or a failure: never reused. Anything else (the page, the OpenAPI description): revalidated
    with its ETag each time.
    """
    state = response.headers.get("X-Cache")
    if request.endpoint in NO_STORE or response.status_code == 207 or response.status_code >= 500:
        return "no-store"
    if state in CACHED:
        ttl = float(current_app.config["ANSWER_CACHE_TTL_S"])
        left = max(0, int(ttl - float(response.headers.get("Age", 0))))
        return f"max-age={left}"
    if state == "stale":
        return "no-cache"
    return "no-store" if response.status_code >= 400 else "no-cache"


def _headers(response: Response) -> Response:
    """The version header on every answer; Cache-Control, and an ETag with 304 on If-None-Match, on GETs.

    The ETag is weak and taken from the uncompressed body before flask-compress runs, so one validator serves
    every encoding and a 304 is answered before anything is compressed.
    """
    response.headers[VERSION_HEADER] = __version__
    if request.method not in ("GET", "HEAD"):
        return response
    response.headers.setdefault("Cache-Control", _cache_control(response))
    if response.status_code == 200 and not response.is_streamed and not response.direct_passthrough:
        if "ETag" not in response.headers and "no-store" not in response.headers["Cache-Control"]:
            response.add_etag(weak=True)
        response.make_conditional(request)
    return response


def init_app(app: Flask) -> None:
    """Compression, CORS for GETs on every route, then the caching headers (so they see the uncompressed body)."""
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIMETYPES", ["application/json", "text/html", "text/plain", "text/css",
                                                 "application/javascript", "text/javascript"])
    Compress(app)
    CORS(app, resources={r"/*": {"origins": "*"}}, methods=["GET", "HEAD", "OPTIONS"], expose_headers=EXPOSED,
         send_wildcard=True)  # public data: "*" rather than the echoed origin keeps answers shareable by caches
    app.after_request(_headers)  # after-hooks run last-registered first: this one sees the body before compression
