"""Swagger UI and ReDoc served from installed packages, so /docs and /redoc work with no network."""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort
from werkzeug.security import safe_join

# (package, folder inside it): flask-swagger-ui ships Swagger UI's dist build, flask-openapi3-redoc
# ReDoc's standalone bundle. Neither is imported; only their files are read.
BUNDLES: dict[str, tuple[str, str]] = {
    "swagger-ui": ("flask_swagger_ui", "dist"),
    "redoc": ("flask_openapi3_redoc", "templates/redoc/js"),
}
ASSETS_MAX_AGE_S = 86400

# flask-smorest renders the pages; these settings point them at the files below instead of a CDN.
OPENAPI_PAGES: dict[str, Any] = {
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/swagger-ui/",
    # Swagger UI otherwise asks validator.swagger.io to check the description, which leaves the network.
    "OPENAPI_SWAGGER_UI_CONFIG": {"validatorUrl": None},
    "OPENAPI_REDOC_PATH": "redoc",
    "OPENAPI_REDOC_URL": "/docs/redoc/redoc.standalone.js",
}

bp = Blueprint("docs_assets", __name__)


def bundle_dir(name: str) -> Path | None:
    """Where an installed bundle's files are, or None when its package is not installed."""
    package, folder = BUNDLES[name]
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / folder


@lru_cache(maxsize=32)
def _read(path: str) -> bytes:
    """A bundle file's bytes, read once per process (a handful of files, 2 MB at most each)."""
    return Path(path).read_bytes()


@bp.route("/docs/<path:filename>")
def asset(filename: str) -> Response:
    """One file of Swagger UI or ReDoc, e.g. /docs/swagger-ui/swagger-ui-bundle.js.

    Answered from memory rather than streamed from disk, so compression and ETags apply like on any answer.
    """
    name, _, rest = filename.partition("/")
    directory = bundle_dir(name) if name in BUNDLES else None
    path = safe_join(str(directory), rest) if directory is not None and rest else None
    if path is None or not Path(path).is_file():
        abort(404)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    answer = Response(_read(path), mimetype=mimetype)
    answer.headers["Cache-Control"] = f"public, max-age={ASSETS_MAX_AGE_S}"
    return answer
