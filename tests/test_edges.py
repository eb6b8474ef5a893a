"""Edges: 405 says what is allowed, over-long lines get the envelope, a missing ODBC driver is named, tokens at boot."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine

from aind_metadata_service import serving
from aind_metadata_service.boot import warm
from aind_metadata_service.sources import azure
from aind_metadata_service.sources.labtracks.client import LabTracksClient, LabTracksError, LabTracksSettings


@pytest.mark.parametrize("path", ["/subject/775745", "/api/v2/subject/775745"])
def test_a_405_says_which_methods_are_allowed_in_both_dialects(client: Any, path: str) -> None:
    response = client.post(path)
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert response.is_json


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        (LimitRequestLine(9000, 8190), 414, "The request line is longer than 8190 bytes."),
        (LimitRequestHeaders("Limit request headers fields size"), 431, "A request header is longer than 8190 bytes."),
    ],
)
def test_an_over_long_request_line_or_header_gets_the_envelope(error: Exception, status: int, message: str) -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        worker = SimpleNamespace(log=SimpleNamespace(warning=lambda *a: None, debug=lambda *a: None))
        serving.EnvelopeWorker.handle_error(worker, None, ours, ("127.0.0.1", 1), error)  # type: ignore[arg-type]
        head, body = theirs.recv(4096).split(b"\r\n\r\n", 1)
    assert head.startswith(f"HTTP/1.1 {status} ".encode()) and b"Content-Type: application/json" in head
    assert json.loads(body) == {"message": message, "data": None}


def test_gunicorn_limits_and_the_readme_nginx_sample_agree() -> None:
    text = (Path(serving.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert serving.limit_request_line == serving.limit_request_field_size == 8190
    # nginx passes lines up to 32 KiB (long names ride in the URL); gunicorn answers those over 8190 bytes in JSON
    assert "large_client_header_buffers 4 32k;" in text and "answers longer ones with the JSON envelope" in text


class OdbcError(Exception):
    """What pyodbc raises when unixODBC cannot load the driver."""


def test_a_missing_odbc_driver_is_a_503_naming_labtracks_and_the_driver() -> None:
    def connect() -> Any:
        raise OdbcError("01000", "[01000] [unixODBC][Driver Manager]Can't open lib 'ODBC Driver 18' : file not found")

    client = LabTracksClient(connect, (OdbcError,), driver="{ODBC Driver 18}")
    with pytest.raises(LabTracksError) as e:
        client.subject_rows(775745)
    assert (e.value.status, e.value.message) == (
        503,
        "LabTracks cannot be reached: ODBC driver {ODBC Driver 18} is not installed",
    )


def test_a_missing_odbc_driver_through_pyodbc_is_named_too() -> None:
    pytest.importorskip("pyodbc")
    settings = LabTracksSettings.model_validate(
        {
            "LABTRACKS_ODBC_DRIVER": "{NoSuchDriver}",
            "LABTRACKS_SERVER": "127.0.0.1",
            "LABTRACKS_DATABASE": "LabTracks",
            "LABTRACKS_USER": "reader",
            "LABTRACKS_TIMEOUT_S": 1,
        }
    )
    with pytest.raises(LabTracksError) as e:
        LabTracksClient.from_settings(settings).subject_rows(775745)
    assert e.value.status == 503 and "ODBC driver {NoSuchDriver} is not installed" in e.value.message


def test_a_query_error_still_is_a_500() -> None:
    def broken() -> Any:
        raise sqlite3.ProgrammingError("no such table: ANIMALS_COMMON")

    with pytest.raises(LabTracksError) as e:
        LabTracksClient(broken, (sqlite3.Error,)).subject_rows(1)
    assert e.value.status == 500


def test_a_booted_worker_has_its_tokens_and_its_first_procedures_asks_for_none(
    make_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0)
    assert warm(app) == {"sharepoint": "ok", "tars": "ok", "dataverse": "ok"}
    posts: list[str] = []
    original = azure._TimedHttp.post
    monkeypatch.setattr(
        azure._TimedHttp, "post", lambda self, url, **kw: posts.append(url) or original(self, url, **kw)
    )
    assert app.test_client().get("/procedures/775745").status_code == 200
    assert posts == []  # no token request on the way


def test_a_source_that_cannot_sign_in_at_boot_is_reported_not_raised(make_app: Any) -> None:
    found = warm(make_app(DEMO_FAIL="tars"))
    assert found["tars"] == "TARS is unreachable" and found["sharepoint"] == "ok"
