"""The service's own routes: the search page and /healthz (OpenAPI is served by flask-smorest)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, render_template
from flask_smorest import Blueprint

from aind_metadata_service import __version__
from aind_metadata_service.context import fanout, state

bp = Blueprint("meta", __name__, description="The search page and the health of every source")


@bp.route("/")
@bp.doc(summary="A search page with a box per endpoint")
def index() -> str:
    """The search page."""
    return render_template("index.html", version=__version__)


@bp.route("/healthz")
@bp.doc(summary="Each configured source's state, checked cheaply and concurrently")
def healthz() -> Response:
    """Each source's state: ok, not configured, or its failure message."""
    clients: dict[str, Any] = state()["clients"]
    titles: dict[str, str] = state()["titles"]
    live = {titles[name]: c.ping for name, c in clients.items() if c is not None}
    gathered = fanout().gather(live, deadline_s=5)
    sources = {
        titles[name]: (
            "not configured"
            if c is None
            else "ok"
            if titles[name] in gathered.results
            else gathered.failures[titles[name]].message
        )
        for name, c in clients.items()
    }
    healthy = not gathered.failures
    body = {"status": "ok" if healthy else "degraded", "version": __version__, "sources": sources}
    return jsonify(body)
