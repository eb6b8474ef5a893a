"""GET /api/v2/active_directory/{username}: a user's login, full name and email, from Active Directory."""

from __future__ import annotations

from flask import Response
from flask_smorest import Blueprint

from aind_metadata_service.inputs import name_path
from aind_metadata_service.render import v2
from aind_metadata_service.sources.active_directory import SOURCE as AD
from aind_metadata_service.sources.active_directory.mappers import to_user

bp = Blueprint("active_directory", __name__, description="Users from Active Directory, read over LDAP")

_UserPath = name_path("username", "jane.doe")
USER = {
    "type": "object",
    "properties": {"username": {"type": "string"}, "full_name": {"type": "string"}, "email": {"type": "string"}},
}
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
RESPONSES = {
    "200": {"description": "The user", "content": {"application/json": {"schema": USER}}},
    **{
        str(code): {"description": text, "content": {"application/json": {"schema": DETAIL}}}
        for code, text in {
            404: "No user has that login or full name",
            409: "Several users have that full name; ask by login",
            503: "Active Directory is unreachable, rejects the service account, or is not configured",
        }.items()
    },
}


@bp.route("/api/v2/active_directory/<username>")
@bp.arguments(_UserPath, location="path", as_kwargs=True, error_status_code=422)
@bp.doc(responses=RESPONSES)
def get_active_directory(username: str) -> Response:
    """The user whose login (sAMAccountName) or full name (cn) this is: username, full_name, email."""
    found = AD.client().user(username)
    return v2.body(200, to_user(found)) if found else v2.detail(404, v2.NOT_FOUND)
