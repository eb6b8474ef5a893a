"""Routes that answer: one logic function per question, served in both dialects, its outcome cached and served stale.

A route's logic returns an `Answer` (or a ready `Outcome`); `serve` registers it on its source's blueprint (root
dialect) and, when given a v2 path, on the /api/v2 blueprint, parses its declared parameters, and keeps the judged
outcome for ANSWER_CACHE_TTL_S (a partial one for PARTIAL_CACHE_TTL_S) under a key made of the logic and those
parameters only, so both dialects and any stray query parameters share one entry. While a source it needs is
down, the last complete outcome is served stale, up to STALE_TTL_S, saying so.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar

from flask import Response, current_app
from flask_smorest import Blueprint
from marshmallow import Schema

from aind_metadata_service import contract
from aind_metadata_service.cache import MISS
from aind_metadata_service.contract import Answer, Outcome
from aind_metadata_service.openapi import answers, answers_v2
from aind_metadata_service.render import root
from aind_metadata_service.render import v2 as v2_dialect
from aind_metadata_service.sources.base import EXTENSION, SourceError

KEEP = (200, 300, 404, 406)  # complete outcomes; bad input is never kept, an answer missing a source for seconds
FAILED = (207, 500, 503)
STALE_HEADERS = {"X-Cache": "stale", "Warning": '110 - "Response is Stale"'}
Logic = Callable[..., Answer | Outcome]
L = TypeVar("L", bound=Logic)


class Renderer(Protocol):
    """Turns an outcome into a response in one dialect."""

    def __call__(self, outcome: Outcome, headers: Mapping[str, str] | None = None) -> Response: ...


def _judged(found: Answer | Outcome) -> Outcome:
    """The logic's answer, judged once."""
    return found if isinstance(found, Outcome) else contract.judge(found)


def _key(logic: Logic, params: Mapping[str, Any]) -> str:
    """The cache key: the logic and its declared, parsed parameters; nothing else of the request."""
    return f"answer:{logic.__module__}.{logic.__name__}:" + json.dumps(params, sort_keys=True, default=str)


def answer(logic: Logic, params: dict[str, Any], render: Renderer) -> Response:
    """The logic's outcome for these parameters: fresh from the cache, computed, or stale while a source is down."""
    config = current_app.config
    fresh_s, stale_s = float(config["ANSWER_CACHE_TTL_S"]), float(config["STALE_TTL_S"])
    if fresh_s <= 0:
        return render(_judged(logic(**params)))
    cache, key, now = current_app.extensions[EXTENSION].cache, _key(logic, params), time.time()
    hit = cache.get(key)
    hit = None if hit is MISS else hit
    if hit and now - hit["at"] < hit.get("fresh_s", fresh_s):
        return render(Outcome.from_json(hit["outcome"]), {"X-Cache": "hit", "Age": str(int(now - hit["at"]))})
    last = Outcome.from_json(hit["outcome"]) if hit and now - hit["at"] < stale_s else None
    usable = last is not None and last.status not in (404, *FAILED)
    try:
        outcome = _judged(logic(**params))
    except SourceError as e:
        if usable:
            return _stale(render, last, hit, e.message)  # type: ignore[arg-type]
        raise
    if outcome.status in FAILED and usable:
        return _stale(render, last, hit, outcome.message.rstrip("."))  # type: ignore[arg-type]
    if outcome.status in KEEP:
        cache.set(key, {"outcome": outcome.to_json(), "at": now}, max(fresh_s, stale_s))
    elif outcome.failed and (partial_s := min(fresh_s, float(config["PARTIAL_CACHE_TTL_S"]))) > 0:
        # An outage must not multiply load: an answer missing a source (207, or 503 when the others found
        # nothing) is reused briefly, then asked again.
        cache.set(key, {"outcome": outcome.to_json(), "at": now, "fresh_s": partial_s}, partial_s)
    return render(outcome, {"X-Cache": "miss"})


def _stale(render: Renderer, last: Outcome, hit: Mapping[str, Any], why: str) -> Response:
    """The last complete outcome, saying how old it is and why it is served."""
    age = int(time.time() - hit["at"])
    return render(root.stale(last, age, why), {**STALE_HEADERS, "Age": str(age)})


def serve(
    bp: Blueprint,
    rule: str | None,
    model: Any = None,
    *,
    v2: bool | str = True,
    args: type[Schema] | None = None,
    location: str = "path",
    plural: bool = False,
    listed: bool = False,
    partial: bool = False,
) -> Callable[[L], L]:
    """Register a route's logic in the root dialect at `rule` and in /api/v2 (at the same rule, or the one given).

    `plural` routes answer a list in both dialects; `listed` routes answer one record in the root dialect but a
    list in /api/v2, as the published client expects; `partial` routes combine sources and may answer 207.
    """
    statuses = (200, 400, 404, 500, 503, *((406,) if model else ()), *((300,) if model and not plural else ()))
    statuses += (207,) if partial else ()

    def register(logic: L) -> L:
        dialects: list[tuple[Blueprint, str, Renderer, Callable[[Any], Any]]] = []
        if rule is not None:
            dialects.append((bp, rule, root.render, answers(bp, model, *statuses, plural=plural)))
        if v2:
            path = v2 if isinstance(v2, str) else str(rule)
            dialects.append((v2_dialect.bp, path, _listed_renderer(listed), answers_v2(model, plural or listed)))
        for blueprint, path, render, doc in dialects:
            view = _view(logic, render)
            if args is not None:
                # An instance, not the class: webargs would build a schema from a class on every request.
                view = blueprint.arguments(args(), location=location, as_kwargs=True, error_status_code=400)(view)
            endpoint = logic.__name__ if blueprint is bp else f"{bp.name}_{logic.__name__}"
            blueprint.route(path, endpoint=endpoint)(doc(view))
        return logic

    return register


def _listed_renderer(listed: bool) -> Renderer:
    """The v2 renderer, answering lists for `listed` routes."""

    def render(outcome: Outcome, headers: Mapping[str, str] | None = None) -> Response:
        return v2_dialect.render(outcome, headers, listed=listed)

    return render


def _view(logic: Logic, render: Renderer) -> Callable[..., Response]:
    """A Flask view answering the logic in one dialect."""

    def view(**params: Any) -> Response:
        return answer(logic, params, render)

    view.__doc__, view.__name__ = logic.__doc__, logic.__name__
    return view
