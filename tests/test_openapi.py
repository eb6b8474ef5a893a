"""The OpenAPI document: valid OpenAPI 3.1, both dialects under their own tags, models' schemas repaired."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from openapi_spec_validator import validate

from aind_metadata_service.openapi import TAG_NAMES, V2_TAG, repaired


@pytest.fixture(scope="module")
def document(app: Flask) -> dict[str, Any]:
    """The app's /openapi.json."""
    return app.test_client().get("/openapi.json").json


def _operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, op) for path, ops in document["paths"].items() for op in ops.values() if "responses" in op]


def test_the_document_is_valid_openapi_3_1(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)  # raises on the first violation


def test_the_stain_type_aind_data_schema_mistypes_is_documented_with_a_title(document: dict[str, Any]) -> None:
    stain_type = document["components"]["schemas"]["FluorescentReagent"]["properties"]["stain_type"]
    assert stain_type == {"$ref": "#/components/schemas/StainType", "title": "Stain type"}


def test_every_api_v2_operation_is_under_the_one_v2_tag_and_no_root_operation_is(document: dict[str, Any]) -> None:
    v2 = TAG_NAMES[V2_TAG]
    for path, operation in _operations(document):
        assert (operation["tags"] == [v2]) == path.startswith("/api/v2/"), path
    assert document["paths"]["/subject/{subject_id}"]["get"]["tags"] == ["Subjects and procedures"]
    assert document["paths"]["/api/v2/active_directory/{username}"]["get"]["tags"] == [v2]


def test_every_listed_tag_has_operations_and_reads_as_words(document: dict[str, Any]) -> None:
    used = {tag for _, operation in _operations(document) for tag in operation["tags"]}
    listed = [tag["name"] for tag in document["tags"]]
    assert set(listed) == used
    assert "api_v2" not in listed and "combined" not in listed


def test_failures_are_documented_in_each_dialect_shape_not_flask_smorest_default(document: dict[str, Any]) -> None:
    root = document["paths"]["/subject/{subject_id}"]["get"]["responses"]
    v2 = document["paths"]["/api/v2/active_directory/{username}"]["get"]["responses"]
    assert "default" not in root and "default" not in v2
    assert root["400"]["content"]["application/json"]["schema"]["properties"]["data"] == {"type": "null"}
    assert v2["422"]["content"]["application/json"]["schema"]["properties"]["detail"]["type"] == "array"


def test_invalid_and_partial_data_is_documented_as_any_json_and_valid_data_as_the_model(
    document: dict[str, Any],
) -> None:
    responses = document["paths"]["/subject/{subject_id}"]["get"]["responses"]
    data = {code: responses[code]["content"]["application/json"]["schema"]["properties"]["data"] for code in responses}
    assert data["200"] == {"$ref": "#/components/schemas/Subject"}
    assert data["406"] == data["207"] == data["300"] == {}
    v2 = document["paths"]["/api/v2/subject/{subject_id}"]["get"]["responses"]["400"]
    assert v2["content"]["application/json"]["schema"] == {} and "X-Error-Message" in v2["headers"]


def test_a_subject_id_is_documented_with_the_digits_it_must_be(document: dict[str, Any]) -> None:
    for path in ("/subject/{subject_id}", "/api/v2/procedures/{subject_id}", "/subjects/{subject_id}"):
        parameters = document["paths"][path]["get"].get("parameters") or document["paths"][path]["parameters"]
        assert parameters[0]["schema"]["pattern"] == "^[0-9]{1,18}$", path


def test_a_type_that_is_no_json_type_becomes_the_title_and_data_is_left_alone() -> None:
    schema = {
        "properties": {
            "type": {"type": "string", "default": {"type": "Not a schema"}},
            "kind": {"type": "Kind of thing"},
            "both": {"type": "Ignored", "title": "Both"},
            "many": {"type": ["string", "null"]},
        },
        "enum": [{"type": "data"}],
    }
    assert repaired(schema) == {
        "properties": {
            "type": {"type": "string", "default": {"type": "Not a schema"}},
            "kind": {"title": "Kind of thing"},
            "both": {"title": "Both"},
            "many": {"type": ["string", "null"]},
        },
        "enum": [{"type": "data"}],
    }

