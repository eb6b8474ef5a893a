"""GET /subjects/{subject_id} on the demo: HTML from the same answers as the JSON routes, never a traceback."""

from __future__ import annotations

import re
import sqlite3
import time
from typing import Any

import pytest
from flask.testing import FlaskClient


def page(client: FlaskClient, subject_id: str) -> tuple[int, str, str]:
    """Status, content type and text of a subject page."""
    response = client.get(f"/subjects/{subject_id}")
    return response.status_code, response.content_type, response.get_data(as_text=True)


def test_775745_shows_its_card_timeline_sites_and_sources(client: FlaskClient) -> None:
    status, kind, html = page(client, "775745")
    assert (status, kind) == (200, "text/html; charset=utf-8")
    assert 'id="card"' in html and "Age at perfusion" in html and "Slc17a7-IRES2-Cre/wt" in html
    for source in ("LabTracks", "MGI", "SharePoint NSB", "Smartsheet", "SLIMS", "Dataverse"):
        assert f">{source}</span>" in html, source
    for kind_ in ("surgery", "perfusion", "water", "specimen"):
        assert f'data-kind="{kind_}"' in html, kind_
    assert html.count('<g class="site"') == 3 and "VT3214G" in html
    assert "https://www.informatics.jax.org/allele/MGI:5450492" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org", "")


def test_the_water_restriction_is_badged_where_procedures_took_it_from(make_app: Any) -> None:
    def badge(app: Any) -> str:
        html = page(app.test_client(), "775745")[2]
        water = html[html.index('data-kind="water"') :]
        return re.search(r'class="badge[^"]*">([^<]+)</span>', water).group(1)  # type: ignore[union-attr]

    with_dataverse = make_app()
    without = make_app()
    without.extensions["aind_metadata_service"].clients["dataverse"] = None
    assert (badge(with_dataverse), badge(without)) == ("Dataverse", "SLIMS")


def test_an_exaspim_specimen_is_badged_exaspim(client: FlaskClient) -> None:
    html = page(client, "790233")[2]
    assert ">Smartsheet ExaSPIM</span>" in html and 'data-kind="specimen"' in html


def test_the_download_buttons_give_the_bytes_of_the_root_routes(client: FlaskClient) -> None:
    html = page(client, "775745")[2]
    for name, route in (("subject.json", "/subject/775745"), ("procedures.json", "/procedures/775745")):
        assert f'download="{name}" href="{route}"' in html
        assert client.get(route).get_data() == client.get(route).get_data()  # what a notebook gets, from the cache
    assert 'href="/api/v2/subject/775745"' in html and 'href="/api/v2/procedures/775745"' in html


def test_with_sharepoint_down_the_page_says_so_and_that_surgeries_may_be_missing(make_app: Any) -> None:
    status, _, html = page(make_app(DEMO_FAIL="sharepoint").test_client(), "775745")
    assert status == 200
    assert (
        "SharePoint is unreachable (NSB 2023 list): surgeries (injections, implants, headframes, craniotomies) may be missing."
        in html
    )
    assert 'data-kind="perfusion"' in html and 'data-kind="surgery"' not in html


def test_a_406_subject_shows_its_validation_errors_in_plain_words(client: FlaskClient) -> None:
    status, _, html = page(client, "640002")
    assert status == 200
    assert "The subject fails aind-data-schema validation (1 problem)" in html
    assert "Subject Details → Sex is missing" in html


def test_a_406_procedures_names_the_surgery_and_field(client: FlaskClient) -> None:
    html = page(client, "566781")[2]
    assert (
        "Surgery 1 (2021-06-22) → Probe implant 2 → Implanted device (as fiber probe) → Numerical aperture is missing"
        in html
    )


def test_a_stale_answer_says_how_old_it_is(make_app: Any) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0.01)
    client = app.test_client()
    assert page(client, "775745")[0] == 200

    def down() -> None:
        raise sqlite3.OperationalError("server closed the connection")

    app.extensions["aind_metadata_service"].clients["labtracks"]._before_query = down
    time.sleep(0.02)
    html = page(client, "775745")[2]
    assert "The subject is 0 seconds old: served from the cache because LabTracks is unreachable." in html


@pytest.mark.parametrize(
    ("subject_id", "status", "said"),
    [
        ("abc", 400, "&#39;abc&#39; is not a subject id: it must be a LabTracks id: 1 to 18 digits, nothing else."),
        ("1234567890123456789", 400, "1 to 18 digits"),
        ("٧٧٥٧٤٥", 400, "1 to 18 digits"),
        ("999999", 404, "No subject found for 999999."),
    ],
)
def test_bad_and_unknown_ids_get_an_html_page_not_a_traceback(
    client: FlaskClient, subject_id: str, status: int, said: str
) -> None:
    got, kind, html = page(client, subject_id)
    assert (got, kind) == (status, "text/html; charset=utf-8")
    assert said in html and "Traceback" not in html


def test_an_id_is_escaped_not_interpreted(client: FlaskClient) -> None:
    status, _, html = page(client, "<i>x")
    assert status == 400 and "<i>x" not in html and "&lt;i&gt;x" in html


def test_the_search_page_links_subject_answers_to_their_page(client: FlaskClient) -> None:
    index = client.get("/").get_data(as_text=True)
    assert re.search(r'page\.href = "subjects/"', index)
