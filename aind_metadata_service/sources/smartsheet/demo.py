"""The Smartsheet demo, at the transport: the same client and parsing as production, on the demo files."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import requests
from pydantic import SecretStr

from aind_metadata_service.cache import Cache
from aind_metadata_service.demo.transport import Demo, DemoAdapter
from aind_metadata_service.sources.base import http_session
from aind_metadata_service.sources.smartsheet.client import (
    COLUMNS,
    SheetRef,
    SmartsheetClient,
)

DEMO_FILES = {name: f"smartsheet/{name}.json" for name in COLUMNS}  # the ExaSPIM sheets too
DEMO_TOKEN = SecretStr("demo-token")
_SHEET_PATH = re.compile(r"^/2\.0/sheets/(\d+)(/version)?/?$")


class SmartsheetDemoAdapter(DemoAdapter):
    """Answers GET /2.0/sheets/{id} and /2.0/sheets/{id}/version from the demo files, as Smartsheet would."""

    def __init__(self, demo: Demo) -> None:
        super().__init__("smartsheet", demo)
        self.files = {int(demo.load_json(path)["id"]): path for path in DEMO_FILES.values()}

    def answer(self, request: requests.PreparedRequest) -> tuple[int, Any]:
        """Smartsheet's answer: 401 without a bearer token, 404 for an unknown sheet, else the sheet."""
        if not str(request.headers.get("Authorization", "")).startswith("Bearer "):
            return 401, {"errorCode": 1002, "message": "Your Access Token is invalid.", "refId": "demo"}
        match = _SHEET_PATH.match(urlsplit(request.url or "").path)
        sheet_id = int(match.group(1)) if match else None
        if request.method != "GET" or sheet_id not in self.files:
            return 404, {"errorCode": 1006, "message": "Not Found", "refId": "demo"}
        sheet = self.demo.load_json(self.files[sheet_id])
        return 200, ({"version": sheet.get("version")} if match and match.group(2) else sheet)


def demo_client(demo: Demo, cache: Cache | None = None) -> SmartsheetClient:
    """A client on the demo's sheet files, through the same HTTP code as production."""
    adapter = SmartsheetDemoAdapter(demo)
    ids = {path: sheet_id for sheet_id, path in adapter.files.items()}
    sheets = {name: SheetRef(ids[path], DEMO_TOKEN) for name, path in DEMO_FILES.items()}
    return SmartsheetClient(sheets, cache=cache, session=http_session(adapter))
