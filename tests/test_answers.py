"""Whole answers cached briefly, and served stale while the source is down, saying so."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from flask import Flask

from tests.conftest import redis_on


def switch_off_labtracks(app: Flask) -> None:
    """Make every later LabTracks query fail as a dropped server would."""

    def down() -> None:
        raise sqlite3.OperationalError("server closed the connection")

    app.extensions["aind_metadata_service"].clients["labtracks"]._before_query = down


def test_a_repeated_question_is_answered_from_the_cache(make_app: Any) -> None:
    app = make_app()
    client = app.test_client()
    first = client.get("/subject/775745")
    switch_off_labtracks(app)
    again = client.get("/subject/775745")
    assert (first.headers["X-Cache"], again.headers["X-Cache"]) == ("miss", "hit")
    assert again.status_code == 200 and again.get_data() == first.get_data()


def test_an_expired_answer_is_served_stale_when_the_source_is_down_and_says_so(make_app: Any) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0.01)
    client = app.test_client()
    assert client.get("/subject/775745").status_code == 200
    switch_off_labtracks(app)
    time.sleep(0.02)
    stale = client.get("/subject/775745")
    assert stale.status_code == 200
    assert stale.headers["X-Cache"] == "stale" and stale.headers["Warning"] == '110 - "Response is Stale"'
    assert stale.json["message"].startswith("Served from cache (0 s old) because LabTracks is unreachable.")
    assert stale.json["data"]["subject_id"] == "775745"


def test_without_a_cached_answer_a_down_source_is_still_503(make_app: Any) -> None:
    app = make_app()
    switch_off_labtracks(app)
    assert app.test_client().get("/subject/775745").status_code == 503


def test_bad_input_and_failures_are_never_cached(make_app: Any) -> None:
    app = make_app(DEMO_FAIL="labtracks")
    client = app.test_client()
    assert client.get("/subject/775745").status_code == 503
    app.extensions["aind_metadata_service"].clients["labtracks"]._before_query = lambda: None
    assert client.get("/subject/775745").status_code == 200
    assert client.get("/subject/abc").status_code == 400


def test_a_zero_ttl_turns_the_answer_cache_off(make_app: Any) -> None:
    app = make_app(ANSWER_CACHE_TTL_S=0)
    client = app.test_client()
    client.get("/subject/775745")
    switch_off_labtracks(app)
    assert client.get("/subject/775745").status_code == 503


def test_two_workers_share_answers_through_redis(make_app: Any) -> None:
    import uuid

    import redis

    url = redis_on(14)  # a database of this test's own: it starts empty
    redis.Redis.from_url(url).flushdb()
    first, second = make_app(REDIS_URL=url), make_app(REDIS_URL=url)
    subject = f"/subject/775745?nonce={uuid.uuid4().hex}"
    assert first.test_client().get(subject).headers["X-Cache"] == "miss"
    switch_off_labtracks(second)
    response = second.test_client().get(subject)
    assert (response.status_code, response.headers["X-Cache"]) == (200, "hit")
