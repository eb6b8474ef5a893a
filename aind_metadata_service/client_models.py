"""aind-data-schema models from the client's answers, when the schema is installed (the `models` extra)."""

from __future__ import annotations

from importlib import import_module
from typing import Any
from urllib.parse import urlparse

import requests

from aind_metadata_service.client_strict import data

# Not PyPI's aind-metadata-service: that name holds an unrelated 0.24.0.
INSTALL = (
    'pip install "./[client,models]" in a clone of this repository, '
    'or pip install "aind-metadata-service[client,models] @ git+<its URL>"'
)

# The first path segment of a route (after /api/v2/) -> the aind-data-schema model its data holds.
MODELS: dict[str, str] = {
    "subject": "aind_data_schema.core.subject:Subject",
    "procedures": "aind_data_schema.core.procedures:Procedures",
    "perfusions": "aind_data_schema.components.subject_procedures:Surgery",
    "tars_injection_materials": "aind_data_schema.components.injection_procedures:ViralMaterial",
    "funding": "aind_data_schema.core.data_description:Funding",
    "investigators": "aind_data_schema.components.identifiers:Person",
    "mgi_allele": "aind_data_schema_models.pid_names:PIDName",
    "instrument": "aind_data_schema.core.instrument:Instrument",
}


def model_for(route: str) -> type[Any]:
    """The model class a route's data holds, imported on first use.

    :raises ValueError: when the route's data is not an aind-data-schema model.
    :raises ImportError: when aind-data-schema is not installed, saying how to install it.
    """
    if route not in MODELS:
        raise ValueError(f"/{route} answers plain data, not an aind-data-schema model: use client.data(response)")
    module, name = MODELS[route].split(":")
    try:
        return getattr(import_module(module), name)
    except ImportError as e:
        raise ImportError(f"aind-data-schema is needed for models: {INSTALL}") from e


def models(response: requests.Response) -> Any:
    """The answer's data as aind-data-schema models: one model, or a list for plural routes.

    :raises MetadataServiceError: on 207, 300, 406 and every 4xx and 5xx, as `check` does.
    :raises ValueError: when the route has no aind-data-schema model.
    """
    segments = [s for s in urlparse(response.url).path.split("/") if s]
    route = segments[2] if segments[:2] == ["api", "v2"] and len(segments) > 2 else (segments or [""])[0]
    model = model_for(route)
    found = data(response)
    if isinstance(found, list):
        return [model.model_validate(item) for item in found]
    return model.model_validate(found)
