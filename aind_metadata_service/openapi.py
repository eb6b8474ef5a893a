"""OpenAPI for the contract: each route's statuses, with the envelope around the model's JSON schema."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import Flask, request
from flask_smorest import Api, Blueprint
from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])

STATUSES = {
    200: "Valid data",
    207: "Partial answer: at least one source failed; `message` names it",
    300: "Several records where one was expected; `data` is the list",
    400: "Malformed input; `message` says what is wrong",
    404: "No source holds anything for the key",
    406: "Data found but invalid against aind-data-schema; `data` as found, `errors` lists why",
    500: "A source answered, but something else went wrong; `message` names the source",
    503: "A source is unreachable, timed out or not configured; `message` names it",
}
_MODELS: dict[str, type[BaseModel]] = {}


def _envelope(data: dict[str, Any]) -> dict[str, Any]:
    """The envelope's JSON schema around a data schema."""
    error = {
        "type": "object",
        "properties": {"loc": {"type": "array"}, "msg": {"type": "string"}, "type": {"type": "string"}},
    }
    return {
        "type": "object",
        "required": ["message", "data"],
        "properties": {"message": {"type": "string"}, "data": data, "errors": {"type": "array", "items": error}},
    }


def _data(model: type[BaseModel] | None, plural: bool) -> dict[str, Any]:
    """The schema of what a route answers on success: the model, a list of it, or anything; the model is kept."""
    if model is None:
        return {}
    _MODELS[model.__name__] = model
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"type": "array", "items": ref} if plural else ref


def answers(bp: Blueprint, model: type[BaseModel] | None, *statuses: int, plural: bool = False) -> Callable[[F], F]:
    """Document a route's statuses; `model` (or a list of it) is what `data` holds on success."""
    data = _data(model, plural)
    responses = {
        str(code): {
            "description": STATUSES[code],
            "content": {"application/json": {"schema": _envelope(data if code in (200, 207, 300, 406) else {})}},
        }
        for code in statuses
    }
    return bp.doc(responses=responses)


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema with references into the spec's components; made once per process."""
    return model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization")


def register_models(api: Api) -> None:
    """Add every documented model's JSON schema, and the models it nests, to the spec's components."""
    for name, model in _MODELS.items():
        schema = dict(_schema(model))
        for nested, definition in schema.pop("$defs", {}).items():
            if nested not in api.spec.components.schemas:
                api.spec.components.schema(nested, definition)
        if name not in api.spec.components.schemas:
            api.spec.components.schema(name, schema)


def register_models_when_asked(app: Flask, api: Api) -> None:
    """Build the models' JSON schemas on the first request for /openapi.json, not at start-up.

    They are most of what building the app costs (seconds of CPU for aind-data-schema's unions), and most
    workers never serve the description.
    """
    lock, done = threading.Lock(), threading.Event()

    @app.before_request
    def _components() -> None:
        if not done.is_set() and request.endpoint == f"{api._make_doc_blueprint_name()}.openapi_json":
            with lock:
                if not done.is_set():
                    register_models(api)
                    done.set()


_DETAIL = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
_VALIDATION = {
    "type": "object",
    "properties": {
        "detail": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string"},
                    "loc": {"type": "array"},
                    "msg": {"type": "string"},
                    "input": {},
                },
            },
        }
    },
}
V2_STATUSES = {
    200: ("Valid data, the bare model", None),
    400: ("Data that fails validation: the unvalidated body; `X-Error-Message` holds the errors", None),
    404: ('Nothing found: `{"detail": "Not found"}`', _DETAIL),
    406: ("A subject id that is not numeric", _DETAIL),
    422: ("A missing or invalid parameter, in FastAPI's shape", _VALIDATION),
    500: ("A source answered, but something else went wrong; `detail` names it", _DETAIL),
    503: ("A source is unreachable, timed out or not configured; `detail` names it", _DETAIL),
}


def answers_v2(model: type[BaseModel] | None, plural: bool = False) -> Callable[[F], F]:
    """Document a /api/v2 route: the bare model (or a list of it) on 200 and 400, `detail` failures otherwise."""
    data = _data(model, plural)
    header = {"X-Error-Message": {"description": "pydantic's errors as JSON", "schema": {"type": "string"}}}
    responses: dict[str, Any] = {}
    for code, (description, schema) in V2_STATUSES.items():
        responses[str(code)] = {"description": description, "content": {"application/json": {"schema": schema or data}}}
    responses["400"]["headers"] = header
    return Blueprint.doc(responses=responses)
