"""Strict reading of the client's answers: anything but a clean 200 raises, saying what went wrong."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlparse

import requests

# Answers that carry data but warn: a source failed (207), several records where one was promised (300),
# or data that fails validation against aind-data-schema (406). raise_for_status() lets all three through.
WARNINGS = {207: "partial", 300: "ambiguous", 406: "invalid"}
SHOWN_ERRORS = 5


class MetadataServiceError(Exception):
    """An answer a notebook should not use as if it were clean.

    `status_code`, `message` (the envelope's, which names failed sources), `errors` (validation errors, each
    `{"loc", "msg", "type"}`), `data` (what the answer held anyway) and the `response`.
    """

    def __init__(self, response: requests.Response) -> None:
        body = _body(response)
        self.response = response
        self.status_code = response.status_code
        self.message = _message(response, body)
        self.errors: list[dict[str, Any]] = _errors(response, body)
        self.data = body.get("data") if isinstance(body, dict) and "message" in body else body
        super().__init__(self._text())

    def _text(self) -> str:
        """One paragraph: the status, the route, the message and the first few errors."""
        path = urlparse(self.response.url or "").path or "?"
        kind = WARNINGS.get(self.status_code, "error")
        text = f"{self.status_code} ({kind}) from {path}: {self.message}"
        shown = [f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg', '')}" for e in self.errors]
        if shown:
            more = len(shown) - SHOWN_ERRORS
            text += "\n  " + "\n  ".join(shown[:SHOWN_ERRORS]) + (f"\n  ... and {more} more" if more > 0 else "")
        return text


def check(response: requests.Response) -> requests.Response:
    """The response when it is a clean answer; otherwise raise.

    :raises MetadataServiceError: on 207, 300 and 406 (data with a warning) and on every 4xx and 5xx.
    """
    if response.status_code in WARNINGS or response.status_code >= 400:
        raise MetadataServiceError(response)
    return response


def data(response: requests.Response) -> Any:
    """The answer's `data` (or, from /api/v2, its bare body), once `check` has passed it.

    :raises MetadataServiceError: as `check` does.
    """
    body = _body(check(response))
    return body["data"] if isinstance(body, dict) and "message" in body and "data" in body else body


def _body(response: requests.Response) -> Any:
    """The JSON body, or None when there is none."""
    try:
        return response.json()
    except ValueError:
        return None


def _message(response: requests.Response, body: Any) -> str:
    """The envelope's message, /api/v2's detail or X-Error-Message, or the HTTP reason."""
    if isinstance(body, dict):
        for key in ("message", "detail"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])
        if isinstance(body.get("detail"), list):  # /api/v2's 422: a list of validation errors
            return "the request was not valid"
    header = response.headers.get("X-Error-Message")
    if header and not header.startswith("["):
        return header
    text = "" if body is not None else response.text.strip()[:200]
    return text or response.reason or "no message"


def _errors(response: requests.Response, body: Any) -> list[dict[str, Any]]:
    """Validation errors from the envelope, /api/v2's 422 detail, or its X-Error-Message header."""
    if isinstance(body, dict):
        for key in ("errors", "detail"):
            if isinstance(body.get(key), list):
                return [e for e in body[key] if isinstance(e, dict)]
    header = response.headers.get("X-Error-Message", "")
    if header.startswith("["):
        try:
            parsed = json.loads(header)
        except ValueError:
            return []
        return [e for e in parsed if isinstance(e, dict)]
    return []
