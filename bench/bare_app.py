"""The baseline: a bare Flask app that returns fixed bytes from BENCH_BODY_FILE at every path."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, Response


def create_bare() -> Flask:
    """A Flask app with one catch-all route and no other work."""
    body = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
    app = Flask(__name__)

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def fixed(path: str) -> Response:
        return Response(body, mimetype="application/json")

    return app
