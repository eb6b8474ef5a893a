"""GET /subjects/{subject_id}: one subject on one HTML page, from the same answers the JSON routes give."""

from __future__ import annotations

import threading
from datetime import date

from flask import Flask, current_app, render_template
from flask_smorest import Blueprint

from aind_metadata_service.compose import water_restriction_source
from aind_metadata_service.inputs import DIGITS_PATTERN, SubjectPath
from aind_metadata_service.pages import skull, view_model
from aind_metadata_service.pages.view_model import Answer

bp = Blueprint("pages", __name__, description="Pages for people: one per subject, rendered on the server")

HTML = {"Content-Type": "text/html; charset=utf-8"}
SUBJECT_ID = {"type": "string", "pattern": DIGITS_PATTERN, "example": "775745"}
PAGES = {
    200: "The subject's page",
    400: "A page saying the id is malformed",
    404: "A page saying nothing is known of the id",
    500: "A page saying which source failed, when every source that knows the subject failed",
    503: "A page saying which sources are unreachable, when every source that knows the subject is",
}


def dispatch(app: Flask, path: str) -> Answer:
    """A root route's answer, dispatched in-process exactly as a request for `path` would be (cache included)."""
    with app.test_request_context(path):
        response = app.full_dispatch_request()
    body = response.get_json(silent=True)
    return Answer(response.status_code, body if isinstance(body, dict) else {}, dict(response.headers))


def both(subject_id: str) -> tuple[Answer, Answer]:
    """/subject and /procedures for one id, at once: the page takes as long as the slower of the two."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    found: dict[str, Answer] = {}
    worker = threading.Thread(target=lambda: found.setdefault("subject", dispatch(app, f"/subject/{subject_id}")))
    worker.start()
    procedures = dispatch(app, f"/procedures/{subject_id}")
    worker.join()
    return found["subject"], procedures


# The id documented as the JSON routes document it; a malformed one gets the 400 page, not webargs' JSON.
@bp.route("/subjects/<subject_id>", parameters=[{"in": "path", "name": "subject_id", "schema": SUBJECT_ID}])
@bp.doc(
    summary="An HTML page for one subject: card, timeline, injection sites, problems in plain words",
    responses={
        str(code): {"description": text, "content": {"text/html": {"schema": {"type": "string"}}}}
        for code, text in PAGES.items()
    },
)
def subject_page(subject_id: str) -> tuple[str, int, dict[str, str]]:
    """The page; a malformed id gives a 400 page and an unknown one a 404 page, both HTML."""
    wrong = SubjectPath().validate({"subject_id": subject_id}).get("subject_id")
    if wrong:
        page = view_model.bad_id(subject_id, "; ".join(map(str, wrong)))
    else:
        canonical = SubjectPath().load({"subject_id": subject_id})["subject_id"]  # as the JSON routes read it
        water = water_restriction_source()
        page = view_model.build(canonical, *both(canonical), today=date.today(), water=water)
    drawing = {"outline": skull.OUTLINE, "bulbs": skull.BULBS, "grid": skull.grid(page.box)}
    html = render_template("subject.html", page=page, **drawing)
    return html, page.status, HTML
