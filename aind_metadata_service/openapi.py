"""OpenAPI for the contract: each route's statuses, with the envelope around the model's JSON schema.

The document is valid OpenAPI 3.1: models' schemas are repaired where aind-data-schema writes a title as `type`,
each dialect has its own tags (root routes their source's, every /api/v2 route one), and it is built once per app.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from functools import cache
from http import HTTPStatus
from typing import Any, TypeVar

from flask import Response, current_app
from flask_smorest import Api, Blueprint
from pydantic import BaseModel

F = TypeVar("F", bound=Callable[..., Any])

STATUSES = {
    200: "Valid data",
    207: "Partial answer: at least one source failed; `message` names it; `data` holds the rest, as found",
    300: "Several records where one was expected; `data` is the list, as found",
    400: "Malformed input; `message` says what is wrong",
    404: "No source holds anything for the key",
    406: "Data found but invalid against aind-data-schema; `data` as found (not validated), `errors` lists why",
    500: "A source answered, but something else went wrong; `message` names the source",
    503: "A source is unreachable, timed out or not configured; `message` names it",
}
UNVALIDATED = (207, 300, 406)  # `data` is the records as found: any JSON, by design
_MODELS: dict[str, type[BaseModel]] = {}
_ERROR = {
    "type": "object",
    "properties": {"loc": {"type": "array"}, "msg": {"type": "string"}, "type": {"type": "string"}},
}
DETAIL = {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
VALIDATION = {
    "type": "object",
    "required": ["detail"],
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


def envelope(data: dict[str, Any]) -> dict[str, Any]:
    """The envelope's JSON schema around a data schema."""
    return {
        "type": "object",
        "required": ["message", "data"],
        "properties": {"message": {"type": "string"}, "data": data, "errors": {"type": "array", "items": _ERROR}},
    }


def json_response(description: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """One documented response with a JSON body."""
    return {"description": description, "content": {"application/json": {"schema": schema}}, **extra}


def _data(model: type[BaseModel] | None, plural: bool) -> dict[str, Any]:
    """The JSON schema of valid data: the model (kept for the components), a list of it, or any JSON."""
    if model is None:
        return {}
    _MODELS[model.__name__] = model
    data = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"type": "array", "items": data} if plural else data


def answers(bp: Blueprint, model: type[BaseModel] | None, *statuses: int, plural: bool = False) -> Callable[[F], F]:
    """Document a route's statuses: `data` is the model (or a list of it) on 200, as found on 207, 300 and 406,
    and null on failures."""
    valid = _data(model, plural)
    data = {code: {} if code in UNVALIDATED else {"type": "null"} for code in statuses} | {200: valid}
    responses = {str(code): json_response(STATUSES[code], envelope(data[code])) for code in statuses}
    return bp.doc(responses=responses)


V2_STATUSES = {
    200: ("Valid data, the bare model", None),
    400: ("Data that fails validation: the body as found, not validated; `X-Error-Message` holds the errors", {}),
    404: ('Nothing found: `{"detail": "Not found"}`', DETAIL),
    406: ("A subject id that is not numeric", DETAIL),
    422: ("A missing or invalid parameter, in FastAPI's shape", VALIDATION),
    500: ("A source answered, but something else went wrong; `detail` names it", DETAIL),
    503: ("A source is unreachable, timed out or not configured; `detail` names it", DETAIL),
}
_HEADER = {"X-Error-Message": {"description": "pydantic's errors as JSON", "schema": {"type": "string"}}}


def answers_v2(model: type[BaseModel] | None, plural: bool = False) -> Callable[[F], F]:
    """Document a /api/v2 route: the bare model (or a list of it) on 200, the unvalidated body on 400, and
    `{"detail"}` failures otherwise."""
    valid = _data(model, plural)
    responses = {
        str(code): json_response(text, valid if schema is None else schema)
        for code, (text, schema) in V2_STATUSES.items()
    }
    responses["400"]["headers"] = _HEADER
    return Blueprint.doc(responses=responses)


JSON_TYPES = frozenset({"array", "boolean", "integer", "null", "number", "object", "string"})
_DATA = frozenset({"default", "const", "enum", "examples", "example"})  # values, not schemas: never repaired
_NAMED = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def _valid_type(kind: Any) -> bool:
    """Whether a `type` value is a JSON Schema type or a list of them."""
    kinds = kind if isinstance(kind, list) else [kind]
    return bool(kinds) and all(isinstance(k, str) and k in JSON_TYPES for k in kinds)


def repaired(schema: Any) -> Any:
    """A JSON schema in which every `type` is a JSON Schema type.

    aind-data-schema passes a few titles to pydantic as `type=` (`FluorescentReagent.stain_type` has
    `"type": "Stain type"`), which makes the document invalid; such a value becomes the schema's title, if it
    has none, and is dropped otherwise. Defaults, constants, enums and examples are data and stay as they are.
    """
    if isinstance(schema, list):
        return [repaired(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    fixed: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DATA:
            fixed[key] = value
        elif key in _NAMED and isinstance(value, dict):
            fixed[key] = {name: repaired(sub) for name, sub in value.items()}
        else:
            fixed[key] = repaired(value)
    kind = fixed.get("type")
    if isinstance(kind, (str, list)) and not _valid_type(kind):
        del fixed["type"]
        if isinstance(kind, str):
            fixed.setdefault("title", kind)
    return fixed


@cache
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON schema with references into the spec's components, repaired; made once per process."""
    return repaired(model.model_json_schema(ref_template="#/components/schemas/{model}", mode="serialization"))


def register_models(api: Api) -> None:
    """Add every documented model's JSON schema, and the models it nests, to the spec's components."""
    for name, model in _MODELS.items():
        schema = dict(_schema(model))
        for nested, definition in schema.pop("$defs", {}).items():
            if nested not in api.spec.components.schemas:
                api.spec.components.schema(nested, definition)
        if name not in api.spec.components.schemas:
            api.spec.components.schema(name, schema)


V2_TAG = "api_v2"
# Tags as /docs shows them: a blueprint's name reads poorly as a heading.
TAG_NAMES = {
    "meta": "Service",
    "combined": "Subjects and procedures",
    "pages": "Pages",
    "health": "Health",
    "metrics": "Metrics",
    "slims": "SLIMS",
    "smartsheet": "Smartsheet",
    "tars": "TARS",
    "mgi": "MGI",
    "instruments": "Instruments",
    "active_directory": "Active Directory",
    "dataverse": "Dataverse",
    "orcid": "ORCID",
    V2_TAG: "/api/v2",
}


def _failure(v2: bool, code: int) -> dict[str, Any]:
    """A failure as the route's dialect answers it."""
    text = HTTPStatus(code).phrase
    if v2:
        return json_response(text, VALIDATION if code == 422 else DETAIL)
    return json_response(STATUSES.get(code, text), envelope({"type": "null"}))


def tidy(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every /api/v2 operation under the one v2 tag, tags named for people, unused tags dropped."""
    used: set[str] = set()
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            v2 = path.startswith("/api/v2/")
            if v2:
                operation["tags"] = [V2_TAG]
            responses = operation["responses"]
            for code, response in responses.items():  # flask-smorest's own (bad parameters): in the dialect's shape
                if "$ref" in response:
                    responses[code] = _failure(v2, int(code))
            used.update(operation.get("tags", []))
            operation["tags"] = [TAG_NAMES.get(tag, tag) for tag in operation.get("tags", [])]
    tags = [tag for tag in document.get("tags", []) if tag["name"] in used]
    document["tags"] = [{**tag, "name": TAG_NAMES.get(tag["name"], tag["name"])} for tag in tags]
    return document


class ServiceApi(Api):
    """flask-smorest's Api, serving the tidied document, built on its first request and kept for the app's life.

    The models' JSON schemas are most of what the document costs (seconds of CPU for aind-data-schema's
    unions), so they are made then too, not at start-up: most workers never serve the description.
    """

    DEFAULT_ERROR_RESPONSE_NAME = None  # flask-smorest's default error shape is neither dialect's: each route says
    _document: bytes | None = None
    _building = threading.Lock()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._undescribed: list[tuple[Blueprint, str, Any]] = []  # registered, not yet in the document
        super().__init__(*args, **kwargs)

    def register_blueprint(self, blp: Blueprint, *, parameters: Any = None, **options: Any) -> None:
        """Register the blueprint's routes now, as flask-smorest does; its views enter the document when the
        document is first built (describing them is a third of what building an app costs)."""
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undescribed.append((blp, name, parameters))

    def _describe_views(self) -> None:
        """Each registered blueprint's views and tag in the document, in the order they were registered."""
        undescribed, self._undescribed = self._undescribed, []
        for blp, name, parameters in undescribed:
            blp.register_views_in_doc(self, self._app, self.spec, name=name, parameters=parameters)
            self.spec.tag({"name": name, "description": blp.description})

    def _openapi_json(self) -> Response:
        """The OpenAPI document as JSON, built once."""
        with self._building:
            if self._document is None:
                self._describe_views()
                register_models(self)
                self._document = json.dumps(tidy(self.spec.to_dict()), separators=(",", ":")).encode()
        return current_app.response_class(self._document, mimetype="application/json")
