"""Whole answers, cached briefly, and served stale (saying so) while a source they need is down."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, request

from aind_metadata_service.context import cache
from aind_metadata_service.sources.base import SourceError

KEEP = (200, 300, 404, 406)  # complete answers; 207, 4xx for input and 5xx are never kept
FAILED = (207, 500, 503)


def _replay(hit: dict[str, Any], **headers: str) -> Response:
    """A stored answer as a response: validated once when it was made, never again."""
    response = current_app.response_class(hit["body"], status=hit["status"], mimetype="application/json")
    response.headers.update({"Age": str(int(time.time() - hit["at"])), **headers})
    return response


def _stale(hit: dict[str, Any], why: str) -> Response:
    """The last complete answer, its message saying how old it is and why it is served."""
    age = int(time.time() - hit["at"])
    body = json.loads(hit["body"])
    body["message"] = f"Served from cache ({age} s old) because {why}. {body['message']}"
    stale = {**hit, "body": current_app.json.dumps(body)}
    return _replay(stale, **{"X-Cache": "stale", "Warning": '110 - "Response is Stale"'})


def cached(view: Callable[..., Response]) -> Callable[..., Response]:
    """Cache a data view's complete answers for ANSWER_CACHE_TTL_S; serve them stale up to STALE_TTL_S."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        fresh_s, stale_s = float(current_app.config["ANSWER_CACHE_TTL_S"]), float(current_app.config["STALE_TTL_S"])
        if fresh_s <= 0:
            return view(*args, **kwargs)
        key = "answer:" + request.full_path
        hit = cache().get(key)
        if hit and time.time() - hit["at"] < fresh_s:
            return _replay(hit, **{"X-Cache": "hit"})
        try:
            response = view(*args, **kwargs)
        except SourceError as e:
            if hit and hit["status"] != 404:
                return _stale(hit, e.message)
            raise
        if response.status_code in FAILED and hit and hit["status"] != 404:
            return _stale(hit, (response.get_json() or {}).get("message", "a source failed").rstrip("."))
        if response.status_code in KEEP:
            entry = {"status": response.status_code, "body": response.get_data(as_text=True), "at": time.time()}
            cache().set(key, entry, max(fresh_s, stale_s))
        response.headers["X-Cache"] = "miss"
        return response

    return wrapper
