"""/docs and /redoc load Swagger UI and ReDoc from this service, never from a CDN."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_documentation_pages_load_every_script_and_style_from_this_service(client: FlaskClient, page: str) -> None:
    html = client.get(page).get_data(as_text=True)
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/docs/") for a in assets), assets
    for asset in assets:
        with client.get(asset) as served:
            assert served.status_code == 200, asset
            assert served.mimetype in {"text/javascript", "text/css"}
            assert "max-age" in served.headers["Cache-Control"]


def test_swagger_ui_is_told_not_to_ask_the_online_validator(client: FlaskClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").get_data(as_text=True)


def test_the_bundles_travel_compressed_and_revalidate_with_their_etag(client: FlaskClient) -> None:
    bundle = "/docs/swagger-ui/swagger-ui-bundle.js"
    first = client.get(bundle, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip" and len(first.data) < 600_000  # 1.7 MB as it is
    assert client.get(bundle, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize(
    "path", ["/docs/elsewhere/x.js", "/docs/swagger-ui/", "/docs/swagger-ui/../../../setup.cfg", "/docs/redoc/nope.js"]
)
def test_only_files_of_the_two_bundles_are_served(client: FlaskClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 404
    assert answer.json is not None and answer.json["data"] is None
